// File: tests/conformance/native_invariants_test.cc
// The validator checks ele-1 natively (it applies to every element), and answers ref-1 natively
// where no look-up is needed. This proves the native checks and the published FHIRPath
// expressions agree on every element (every Reference) of the oncology corpus and of the R4
// examples.
#include <filesystem>
#include <sstream>

#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/registry_model.h"
#include "conformance/native_invariants.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"
#include "tests/testing/files.h"

namespace conformance {
namespace {

namespace fs = std::filesystem;
using fhirgw::testing::ReadFile;

// Calls `visit(root, where)` for every resource of the oncology corpus and of the R4 examples.
template <typename Visit>
void ForEachCorpusAndR4Example(Visit visit) {
  std::istringstream corpus(ReadFile(fs::path(FHIRGW_SHARED_DIR) / "testsuites/oncology-corpus/valid.ndjson"));
  std::string line;
  int n = 0;
  while (std::getline(corpus, line)) {
    fhir::Document doc = fhir::ReadJson(line);
    ASSERT_NE(doc.root(), nullptr);
    visit(*doc.root(), "corpus line " + std::to_string(++n));
  }
  for (const auto& entry : fs::directory_iterator(fs::path(FHIRGW_SHARED_DIR) / "testsuites/r4-examples")) {
    if (entry.path().extension() != ".json") continue;
    fhir::Document doc = fhir::ReadJson(ReadFile(entry.path()));
    if (doc.root() != nullptr) visit(*doc.root(), entry.path().filename().string());
  }
}

class Ele1Comparison {
 public:
  Ele1Comparison() : model_(testing::DefaultRegistry()) {
    expr_ = std::move(*fhirpath::Expression::Parse(kEle1Expression));
  }

  // Compares every element under `e` (typed `key`); returns the number compared.
  size_t Compare(const fhir::Element& e, std::string_view key, const std::string& where) {
    size_t n = 0;
    if (!e.is_resource && !e.is_null) {
      fhirpath::Environment env;
      env.model = &model_;
      fhirpath::Evaluation ev(env);
      fhirpath::Collection input, result;
      input.push_back(fhirpath::Item::Node(&e, key));
      EXPECT_TRUE(ev.Run(*expr_, input, &result).ok()) << where;
      const bool fhirpath = result.size() == 1 && result[0].type == fhirpath::ValueType::kBoolean && result[0].boolean;
      EXPECT_EQ(SatisfiesEle1(e), fhirpath) << where;
      ++n;
    }
    for (const fhir::Property& p : e.props()) {
      fhirpath::ChildType ct;
      std::string_view child_key = model_.Child(key, p.name, &ct) ? ct.key : std::string_view();
      for (const fhir::Element& c : p.elements()) {
        n += Compare(c, c.is_resource ? c.resource_type() : child_key, where);
      }
    }
    return n;
  }

 private:
  fhirpath::RegistryModel model_;
  std::unique_ptr<fhirpath::Expression> expr_;
};

TEST(NativeInvariantsTest, Ele1MatchesItsExpressionOnTheCorpusAndTheR4Examples) {
  Ele1Comparison compare;
  size_t elements = 0, empty_ones = 0;
  ForEachCorpusAndR4Example([&](const fhir::Element& root, const std::string& where) {
    elements += compare.Compare(root, root.resource_type(), where);
  });
  // And on elements that break the rule, which real examples do not contain.
  for (std::string_view json : {R"({"resourceType":"Patient","maritalStatus":{"id":"x"}})",
                                R"({"resourceType":"Patient","_birthDate":{"id":"x"}})"}) {
    fhir::Document doc = fhir::ReadJson(json);
    ASSERT_NE(doc.root(), nullptr);
    for (const fhir::Property& p : doc.root()->props()) {
      for (const fhir::Element& c : p.elements()) empty_ones += SatisfiesEle1(c) ? 0 : 1;
    }
    elements += compare.Compare(*doc.root(), "Patient", std::string(json));
  }
  EXPECT_EQ(empty_ones, 2u);
  EXPECT_GT(elements, 400000u);  // 488,182 when written
  std::cout << "ele-1 native vs FHIRPath: " << elements << " elements compared\n";
}

// ref-1's native shortcut: wherever it says the invariant holds, the published expression
// (with %rootResource the resource that holds the reference) evaluates to true.
class Ref1Comparison {
 public:
  Ref1Comparison() : model_(testing::DefaultRegistry()) { expr_ = std::move(*fhirpath::Expression::Parse(kRef1Expression)); }

