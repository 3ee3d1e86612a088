// File: conformance/questionnaire_checks.cc
// ElementWalker's checks of forms. A QuestionnaireResponse against its Questionnaire (when one
// is loaded): every item's linkId names an item at that level; an item that is not enabled
// (enableWhen, resolved against the nearest answer to the question, as in a repeated group)
// has no answer; in a completed response every enabled required item is answered. A
// Questionnaire: an enableWhen names an existing question outside the item itself.
#include <charconv>
#include <vector>

#include "conformance/element_walker.h"
#include "fhir/text.h"

namespace conformance {
namespace {

using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;

const Element* FindItem(const fhir::Property* items, std::string_view link_id) {
  if (items == nullptr) return nullptr;
  for (const Element& i : items->elements()) {
    if (i.ValueOf("linkId") == link_id) return &i;
  }
  return nullptr;
}

// The first item with `link_id` in the subtree of `items` (nested items and answers' items).
const Element* FindDeep(const fhir::Property* items, std::string_view link_id) {
  if (items == nullptr) return nullptr;
  for (const Element& i : items->elements()) {
    if (i.ValueOf("linkId") == link_id) return &i;
    if (const Element* found = FindDeep(i.Find("item"), link_id)) return found;
    if (const fhir::Property* answers = i.Find("answer")) {
      for (const Element& a : answers->elements()) {
        if (const Element* found = FindDeep(a.Find("item"), link_id)) return found;
      }
    }
  }
  return nullptr;
}

// The typed value of `e` whose property name starts with `stem` ("value", "answer"): its type
// suffix and element.
std::pair<std::string_view, const Element*> TypedValue(const Element& e, std::string_view stem) {
  for (const fhir::Property& p : e.props()) {
    if (p.size > 0 && p.name.size() > stem.size() && p.name.starts_with(stem)) {
      return {p.name.substr(stem.size()), &p.items[0]};
    }
  }
  return {{}, nullptr};
}

// -1, 0, 1 comparing two values of one type; nullopt when they do not compare.
std::optional<int> CompareValues(std::string_view type, const Element& a, const Element& b) {
  if (type == "Coding") {
    if (a.ValueOf("code") != b.ValueOf("code")) return 1;
    const std::string_view sa = a.ValueOf("system"), sb = b.ValueOf("system");
    return sa.empty() || sb.empty() || sa == sb ? 0 : 1;
  }
  if (type == "Reference") return a.ValueOf("reference") == b.ValueOf("reference") ? 0 : 1;
  const bool quantity = type == "Quantity";
  std::string_view va = quantity ? a.ValueOf("value") : a.value, vb = quantity ? b.ValueOf("value") : b.value;
  if (quantity && a.ValueOf("code") != b.ValueOf("code")) return std::nullopt;
  if (type == "Decimal" || type == "Integer" || quantity) {
    double x = 0, y = 0;
    std::from_chars(va.data(), va.data() + va.size(), x);
    std::from_chars(vb.data(), vb.data() + vb.size(), y);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return va < vb ? -1 : va > vb ? 1 : 0;  // strings, codes, booleans; dates and times of one precision
}

bool Holds(std::string_view op, int c) {
  return op == "=" ? c == 0 : op == "!=" ? c != 0 : op == ">" ? c > 0 : op == "<" ? c < 0 : op == ">=" ? c >= 0 : op == "<=" && c <= 0;
}

}  // namespace

bool ElementWalker::ItemEnabled(const Element& question_item, const std::vector<const fhir::Property*>& scopes) {
  const fhir::Property* conditions = question_item.Find("enableWhen");
  if (conditions == nullptr || conditions->size == 0) return true;
  const bool all = question_item.ValueOf("enableBehavior") == "all";
  for (const Element& when : conditions->elements()) {
    // The answer nearest to this item: its own group first, then the groups around it.
    const Element* answered = nullptr;
    for (auto s = scopes.rbegin(); s != scopes.rend() && answered == nullptr; ++s) answered = FindDeep(*s, when.ValueOf("question"));
    const fhir::Property* answers = answered != nullptr ? answered->Find("answer") : nullptr;
    const std::string_view op = when.ValueOf("operator");
    auto [want_type, want] = TypedValue(when, "answer");
    bool holds = false;
    if (op == "exists") {
      holds = (answers != nullptr && answers->size > 0) == (want != nullptr && want->value == "true");
    } else if (answers != nullptr && want != nullptr) {
      for (const Element& a : answers->elements()) {
        auto [type, value] = TypedValue(a, "value");
        if (value == nullptr || type != want_type) continue;
        std::optional<int> c = CompareValues(type, *value, *want);
        holds = holds || (c && Holds(op, *c));
      }
    }
    if (all && !holds) return false;
    if (!all && holds) return true;
  }
  return all;
}

void ElementWalker::ResponseItems(const Element& holder, const fhir::Property* items, const fhir::Property* questions,
                                  std::vector<const fhir::Property*>& scopes, bool completed) {
  scopes.push_back(items);
  for (uint32_t k = 0; items != nullptr && k < items->size; ++k) {
    const Element& item = items->items[k];
    const std::string_view link_id = item.ValueOf("linkId");
    const Element* question = FindItem(questions, link_id);
    if (question == nullptr) {
      Report(Severity::kError, IssueType::kStructure, item.offset, "questionnaire-linkid-unknown",
             Concat("linkId '", link_id, "' is not an item of the questionnaire here"));
      continue;
    }
    path_.push_back({"item", static_cast<int32_t>(k), {}, nullptr});
    const fhir::Property* answers = item.Find("answer");
    const bool answered = answers != nullptr && answers->size > 0;
    const bool enabled = ItemEnabled(*question, scopes);
    const std::string_view type = question->ValueOf("type");
    if (!enabled && answered) {
      Report(Severity::kError, IssueType::kBusinessRule, item.offset, "questionnaire-answer-not-enabled",
             Concat("item '", link_id, "' has an answer, but its enableWhen conditions do not enable it"));
    } else if (enabled && completed && !answered && question->ValueOf("required") == "true" && type != "group" &&
               type != "display") {
      Report(Severity::kError, IssueType::kRequired, item.offset, "questionnaire-required-unanswered",
             Concat("item '", link_id, "' is required, but has no answer"));
    }
    ResponseItems(item, item.Find("item"), question->Find("item"), scopes, completed);
    for (uint32_t j = 0; answers != nullptr && j < answers->size; ++j) {
      path_.push_back({"answer", static_cast<int32_t>(j), {}, nullptr});
      ResponseItems(answers->items[j], answers->items[j].Find("item"), question->Find("item"), scopes, completed);
      path_.pop_back();
    }
    path_.pop_back();
  }
  // Required items missing altogether (reported on the element that should hold them).
  for (uint32_t k = 0; completed && questions != nullptr && k < questions->size; ++k) {
    const Element& q = questions->items[k];
    const std::string_view type = q.ValueOf("type");
    if (q.ValueOf("required") != "true" || type == "display" || FindItem(items, q.ValueOf("linkId")) != nullptr) continue;
    if (!ItemEnabled(q, scopes)) continue;
    Report(Severity::kError, IssueType::kRequired, holder.offset, "questionnaire-required-missing",
           Concat("no answer for the required item '", q.ValueOf("linkId"), "'"));
  }
  scopes.pop_back();
}

void ElementWalker::QuestionnaireResponseChecks(const Element& response) {
  const std::string_view canonical = response.ValueOf("questionnaire");
  if (canonical.empty()) return;
  const Element* questionnaire = registry_.FindQuestionnaire(canonical);
  if (questionnaire == nullptr) {
    Report(Severity::kInformation, IssueType::kNotFound, response.offset, "questionnaire-not-loaded",
           Concat("the questionnaire ", canonical, " is not loaded, so the answers were not checked against it"));
    return;
  }
  std::vector<const fhir::Property*> scopes;
  const std::string_view status = response.ValueOf("status");
  ResponseItems(response, response.Find("item"), questionnaire->Find("item"), scopes, status == "completed");
}

void ElementWalker::QuestionnaireChecks(const Element& questionnaire) {
  // Every item, with its path, so that a condition can be looked up anywhere in the form.
  struct Placed {
    const Element* item;
    std::vector<Segment> path;
  };
  std::vector<Placed> all;
  auto collect = [&](auto&& self, const fhir::Property* items) -> void {
    for (uint32_t k = 0; items != nullptr && k < items->size; ++k) {
      path_.push_back({"item", static_cast<int32_t>(k), {}, nullptr});
      all.push_back({&items->items[k], path_});
      self(self, items->items[k].Find("item"));
      path_.pop_back();
    }
  };
  collect(collect, questionnaire.Find("item"));
  const std::vector<Segment> saved = path_;
  for (const Placed& p : all) {
    const fhir::Property* conditions = p.item->Find("enableWhen");
    if (conditions == nullptr) continue;
    path_ = p.path;
    for (const Element& when : conditions->elements()) {
      const std::string_view question = when.ValueOf("question");
      if (question.empty()) continue;
      if (FindDeep(p.item->Find("item"), question) != nullptr) {
        Report(Severity::kError, IssueType::kBusinessRule, when.offset, "questionnaire-enablewhen-inner",
               Concat("enableWhen cannot depend on '", question, "', a question inside this item"));
      } else if (FindDeep(questionnaire.Find("item"), question) == nullptr) {
        Report(Severity::kError, IssueType::kBusinessRule, when.offset, "questionnaire-enablewhen-unknown",
               Concat("enableWhen names the question '", question, "', which the questionnaire does not have"));
      }
    }
  }
  path_ = saved;
}

}  // namespace conformance
