// File: mappers/procedure_mapper.cc
// ProcedureRecord -> Procedure: mCODE CancerRelatedSurgicalProcedure, or RadiotherapyCourseSummary
// (modality and technique, sessions, dose delivered) for a radiation course. Both are local
// treatments; medications are the systemic ones.
#include "mappers/mappers.h"
#include "mappers/profiles.h"

namespace mappers {
namespace {

std::string_view ProcedureStatus(std::string_view local) {
  if (local == "completed" || local == "in-progress" || local == "stopped" || local == "on-hold") return local;
  if (local == "planned") return "preparation";
  return {};
}

fhir::Node ValueExtension(std::string_view url, std::string_view value_name, fhir::Node value) {
  fhir::Node ext;
  ext.Set("url", url).Put(value_name, std::move(value));
  return ext;
}

}  // namespace

void MapProcedure(const v1::ProcedureRecord& r, RecordContext& cx) {
  const bool radiation = r.kind() == v1::ProcedureRecord::RADIATION;
  if (r.kind() == v1::ProcedureRecord::KIND_UNSPECIFIED) cx.Error("kind", "record-field-missing", "kind must be SURGERY or RADIATION");
  std::string_view status = ProcedureStatus(r.status());
  if (status.empty()) {
    cx.Error("status", "record-code-invalid", fhir::Concat("status '", r.status(), "' is not one of completed, in-progress, stopped, on-hold, planned"));
  }
  std::optional<fhir::Node> subject = cx.Subject(r.patient_record_id());
  std::optional<fhir::Node> code = cx.Concept("procedure", r.procedure().code(), r.procedure().display(), "procedure", true);
  std::optional<fhir::Node> site = cx.Concept("site", r.site().code(), r.site().display(), "site", !r.site().code().empty());
  std::optional<fhir::Node> laterality;
  if (!r.laterality().empty()) laterality = cx.Concept("laterality", r.laterality(), {}, "laterality", true);
  std::optional<fhir::Node> intent = cx.Concept("intent", r.intent(), {}, "intent", !r.intent().empty());
  std::optional<fhir::Node> modality, technique;
  if (radiation) {
    modality = cx.Concept("rt-modality", r.modality(), r.modality(), "modality", true);
    if (!r.technique().empty()) technique = cx.Concept("rt-technique", r.technique(), r.technique(), "technique", false);
    if (r.dose_cgy() < 0) cx.Error("dose_cgy", "record-value-out-of-range", "dose_cgy is negative");
    if (r.fractions() < 0) cx.Error("fractions", "record-value-out-of-range", "fractions is negative");
  }
  std::optional<fhir::Node> reason =
      cx.Ref("Condition", "condition", r.reason_condition_record_id(), "reason_condition_record_id", false);
  std::optional<std::string> start = cx.Date(r.start_date(), "start_date", status != "preparation");
  std::optional<std::string> end = cx.Date(r.end_date(), "end_date", false);
  if (start && end && *end < *start) cx.Error("end_date", "record-date-order", "end_date is before start_date");
  if (cx.failed()) return;

  MappedResource& out = cx.Add("Procedure", radiation ? profiles::kRadiotherapyCourse : profiles::kSurgicalProcedure);
  fhir::Node& p = out.resource;
  if (intent) {
    p.Add("extension", CodeableExtension(profiles::kProcedureIntent, std::move(*intent)));
    RecordContext::Trace(out, "Procedure.extension", "intent");
  }
  if (radiation) {
    fhir::Node mt;
    mt.Set("url", profiles::kModalityAndTechnique);
    mt.Add("extension", CodeableExtension(profiles::kModality, std::move(*modality)));
    if (technique) mt.Add("extension", CodeableExtension(profiles::kTechnique, std::move(*technique)));
    p.Add("extension", std::move(mt));
    if (r.fractions() > 0) {
      fhir::Node sessions;
      sessions.Set("url", profiles::kSessions).SetInteger("valueUnsignedInt", r.fractions());
      p.Add("extension", std::move(sessions));
    }
    if (r.dose_cgy() > 0) {
      fhir::Node dose;
      dose.Set("url", profiles::kDoseDelivered);
      fhir::Node volume_ref;
      volume_ref.Set("display", r.site().display().empty() ? r.site().code() : r.site().display());
      dose.Add("extension", ValueExtension("volume", "valueReference", std::move(volume_ref)));
      fhir::Node q;
      q.SetNumber("value", DecimalText(r.dose_cgy())).Set("unit", "cGy").Set("system", "http://unitsofmeasure.org").Set("code", "cGy");
      dose.Add("extension", ValueExtension("totalDoseDelivered", "valueQuantity", std::move(q)));
      if (r.fractions() > 0) {
        fhir::Node f;
        f.Set("url", "fractionsDelivered").SetInteger("valueUnsignedInt", r.fractions());
        dose.Add("extension", std::move(f));
      }
      p.Add("extension", std::move(dose));
    }
    RecordContext::Trace(out, "Procedure.extension", "modality");
  }
  p.Set("status", status);
  RecordContext::Trace(out, "Procedure.status", "status");
  p.Put("code", std::move(*code));
  RecordContext::Trace(out, "Procedure.code", "procedure");
  p.Put("subject", std::move(*subject));
  RecordContext::Trace(out, "Procedure.subject", "patient_record_id");
  if (start && end) {
    fhir::Node period;
    period.Set("start", *start).Set("end", *end);
    p.Put("performedPeriod", std::move(period));
  } else if (start) {
    p.Set("performedDateTime", *start);
  }
  RecordContext::Trace(out, "Procedure.performed", "start_date");
  if (reason) {
    p.Add("reasonReference", std::move(*reason));
    RecordContext::Trace(out, "Procedure.reasonReference", "reason_condition_record_id");
  }
  if (site) {
    if (laterality) site->Add("extension", CodeableExtension(profiles::kLaterality, std::move(*laterality)));
    p.Add("bodySite", std::move(*site));
    RecordContext::Trace(out, "Procedure.bodySite", "site");
  }
  if (!r.outcome().empty()) {
    fhir::Node outcome;
    outcome.Set("text", r.outcome());
    p.Put("outcome", std::move(outcome));
    RecordContext::Trace(out, "Procedure.outcome", "outcome");
  }
}

}  // namespace mappers
