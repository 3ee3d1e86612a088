// File: tests/conformance/fhirpath_limits_test.cc
// Hostile expressions end with a clear error in bounded time and memory, never a crash: very
// long and deeply nested expressions, repeat() over cycles and ever-growing values,
// descendants() of large trees. Plus the function table's order, which lookups rely on.
#include <string>

#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/format.h"
#include "conformance/fhirpath/functions.h"
#include "conformance/fhirpath/registry_model.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance::fhirpath {
namespace {

absl::StatusOr<std::string> Eval(std::string_view text, const fhir::Document* doc = nullptr,
                                 int64_t budget = 5'000'000) {
  static const RegistryModel model(testing::DefaultRegistry());
  auto expr = Expression::Parse(text);
  if (!expr.ok()) return expr.status();
  Environment env;
  env.model = &model;
  env.item_budget = budget;
  Collection input, out;
  if (doc != nullptr) input.push_back(Item::Node(doc->root(), doc->root()->resource_type()));
  Evaluation ev(env);
  if (absl::Status s = ev.Run(**expr, input, &out); !s.ok()) return s;
  return ResultJson(out);
}

TEST(FhirPathLimitsTest, AHundredThousandTermSumIsRefusedAtParseTime) {
  std::string sum = "1";
  for (int i = 0; i < 100'000; ++i) sum += " + 1";
  auto r = Eval(sum);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nests too deeply"), std::string_view::npos) << r.status();
}

TEST(FhirPathLimitsTest, AHundredThousandStepPathIsRefusedAtParseTime) {
  std::string path = "Patient";
  for (int i = 0; i < 100'000; ++i) path += ".name";
  EXPECT_FALSE(Eval(path).ok());
}

TEST(FhirPathLimitsTest, DeeplyNestedParenthesesAndCallsAreRefused) {
  EXPECT_FALSE(Eval(std::string(100'000, '(') + "1" + std::string(100'000, ')')).ok());
  std::string calls = std::string(50'000, '(') + "1";
  for (int i = 0; i < 50'000; ++i) calls += ").abs()";
  EXPECT_FALSE(Eval(calls).ok());
  std::string minus(100'000, '-');
  EXPECT_FALSE(Eval(minus + "1").ok());
}

TEST(FhirPathLimitsTest, ModeratelyNestedExpressionsStillEvaluate) {
  std::string sum = "1";
  for (int i = 0; i < 200; ++i) sum += " + 1";
  EXPECT_EQ(*Eval(sum), "[201]");
}

TEST(FhirPathLimitsTest, RepeatOverACycleEnds) {
  // Each value maps to one already produced.
  EXPECT_EQ(*Eval("(1 | 2 | 3).repeat(($this mod 3) + 1)"), "[2,3,1]");
  EXPECT_EQ(*Eval("'a'.repeat($this)"), "[\"a\"]");
}

TEST(FhirPathLimitsTest, RepeatThatGrowsForeverRunsOutOfBudget) {
  auto r = Eval("1.repeat($this + 1)", nullptr, 100'000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << r.status();
}

TEST(FhirPathLimitsTest, DescendantsOfALargeTreeAreCountedOrRefused) {
  // A Bundle of 20,000 Patients: 100,001 elements below the root.
  std::string json = R"({"resourceType":"Bundle","type":"collection","entry":[)";
  for (int i = 0; i < 20'000; ++i) {
    if (i > 0) json += ',';
    json += R"({"resource":{"resourceType":"Patient","name":[{"family":"F","given":["G"]}]}})";
  }
  json += "]}";
  fhir::Document doc = fhir::ReadJson(json);
  ASSERT_NE(doc.root(), nullptr);
  EXPECT_EQ(*Eval("descendants().count()", &doc), "[100001]");
  EXPECT_EQ(*Eval("(descendants() | descendants()).count()", &doc), "[6]");  // equal values merge
  auto r = Eval("descendants().descendants().count()", &doc, 200'000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(FhirPathLimitsTest, ErrorsNameTheirPosition) {
  size_t pos = 0;
  auto expr = Expression::Parse("name.given.frobnicate()", &pos);
  ASSERT_FALSE(expr.ok());
  EXPECT_EQ(pos, 11u);
  auto r = Eval("(1 | 2).single()");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("position 8"), std::string_view::npos) << r.status();
}

TEST(FhirPathFunctionsTest, EveryFunctionIsFoundByName) {
  for (std::string_view name : {"abs", "aggregate", "where", "ofType", "htmlChecks", "memberOf", "resolve",
                                "descendants", "trace", "toQuantity", "subsumedBy", "upper"}) {
    const FunctionDef* f = FindFunction(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->name, name);
  }
  EXPECT_EQ(FindFunction("frobnicate"), nullptr);
  EXPECT_EQ(FindFunction(""), nullptr);
}

}  // namespace
}  // namespace conformance::fhirpath
