// File: tests/conformance/terminology_cache_test.cc
// Terminology answers code system and value set look-ups through a per-thread cache. A change
// to the terminology must never be hidden by an answer cached before it, and two terminologies
// must never share answers.
#include "conformance/terminology.h"
#include "fhir/json_reader.h"
#include "gtest/gtest.h"

namespace conformance {
namespace {

fhir::Document CodeSystem(std::string_view url, std::string_view code) {
  return fhir::ReadJson(fhir::Concat(R"({"resourceType":"CodeSystem","url":")", url,
                                     R"(","status":"active","content":"complete","concept":[{"code":")", code,
                                     R"(","display":"D"}]})"));
}

TEST(TerminologyCacheTest, AnswersFollowChangesAndStayWithTheirTerminology) {
  const std::string url = "http://example.org/fhir/CodeSystem/cache-test";
  Terminology first;
  EXPECT_EQ(first.FindCodeSystem(url), nullptr);  // the miss is cached...
  fhir::Document cs = CodeSystem(url, "a");
  ASSERT_NE(cs.root(), nullptr);
  first.AddCodeSystem(*cs.root());
  const CodeSystemInfo* found = first.FindCodeSystem(url);  // ...and the change renews it
  ASSERT_NE(found, nullptr);
  EXPECT_TRUE(found->display.contains("a"));
  EXPECT_EQ(first.FindCodeSystem(url + "|1.0"), found);  // versions are ignored

  Terminology second;  // same url, another terminology: its own answer
  EXPECT_EQ(second.FindCodeSystem(url), nullptr);
  fhir::Document other = CodeSystem(url, "b");
  second.AddCodeSystem(*other.root());
  ASSERT_NE(second.FindCodeSystem(url), nullptr);
  EXPECT_TRUE(second.FindCodeSystem(url)->display.contains("b"));
  EXPECT_TRUE(first.FindCodeSystem(url)->display.contains("a"));

  Terminology overlay;  // a fallback set after a miss is consulted from then on
  EXPECT_EQ(overlay.FindCodeSystem(url), nullptr);
  overlay.set_fallback(&first);
  EXPECT_EQ(overlay.FindCodeSystem(url), found);
}

}  // namespace
}  // namespace conformance
