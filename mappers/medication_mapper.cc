// File: mappers/medication_mapper.cc
// MedicationRecord -> MedicationRequest (an order) or MedicationAdministration (one dose given),
// shaped to mCODE's cancer-related medication profiles. A record that replaces another order is a
// treatment adjustment: priorPrescription points to the replaced order, and the replaced
// order's stop reason (progression, toxicity, patient choice) is its statusReason.
#include "mappers/mappers.h"
#include "mappers/profiles.h"

namespace mappers {
namespace {

std::string_view RequestStatus(std::string_view local) {
  if (local == "active" || local == "completed" || local == "stopped" || local == "on-hold") return local;
  if (local == "planned") return "draft";
  return {};
}

std::string_view AdministrationStatus(std::string_view local) {
  if (local == "completed" || local == "stopped" || local == "on-hold") return local;
  if (local == "active") return "in-progress";
  return {};
}

}  // namespace

void MapMedication(const v1::MedicationRecord& r, RecordContext& cx) {
  const bool order = r.kind() == v1::MedicationRecord::ORDER;
  if (r.kind() == v1::MedicationRecord::KIND_UNSPECIFIED) cx.Error("kind", "record-field-missing", "kind must be ORDER or ADMINISTRATION");
  std::string_view status = order ? RequestStatus(r.status()) : AdministrationStatus(r.status());
  if (status.empty()) {
    cx.Error("status", "record-code-invalid",
             fhir::Concat("status '", r.status(), "' is not one of active, completed, stopped, on-hold", order ? ", planned" : ""));
  }
  std::optional<fhir::Node> subject = cx.Subject(r.patient_record_id());
  std::optional<fhir::Node> drug = cx.Concept("drug", r.drug().code(), r.drug().display(), "drug", true);
  std::optional<fhir::Node> intent = cx.Concept("intent", r.intent(), {}, "intent", !r.intent().empty());
  std::optional<fhir::Node> route = cx.Concept("route", r.route(), r.route(), "route", !r.route().empty());
  const StandardCode* unit = r.dose_value() > 0 ? cx.Code("dose-unit", r.dose_unit(), "dose_unit", true) : nullptr;
  std::optional<fhir::Node> stop = cx.Concept("stop-reason", r.stop_reason(), r.stop_reason(), "stop_reason", false);
  std::optional<fhir::Node> reason =
      cx.Ref("Condition", "condition", r.reason_condition_record_id(), "reason_condition_record_id", false);
  std::optional<fhir::Node> replaces = cx.Ref("MedicationRequest", "medication", r.replaces_record_id(), "replaces_record_id", false);
  std::optional<std::string> start = cx.Date(r.start_date(), "start_date", true);
  std::optional<std::string> end = cx.Date(r.end_date(), "end_date", false);
  if (start && end && *end < *start) cx.Error("end_date", "record-date-order", "end_date is before start_date");
  if (order && r.prescriber().empty()) {
    cx.Error("prescriber", "record-field-missing", "an order needs its prescriber (US Core: requester of an order)");
  }
  if (r.dose_value() < 0) cx.Error("dose_value", "record-value-out-of-range", "dose_value is negative");
  if (cx.failed()) return;

  MappedResource& out = cx.Add(order ? "MedicationRequest" : "MedicationAdministration",
                               order ? profiles::kMedicationRequest : profiles::kMedicationAdministration);
  const std::string type = out.type;
  fhir::Node& m = out.resource;
  if (intent) {
    m.Add("extension", CodeableExtension(profiles::kProcedureIntent, std::move(*intent)));
    RecordContext::Trace(out, fhir::Concat(type, ".extension"), "intent");
  }
  m.Set("status", status);
  RecordContext::Trace(out, fhir::Concat(type, ".status"), "status");
  if (stop) {
    m.Put("statusReason", std::move(*stop));
    RecordContext::Trace(out, fhir::Concat(type, ".statusReason"), "stop_reason");
  }
  if (order) m.Set("intent", "order");
  if (!r.category().empty()) {
    fhir::Node category;
    category.Set("text", r.category());
    if (order) {
      m.Add("category", std::move(category));
    } else {
      m.Put("category", std::move(category));
    }
  }
  m.Put("medicationCodeableConcept", std::move(*drug));
  RecordContext::Trace(out, fhir::Concat(type, ".medication"), "drug");
  m.Put("subject", std::move(*subject));
  RecordContext::Trace(out, fhir::Concat(type, ".subject"), "patient_record_id");
  if (order) {
    m.Set("authoredOn", *start);
    fhir::Node requester;
    requester.Set("display", r.prescriber());
    m.Put("requester", std::move(requester));
    RecordContext::Trace(out, "MedicationRequest.requester", "prescriber");
  } else if (end) {
    fhir::Node period;
    period.Set("start", *start).Set("end", *end);
    m.Put("effectivePeriod", std::move(period));
  } else {
    m.Set("effectiveDateTime", *start);
  }
  RecordContext::Trace(out, fhir::Concat(type, order ? ".authoredOn" : ".effective"), "start_date");
  if (reason) {
    m.Add("reasonReference", std::move(*reason));
    RecordContext::Trace(out, fhir::Concat(type, ".reasonReference"), "reason_condition_record_id");
  }
  std::string note = r.cycle() > 0 ? fhir::Concat("Cycle ", r.cycle(), ".") : std::string();
  if (!r.note().empty()) note = note.empty() ? r.note() : fhir::Concat(note, " ", r.note());
  if (!note.empty()) {
    fhir::Node n;
    n.Set("text", note);
    m.Add("note", std::move(n));
    RecordContext::Trace(out, fhir::Concat(type, ".note"), "note");
  }
  fhir::Node dosage;
  if (order && !r.schedule().empty()) dosage.Set("text", r.schedule());
  if (route) dosage.Put("route", std::move(*route));
  fhir::Node dose;
  if (unit != nullptr) {
    dose.SetNumber("value", DecimalText(r.dose_value())).Set("unit", r.dose_unit());
    dose.Set("system", unit->system).Set("code", unit->code);
  }
  if (order) {
    if (unit != nullptr) {
      fhir::Node dose_and_rate;
      dose_and_rate.Put("doseQuantity", std::move(dose));
      dosage.Add("doseAndRate", std::move(dose_and_rate));
    }
    if (!r.schedule().empty() || route || unit != nullptr) m.Add("dosageInstruction", std::move(dosage));
    if (replaces) {
      m.Put("priorPrescription", std::move(*replaces));
      RecordContext::Trace(out, "MedicationRequest.priorPrescription", "replaces_record_id");
    }
  } else {
    if (!r.schedule().empty()) dosage.Set("text", r.schedule());
    if (unit != nullptr) dosage.Put("dose", std::move(dose));
    if (!r.schedule().empty() || route || unit != nullptr) m.Put("dosage", std::move(dosage));
  }
  RecordContext::Trace(out, fhir::Concat(type, order ? ".dosageInstruction" : ".dosage"), "dose_value");
}

}  // namespace mappers