  // Counts in `shortcut` the References the shortcut answers, in `looked_up` the others.
  void Compare(const fhir::Element& e, const fhir::Element& root, const std::string& where) {
    const fhir::Property* reference = e.is_resource ? nullptr : e.Find("reference");
    if (reference != nullptr && reference->size > 0 && reference->items[0].kind == fhir::ValueKind::kString) {
      fhirpath::Environment env;
      env.model = &model_;
      env.root_resource.push_back(fhirpath::Item::Node(&root, root.resource_type()));
      env.resource = env.root_resource;
      fhirpath::Evaluation ev(env);
      fhirpath::Collection input, result;
      input.push_back(fhirpath::Item::Node(&e, "Reference"));
      env.context = input;
      const bool ok = ev.Run(*expr_, input, &result).ok();
      const bool holds = ok && result.size() == 1 && result[0].type == fhirpath::ValueType::kBoolean && result[0].boolean;
      if (Ref1HoldsWithoutLookUp(e)) {
        EXPECT_TRUE(holds) << where << ": " << reference->items[0].value;
        ++shortcut;
      } else {
        ++looked_up;
      }
    }
    for (const fhir::Property& p : e.props()) {
      for (const fhir::Element& c : p.elements()) Compare(c, c.is_resource ? c : root, where);
    }
  }
  size_t shortcut = 0, looked_up = 0;

 private:
  fhirpath::RegistryModel model_;
  std::unique_ptr<fhirpath::Expression> expr_;
};

TEST(NativeInvariantsTest, Ref1ShortcutMatchesItsExpressionOnTheCorpusAndTheR4Examples) {
  Ref1Comparison compare;
  ForEachCorpusAndR4Example(
      [&](const fhir::Element& root, const std::string& where) { compare.Compare(root, root, where); });
  // And where the shortcut must stand aside: local references, and a reference without a value.
  fhir::Document local = fhir::ReadJson(
      R"({"resourceType":"Observation","contained":[{"resourceType":"Patient","id":"p"}],"subject":{"reference":"#p"},)"
      R"("performer":[{"reference":"#missing"}],"focus":[{"_reference":{"extension":[{"url":"http://x.org","valueString":"y"}]}}]})");
  ASSERT_NE(local.root(), nullptr);
  const size_t before = compare.looked_up;
  compare.Compare(*local.root(), *local.root(), "local references");
  EXPECT_EQ(compare.looked_up - before, 2u);  // "#p" and "#missing" ("focus" has no string value)
  EXPECT_GT(compare.shortcut, 25000u);  // 26,471 when written (198 evaluated)
  std::cout << "ref-1 shortcut vs FHIRPath: " << compare.shortcut << " references answered natively, "
            << compare.looked_up << " evaluated\n";
}

}  // namespace
}  // namespace conformance

namespace conformance {
namespace {

// Issue 4's promise: every invariant of R4 core, mCODE, US Core, THO and the extensions pack
// compiles (the published ones that are wrong, through conformance/invariant_corrections.tsv,
// whose corrected expressions must compile too).
TEST(InvariantCoverageTest, EveryInvariantOfTheShippedPackagesAndUsCoreCompiles) {
  const LoadReport& report = testing::RegistryWithUsCore().report();
  EXPECT_GT(report.constraints, 20000u);
  EXPECT_EQ(report.constraints_compiled, report.constraints);
  EXPECT_GE(report.constraints_corrected, 4u);  // tim-9, que-7, que-12, dom-3 where they occur
  for (const std::string& note : report.notes) EXPECT_EQ(note.find("does not compile"), std::string::npos) << note;
}

}  // namespace
}  // namespace conformance
