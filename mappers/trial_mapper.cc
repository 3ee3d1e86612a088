// File: mappers/trial_mapper.cc
// TrialEnrolmentRecord -> ResearchStudy (the trial, by its NCT number) and ResearchSubject (this
// patient's enrolment: status, arm, period).
#include "mappers/mappers.h"
#include "mappers/stable_id.h"

namespace mappers {
namespace {

std::string_view SubjectStatus(std::string_view local) {
  if (local == "screening" || local == "on-study" || local == "follow-up" || local == "withdrawn") return local;
  if (local == "enrolled") return "on-study";
  if (local == "completed") return "off-study";
  return {};
}

bool IsNctId(std::string_view id) {
  if (id.size() != 11 || !id.starts_with("NCT")) return false;
  for (char c : id.substr(3)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

void MapTrialEnrolment(const v1::TrialEnrolmentRecord& r, RecordContext& cx) {
  if (!IsNctId(r.nct_id())) {
    cx.Error("nct_id", "record-code-invalid", fhir::Concat("'", r.nct_id(), "' is not a ClinicalTrials.gov id (NCT and 8 digits)"));
  }
  std::string_view status = SubjectStatus(r.status());
  if (status.empty()) {
    cx.Error("status", "record-code-invalid",
             fhir::Concat("status '", r.status(), "' is not one of screening, enrolled, on-study, follow-up, withdrawn, completed"));
  }
  std::optional<fhir::Node> individual = cx.Subject(r.patient_record_id());
  std::optional<std::string> start = cx.Date(r.start_date(), "start_date", true);
  std::optional<std::string> end = cx.Date(r.end_date(), "end_date", false);
  if (start && end && *end < *start) cx.Error("end_date", "record-date-order", "end_date is before start_date");
  if (status == "withdrawn" && r.withdrawal_reason().empty()) {
    cx.Warning("withdrawal_reason", "record-field-missing", "a withdrawal without its reason");
  }
  if (cx.failed()) return;

  // The study is keyed by its NCT number alone, so every enrolment in it shares one resource.
  MappedResource& study_out = cx.Add("ResearchStudy", {}, fhir::Concat("study:", r.nct_id()));
  study_out.id = StableId("https://clinicaltrials.gov", "study", r.nct_id());
  study_out.identifier_system = "https://clinicaltrials.gov";
  study_out.identifier_value = r.nct_id();
  fhir::Node study = fhir::Node::Resource("ResearchStudy");
  study.Set("id", study_out.id);
  fhir::Node nct;
  nct.Set("system", "https://clinicaltrials.gov").Set("value", r.nct_id());
  study.Add("identifier", std::move(nct));
  if (!r.title().empty()) study.Set("title", r.title());
  study.Set("status", "active");
  if (!r.arm().empty()) {
    fhir::Node arm;
    arm.Set("name", r.arm());
    study.Add("arm", std::move(arm));
  }
  study_out.resource = std::move(study);
  RecordContext::Trace(study_out, "ResearchStudy", "nct_id");
  const std::string study_id = study_out.id;

  MappedResource& out = cx.Add("ResearchSubject", {});
  fhir::Node& s = out.resource;
  s.Set("status", status);
  RecordContext::Trace(out, "ResearchSubject.status", "status");
  fhir::Node period;
  period.Set("start", *start);
  if (end) period.Set("end", *end);
  s.Put("period", std::move(period));
  RecordContext::Trace(out, "ResearchSubject.period", "start_date");
  fhir::Node study_ref;
  study_ref.Set("reference", fhir::Concat("ResearchStudy/", study_id));
  s.Put("study", std::move(study_ref));
  s.Put("individual", std::move(*individual));
  RecordContext::Trace(out, "ResearchSubject.individual", "patient_record_id");
  if (!r.arm().empty()) {
    s.Set("assignedArm", r.arm());
    if (status != "screening") s.Set("actualArm", r.arm());
    RecordContext::Trace(out, "ResearchSubject.assignedArm", "arm");
  }
  if (!r.withdrawal_reason().empty()) {
    // R4 ResearchSubject has no element for it; it travels in the Provenance of this record.
    cx.ProvenanceNote(fhir::Concat("withdrawal reason: ", r.withdrawal_reason()));
  }
}

}  // namespace mappers
