// File: tests/conformance/context_names_test.cc
// The invariant guard (context_names.h): which expressions may be skipped on elements without
// the children they name, and that the constant they are skipped with is what a full
// evaluation on such an element gives.
#include <string>
#include <vector>

#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/context_names.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/format.h"
#include "fhir/json_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace conformance::fhirpath {
namespace {

using ::testing::ElementsAre;

// The names, or "no guard".
std::vector<std::string> Names(std::string_view text) {
  auto expr = Expression::Parse(text);
  EXPECT_TRUE(expr.ok()) << text;
  std::vector<std::string> names;
  if (!expr.ok() || !ContextNames(**expr, &names)) return {"no guard"};
  return names;
}

TEST(ContextNamesTest, ChildNamesOfTheContextGuard) {
  EXPECT_THAT(Names("code.empty() or system.exists()"), ElementsAre("code", "system"));
  EXPECT_THAT(Names("extension.exists() != value.exists()"), ElementsAre("extension", "value"));
}

TEST(ContextNamesTest, TheResourceInsideAPerItemArgumentStillGuards) {
  // dom-3 and obs-7: %resource is read only for contained resources / components.
  EXPECT_THAT(Names("contained.where(('#' + id in %resource.descendants().reference).not()).empty()"),
              ElementsAre("contained"));
  EXPECT_THAT(Names("value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()"),
              ElementsAre("value", "component"));
  EXPECT_THAT(Names("entry.all(request.exists() = (%resource.type = 'batch'))"), ElementsAre("entry"));
}

TEST(ContextNamesTest, WhatReachesBeyondTheNamedChildrenDoesNotGuard) {
  EXPECT_THAT(Names("%resource.contained.empty()"), ElementsAre("no guard"));
  EXPECT_THAT(Names("contained.empty() or %rootResource.text.exists()"), ElementsAre("no guard"));
  EXPECT_THAT(Names("$this.value.exists()"), ElementsAre("no guard"));
  EXPECT_THAT(Names("hasValue()"), ElementsAre("no guard"));
  // aggregate() evaluates its initial value even on an empty input.
  EXPECT_THAT(Names("item.aggregate($total + 1, %resource.count()) > 0"), ElementsAre("no guard"));
  EXPECT_THAT(Names("item.aggregate($total + 1, 0) > 0"), ElementsAre("item"));
}

// The sets of names whose absence alone makes an expression hold.
std::vector<std::vector<std::string>> Sufficient(std::string_view text) {
  auto expr = Expression::Parse(text);
  EXPECT_TRUE(expr.ok()) << text;
  if (!expr.ok()) return {{"parse error"}};
  std::vector<std::vector<std::string>> sets;
  for (const SufficientAbsence& a : SufficientAbsences(**expr)) sets.push_back(a.names);
  return sets;
}

TEST(SufficientAbsencesTest, DisjunctsTrueWithoutTheirNames) {
  using Sets = std::vector<std::vector<std::string>>;
  // obs-7: without a value, or without components, it holds.
  EXPECT_EQ(Sufficient("value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()"),
            (Sets{{"value"}, {"component"}}));
  // per-1: a disjunct that is false or empty without its names does not count.
  EXPECT_EQ(Sufficient("start.hasValue().not() or end.hasValue().not() or (start <= end)"), (Sets{{"start"}, {"end"}}));
  EXPECT_EQ(Sufficient("code.exists() or system.exists()"), Sets{});
  // A disjunct that reaches beyond its names is left out; the others still count.
  EXPECT_EQ(Sufficient("%resource.status = 'final' or note.empty()"), (Sets{{"note"}}));
  // Not an `or` chain: nothing.
  EXPECT_EQ(Sufficient("value.empty() and note.empty()"), Sets{});
}

TEST(SufficientAbsencesTest, ImpliesWithoutItsConditionOrWithItsConsequence) {
  using Sets = std::vector<std::vector<std::string>>;
  EXPECT_EQ(Sufficient("code.exists() implies system.exists()"), (Sets{{"code"}}));
  // The consequence counts as a whole: true without both names.
  EXPECT_EQ(Sufficient("code.empty() implies (text.empty() or system.exists())"), (Sets{{"text", "system"}}));
}

// On an element without the named children, a full evaluation (with %resource set) gives the
// result the guard stands for: the one on an empty element, with no %resource at all.
TEST(ContextNamesTest, TheGuardedConstantIsTheFullEvaluationsResult) {
  fhir::Document doc = fhir::ReadJson(R"({"resourceType":"Observation","status":"final","code":{"text":"x"}})");
  ASSERT_NE(doc.root(), nullptr);
  const fhir::Element kEmpty{};
  for (std::string_view text :
       {"contained.where(('#' + id in %resource.descendants().reference).not()).empty()",
        "value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()",
        "component.where(code = %resource.code).exists()", "component.all(%resource.status = 'final')"}) {
    auto expr = Expression::Parse(text);
    ASSERT_TRUE(expr.ok()) << text;
    std::vector<std::string> names;
    ASSERT_TRUE(ContextNames(**expr, &names)) << text;
    ASSERT_FALSE(HasAnyChild(*doc.root(), names)) << text;
    Environment full;
    full.resource.push_back(Item::Node(doc.root(), "Observation"));
    Collection on_resource{Item::Node(doc.root(), "Observation")}, out_full;
    full.context = on_resource;
    ASSERT_TRUE(Evaluation(full).Run(**expr, on_resource, &out_full).ok()) << text;
    Environment none;
    Collection on_empty{Item::Node(&kEmpty, {})}, out_empty;
    ASSERT_TRUE(Evaluation(none).Run(**expr, on_empty, &out_empty).ok()) << text;
    EXPECT_EQ(ResultJson(out_full), ResultJson(out_empty)) << text;
  }
}

// The masks only skip: a set finds exactly the children the plain name list finds, choice
// stems included (short ones too), whatever bits the names share or collide on.
TEST(ChildNameSetTest, FindsWhatTheNameListFinds) {
  fhir::Document doc = fhir::ReadJson(
      R"({"resourceType":"Observation","status":"final","valueQuantity":{"value":1},"!odd":1,)"
      R"("Apple":2,"code":{"text":"x"},"effectivePeriod":{"start":"2020"},"a":3,"abXyz":4,"idString":5})");
  ASSERT_NE(doc.root(), nullptr);
  const uint64_t bits = ChildNameBits(*doc.root());
  std::vector<std::vector<std::string>> sets = {
      {}, {"value"}, {"val"}, {"valueQuantity"}, {"component", "hasMember"}, {"effective"}, {"apple"},
      {"Apple"}, {"!odd"}, {"aodd"}, {"a"}, {"ab"}, {"id"}, {"i"}, {"status", "x"}, {"codes"}, {"cod"},
      {"statu", "valueQ"}};
  // Every name of three letters or more that hashes to each bit the element has not set: the
  // mask must rule those out without a false negative elsewhere.
  for (char a = 'a'; a <= 'z'; ++a) sets.push_back({std::string{a, 'z', 'q'}});
  int ruled_out_by_bits = 0;
  for (const std::vector<std::string>& names : sets) {
    const ChildNameSet set(names);
    const bool want = HasAnyChild(*doc.root(), names);
    EXPECT_EQ(HasAnyChild(*doc.root(), set), want) << ::testing::PrintToString(names);
    EXPECT_EQ(HasAnyChild(*doc.root(), set, bits), want) << ::testing::PrintToString(names);
    ruled_out_by_bits += (set.bits & bits) == 0 ? 1 : 0;
  }
  EXPECT_GT(ruled_out_by_bits, 10);  // the mask does rule sets out
  EXPECT_TRUE(HasAnyChild(*doc.root(), ChildNameSet({"value"}), bits));  // a choice by its stem
  EXPECT_FALSE(HasAnyChild(*doc.root(), ChildNameSet({"val"}), bits));   // 'u' is not upper-case
  EXPECT_TRUE(HasAnyChild(*doc.root(), ChildNameSet({"ab"}), bits));     // a short stem of abXyz
  EXPECT_TRUE(HasAnyChild(*doc.root(), ChildNameSet({"id"}), bits));     // of idString
}

}  // namespace
}  // namespace conformance::fhirpath
