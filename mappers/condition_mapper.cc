// File: mappers/condition_mapper.cc
// ConditionRecord -> Condition: mCODE PrimaryCancerCondition, or SecondaryCancerCondition for a
// metastasis, which must name a primary (in this batch, or translated before).
#include "mappers/mappers.h"
#include "mappers/profiles.h"

namespace mappers {
namespace {

constexpr std::string_view kClinicalStatus = "http://terminology.hl7.org/CodeSystem/condition-clinical";

bool IsClinicalStatus(std::string_view s) {
  return s == "active" || s == "recurrence" || s == "relapse" || s == "inactive" || s == "remission" ||
         s == "resolved";
}

}  // namespace

void MapCondition(const v1::ConditionRecord& r, RecordContext& cx) {
  const bool primary = r.kind() == v1::ConditionRecord::PRIMARY;
  if (r.kind() == v1::ConditionRecord::KIND_UNSPECIFIED) {
    cx.Error("kind", "record-field-missing", "kind must be PRIMARY or METASTASIS");
  }
  std::optional<fhir::Node> subject = cx.Subject(r.patient_record_id());
  std::optional<fhir::Node> code = cx.Concept("diagnosis", r.diagnosis().code(), r.diagnosis().display(), "diagnosis", true);
  std::optional<fhir::Node> site = cx.Concept("site", r.site().code(), r.site().display(), "site", !r.site().code().empty());
  std::optional<fhir::Node> laterality;
  if (!r.laterality().empty()) laterality = cx.Concept("laterality", r.laterality(), {}, "laterality", true);
  std::optional<fhir::Node> histology;
  if (!r.histology().code().empty()) {
    histology = cx.Concept("histology", r.histology().code(), r.histology().display(), "histology", true);
  }
  std::optional<std::string> onset = cx.Date(r.diagnosis_date(), "diagnosis_date", false);
  if (!r.clinical_status().empty() && !IsClinicalStatus(r.clinical_status())) {
    cx.Error("clinical_status", "record-code-invalid",
             fhir::Concat("clinical_status '", r.clinical_status(), "' is not one of active, recurrence, relapse, inactive, remission, resolved"));
  }
  std::optional<fhir::Node> primary_ref;
  if (r.kind() == v1::ConditionRecord::METASTASIS) {
    if (r.primary_record_id().empty()) {
      cx.Error("primary_record_id", "metastasis-without-primary", "a metastasis must name the primary cancer it spread from");
    } else if (cx.batch().Has("condition", r.primary_record_id()) &&
               !cx.batch().primary_conditions.contains(r.primary_record_id())) {
      cx.Error("primary_record_id", "metastasis-primary-not-primary",
               fhir::Concat("condition '", r.primary_record_id(), "' is not a PRIMARY condition"));
    } else {
      primary_ref = cx.Ref("Condition", "condition", r.primary_record_id(), "primary_record_id", true);
    }
  }
  if (cx.failed()) return;

  MappedResource& out = cx.Add("Condition", primary ? profiles::kPrimaryCancerCondition : profiles::kSecondaryCancerCondition);
  fhir::Node& c = out.resource;
  if (primary && histology) {
    c.Add("extension", CodeableExtension(profiles::kHistologyMorphology, std::move(*histology)));
    RecordContext::Trace(out, "Condition.extension", "histology");
  }
  if (primary_ref) {
    fhir::Node ext;
    ext.Set("url", profiles::kConditionRelated).Put("valueReference", std::move(*primary_ref));
    c.Add("extension", std::move(ext));
    RecordContext::Trace(out, "Condition.extension", "primary_record_id");
  }
  c.Put("clinicalStatus", SingleCoding(kClinicalStatus, r.clinical_status().empty() ? "active" : r.clinical_status()));
  RecordContext::Trace(out, "Condition.clinicalStatus", "clinical_status");
  c.Put("verificationStatus", SingleCoding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"));
  c.Add("category", SingleCoding("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item",
                                 "Problem List Item"));
  c.Put("code", std::move(*code));
  RecordContext::Trace(out, "Condition.code", "diagnosis");
  if (site) {
    if (laterality) site->Add("extension", CodeableExtension(profiles::kLaterality, std::move(*laterality)));
    c.Add("bodySite", std::move(*site));
    RecordContext::Trace(out, "Condition.bodySite", "site");
  }
  c.Put("subject", std::move(*subject));
  RecordContext::Trace(out, "Condition.subject", "patient_record_id");
  if (onset) c.Set("onsetDateTime", *onset);
  RecordContext::Trace(out, "Condition.onset", "diagnosis_date");
  if (!r.note().empty()) {
    fhir::Node note;
    note.Set("text", r.note());
    c.Add("note", std::move(note));
    RecordContext::Trace(out, "Condition.note", "note");
  }
}

}  // namespace mappers
