// File: tests/conformance/questionnaire_checks_test.cc
// Forms: a response against its questionnaire (unknown linkIds, answers to items that are not
// enabled, required items in a completed response, conditions resolved within a repeated
// group), and a questionnaire's own enableWhen references.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

// A group that repeats: "smoker" (boolean) and, enabled when smoker = true, "packs" (required).
constexpr char kQuestionnaire[] =
    R"({"resourceType":"Questionnaire","url":"http://fhirgw.test/Questionnaire/smoking","status":"active","item":[)"
    R"({"linkId":"g","type":"group","repeats":true,"item":[{"linkId":"smoker","type":"boolean"},)"
    R"({"linkId":"packs","type":"integer","required":true,"enableWhen":[{"question":"smoker","operator":"=","answerBoolean":true}]}]}]})";

std::vector<std::string> Errors(const Registry& registry, const std::string& json) {
  std::vector<std::string> out;
  for (const fhir::Issue& i : testing::ValidateJson(registry, json)) {
    if (i.severity <= fhir::Severity::kError && i.message_id.starts_with("questionnaire")) {
      out.push_back(i.message_id + " at " + i.location);
    }
  }
  return out;
}

// A completed response with one group per (smoker, packs) pair; packs < 0 leaves it out.
std::string Response(const std::vector<std::pair<bool, int>>& groups, const std::string& extra_link = "") {
  std::string items;
  for (const auto& [smoker, packs] : groups) {
    if (!items.empty()) items += ",";
    items += R"({"linkId":"g","item":[{"linkId":"smoker","answer":[{"valueBoolean":)" + std::string(smoker ? "true" : "false") + "}]}";
    if (packs >= 0) items += R"(,{"linkId":"packs","answer":[{"valueInteger":)" + std::to_string(packs) + "}]}";
    items += "]}";
  }
  if (!extra_link.empty()) items += R"(,{"linkId":")" + extra_link + R"(","answer":[{"valueString":"x"}]})";
  return R"({"resourceType":"QuestionnaireResponse","questionnaire":"http://fhirgw.test/Questionnaire/smoking",)"
         R"("status":"completed","item":[)" + items + "]}";
}

TEST(QuestionnaireChecksTest, ResponsesAreCheckedAgainstTheirQuestionnaire) {
  fhir::Document q = fhir::ReadJson(kQuestionnaire);
  auto registry = Registry::Overlay(testing::DefaultRegistry(), {q.root()});
  EXPECT_TRUE(Errors(*registry, Response({{true, 2}, {false, -1}})).empty());
  // Packs answered in a group where smoker is false: the condition is that group's own answer.
  EXPECT_EQ(Errors(*registry, Response({{true, 2}, {false, 1}})),
            std::vector<std::string>{"questionnaire-answer-not-enabled at QuestionnaireResponse.item[1].item[1]"});
  EXPECT_EQ(Errors(*registry, Response({{true, -1}})),
            std::vector<std::string>{"questionnaire-required-missing at QuestionnaireResponse.item[0]"});
  EXPECT_EQ(Errors(*registry, Response({{false, -1}}, "colour")),
            std::vector<std::string>{"questionnaire-linkid-unknown at QuestionnaireResponse"});
}

TEST(QuestionnaireChecksTest, EnableWhenMustNameAQuestionOutsideTheItem) {
  std::string inner = R"({"resourceType":"Questionnaire","status":"active","item":[{"linkId":"g","type":"group",)"
                      R"("enableWhen":[{"question":"in","operator":"exists","answerBoolean":true}],)"
                      R"("item":[{"linkId":"in","type":"string"}]}]})";
  EXPECT_EQ(Errors(testing::DefaultRegistry(), inner),
            std::vector<std::string>{"questionnaire-enablewhen-inner at Questionnaire.item[0]"});
  std::string missing = R"({"resourceType":"Questionnaire","status":"active","item":[{"linkId":"a","type":"string",)"
                        R"("enableWhen":[{"question":"zz","operator":"exists","answerBoolean":true}]}]})";
  EXPECT_EQ(Errors(testing::DefaultRegistry(), missing),
            std::vector<std::string>{"questionnaire-enablewhen-unknown at Questionnaire.item[0]"});
}

}  // namespace
}  // namespace conformance
