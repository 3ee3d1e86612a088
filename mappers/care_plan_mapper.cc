// File: mappers/care_plan_mapper.cc
// CarePlanRecord -> US Core CarePlan, with a US Core Goal per goal and a US Core ServiceRequest
// per supportive-care referral and per monitoring item; the treatments it combines (medication
// orders, surgery, radiation) are its activities; revisions are notes with their reasons.
#include "mappers/mappers.h"
#include "mappers/profiles.h"

namespace mappers {
namespace {

std::string_view PlanStatus(std::string_view local) {
  if (local == "active" || local == "completed" || local == "revoked" || local == "draft") return local;
  return {};
}

fhir::Node Reference(std::string_view type, std::string_view id) {
  fhir::Node ref;
  ref.Set("reference", fhir::Concat(type, "/", id));
  return ref;
}

// A ServiceRequest for a referral or a monitoring item; text-only code (with a warning) when the
// local kind has no standard code.
void AddServiceRequest(RecordContext& cx, std::string_view map, std::string_view kind, std::string_view part,
                       std::string_view description, const std::optional<std::string>& date, std::string_view field,
                       const fhir::Node& subject, std::string_view authored, std::vector<std::string>* ids) {
  fhir::Node code = cx.ConceptOrText(map, kind, description.empty() ? kind : description, field);
  MappedResource& out = cx.Add("ServiceRequest", profiles::kServiceRequest, part);
  fhir::Node& s = out.resource;
  s.Set("status", "active").Set("intent", "plan");
  s.Put("code", std::move(code));
  RecordContext::Trace(out, "ServiceRequest.code", field);
  s.Put("subject", subject);
  if (date) s.Set("occurrenceDateTime", *date);
  if (!authored.empty()) s.Set("authoredOn", authored);
  ids->push_back(out.id);
}

}  // namespace

void MapCarePlan(const v1::CarePlanRecord& r, RecordContext& cx) {
  std::string_view status = PlanStatus(r.status());
  if (status.empty()) {
    cx.Error("status", "record-code-invalid", fhir::Concat("status '", r.status(), "' is not one of active, completed, revoked, draft"));
  }
  std::optional<fhir::Node> subject = cx.Subject(r.patient_record_id());
  std::optional<std::string> start = cx.Date(r.start_date(), "start_date", true);
  std::optional<std::string> end = cx.Date(r.end_date(), "end_date", false);
  // Orders are planned activities (activity.reference); what was done (procedures,
  // administrations) is an activity's outcome (activity.outcomeReference).
  std::vector<std::pair<fhir::Node, bool>> treatments;
  for (int i = 0; i < r.treatment_record_ids_size(); ++i) {
    const std::string& id = r.treatment_record_ids(i);
    auto type = cx.batch().types.find(id);
    if (type == cx.batch().types.end()) {
      cx.Error(fhir::Concat("treatment_record_ids[", i, "]"), "reference-unresolved",
               fhir::Concat("treatment '", id, "' is not a medication or procedure record of this batch"));
      continue;
    }
    if (auto ref = cx.Ref(type->second.first, type->second.second, id, "treatment_record_ids", true)) {
      treatments.emplace_back(std::move(*ref), type->second.first == "MedicationRequest");
    }
  }
  std::vector<fhir::Node> addresses;
  for (const std::string& id : r.addresses_condition_record_ids()) {
    if (auto ref = cx.Ref("Condition", "condition", id, "addresses_condition_record_ids", true)) addresses.push_back(std::move(*ref));
  }
  for (int i = 0; i < r.goals_size(); ++i) {
    if (r.goals(i).id().empty()) cx.Error(fhir::Concat("goals[", i, "].id"), "record-field-missing", "every goal needs an id");
    if (r.goals(i).description().empty()) {
      cx.Error(fhir::Concat("goals[", i, "].description"), "record-field-missing", "every goal needs a description");
    }
    cx.Date(r.goals(i).target_date(), fhir::Concat("goals[", i, "].target_date"), false);
  }
  for (int i = 0; i < r.revisions_size(); ++i) {
    cx.Date(r.revisions(i).date(), fhir::Concat("revisions[", i, "].date"), true);
    if (r.revisions(i).reason().empty()) {
      cx.Error(fhir::Concat("revisions[", i, "].reason"), "record-field-missing", "a revision needs its reason");
    }
  }
  if (cx.failed()) return;

  // Goals and service requests first: the plan refers to them.
  std::vector<std::string> goal_ids, request_ids;
  for (int i = 0; i < r.goals_size(); ++i) {
    const v1::CarePlanRecord::Goal& g = r.goals(i);
    MappedResource& out = cx.Add("Goal", profiles::kGoal, fhir::Concat("goal:", g.id()));
    fhir::Node& goal = out.resource;
    goal.Set("lifecycleStatus", status == "active" || status == "draft" ? "active" : status == "completed" ? "completed" : "cancelled");
    if (!g.category().empty()) {
      fhir::Node category;
      category.Set("text", g.category());
      goal.Add("category", std::move(category));
    }
    fhir::Node description;
    description.Set("text", g.description());
    goal.Put("description", std::move(description));
    RecordContext::Trace(out, "Goal.description", fhir::Concat("goals[", i, "].description"));
    goal.Put("subject", *subject);
    if (!g.target_date().empty()) {
      fhir::Node target;
      target.Set("dueDate", g.target_date());
      goal.Add("target", std::move(target));
    }
    goal_ids.push_back(out.id);
  }
  for (int i = 0; i < r.referrals_size(); ++i) {
    const auto& ref = r.referrals(i);
    std::optional<std::string> date = cx.Date(ref.date(), fhir::Concat("referrals[", i, "].date"), false);
    AddServiceRequest(cx, "referral-area", ref.area(), fhir::Concat("referral:", ref.id().empty() ? fhir::Concat(i) : ref.id()),
                      ref.description(), date, fhir::Concat("referrals[", i, "].area"), *subject, *start, &request_ids);
  }
  for (int i = 0; i < r.monitoring_size(); ++i) {
    const auto& m = r.monitoring(i);
    std::optional<std::string> date = cx.Date(m.next_date(), fhir::Concat("monitoring[", i, "].next_date"), false);
    std::string description = m.interval().empty() ? m.description() : fhir::Concat(m.description(), " (", m.interval(), ")");
    AddServiceRequest(cx, "monitoring-kind", m.kind(), fhir::Concat("monitoring:", m.id().empty() ? fhir::Concat(i) : m.id()),
                      description, date, fhir::Concat("monitoring[", i, "].kind"), *subject, *start, &request_ids);
  }

  MappedResource& out = cx.Add("CarePlan", profiles::kCarePlan);
  fhir::Node& plan = out.resource;
  plan.Put("text", Narrative(fhir::Concat(r.title().empty() ? "Care plan" : r.title(), ": ", r.goals_size(), " goal(s), ",
                                          treatments.size(), " treatment(s), ", r.referrals_size(), " referral(s), ",
                                          r.monitoring_size(), " monitoring item(s)")));
  plan.Set("status", status).Set("intent", "plan");
  RecordContext::Trace(out, "CarePlan.status", "status");
  plan.Add("category", SingleCoding("http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "assess-plan",
                                    "Assessment and Plan of Treatment"));
  if (!r.title().empty()) plan.Set("title", r.title());
  plan.Put("subject", std::move(*subject));
  RecordContext::Trace(out, "CarePlan.subject", "patient_record_id");
  fhir::Node period;
  period.Set("start", *start);
  if (end) period.Set("end", *end);
  plan.Put("period", std::move(period));
  RecordContext::Trace(out, "CarePlan.period", "start_date");
  for (fhir::Node& a : addresses) plan.Add("addresses", std::move(a));
  RecordContext::Trace(out, "CarePlan.addresses", "addresses_condition_record_ids");
  for (const std::string& id : goal_ids) plan.Add("goal", Reference("Goal", id));
  RecordContext::Trace(out, "CarePlan.goal", "goals");
  for (auto& [ref, planned] : treatments) {
    fhir::Node activity;
    if (planned) {
      activity.Put("reference", std::move(ref));
    } else {
      activity.Add("outcomeReference", std::move(ref));
    }
    plan.Add("activity", std::move(activity));
  }
  for (const std::string& id : request_ids) {
    fhir::Node activity;
    activity.Put("reference", Reference("ServiceRequest", id));
    plan.Add("activity", std::move(activity));
  }
  RecordContext::Trace(out, "CarePlan.activity", "treatment_record_ids");
  for (const auto& rev : r.revisions()) {
    fhir::Node note;
    note.Set("time", rev.date()).Set("text", fhir::Concat("Revised: ", rev.reason()));
    plan.Add("note", std::move(note));
  }
  RecordContext::Trace(out, "CarePlan.note", "revisions");
}

}  // namespace mappers
