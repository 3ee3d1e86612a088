// File: mappers/translator.cc
#include "mappers/translator.h"

#include "mappers/mappers.h"

namespace mappers {
namespace {

// Applies `f` to the record's message, whatever its kind.
template <typename F>
void Visit(const v1::Record& r, F&& f) {
  switch (r.kind_case()) {
    case v1::Record::kPatient: f(r.patient()); break;
    case v1::Record::kCondition: f(r.condition()); break;
    case v1::Record::kStaging: f(r.staging()); break;
    case v1::Record::kTumorMarker: f(r.tumor_marker()); break;
    case v1::Record::kDiseaseStatus: f(r.disease_status()); break;
    case v1::Record::kPerformanceStatus: f(r.performance_status()); break;
    case v1::Record::kMedication: f(r.medication()); break;
    case v1::Record::kProcedure: f(r.procedure()); break;
    case v1::Record::kSideEffect: f(r.side_effect()); break;
    case v1::Record::kCarePlan: f(r.care_plan()); break;
    case v1::Record::kTrialEnrolment: f(r.trial_enrolment()); break;
    case v1::Record::KIND_NOT_SET: break;
  }
}

void IndexBatch(const std::vector<v1::Record>& records, BatchIndex& index) {
  for (const v1::Record& r : records) {
    const std::string& id = RecordSource(r).record_id();
    index.keys.insert(fhir::Concat(RecordKind(r), "|", id));
    if (r.has_condition() && r.condition().kind() == v1::ConditionRecord::PRIMARY) index.primary_conditions.insert(id);
    if (r.has_medication()) {
      index.types[id] = {r.medication().kind() == v1::MedicationRecord::ADMINISTRATION ? "MedicationAdministration"
                                                                                      : "MedicationRequest",
                         "medication"};
    }
    if (r.has_procedure()) index.types[id] = {"Procedure", "procedure"};
  }
}

void AddProvenance(const RecordResult& result, const TranslateOptions& options, RecordContext& cx) {
  MappedResource& out = cx.Add("Provenance", {}, "provenance");
  fhir::Node& p = out.resource;
  for (const MappedResource& r : result.resources) {
    if (&r == &out) continue;
    fhir::Node target;
    target.Set("reference", fhir::Concat(r.type, "/", r.id));
    p.Add("target", std::move(target));
  }
  p.Set("recorded", options.recorded_at);
  for (const std::string& note : result.provenance_notes) {
    fhir::Node reason;
    reason.Set("text", note);
    p.Add("reason", std::move(reason));
  }
  fhir::Node agent;
  agent.Put("type", SingleCoding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler"));
  fhir::Node who;
  who.Set("display", "fhirgw");
  agent.Put("who", std::move(who));
  p.Add("agent", std::move(agent));
  fhir::Node entity;
  entity.Set("role", "source");
  fhir::Node what;
  fhir::Node identifier;
  identifier.Set("system", result.source_system).Set("value", result.record_id);
  what.Put("identifier", std::move(identifier));
  what.Set("display", fhir::Concat(result.kind, " record ", result.record_id));
  entity.Put("what", std::move(what));
  p.Add("entity", std::move(entity));
}

}  // namespace

std::string_view RecordKind(const v1::Record& r) {
  switch (r.kind_case()) {
    case v1::Record::kPatient: return "patient";
    case v1::Record::kCondition: return "condition";
    case v1::Record::kStaging: return "staging";
    case v1::Record::kTumorMarker: return "tumor_marker";
    case v1::Record::kDiseaseStatus: return "disease_status";
    case v1::Record::kPerformanceStatus: return "performance_status";
    case v1::Record::kMedication: return "medication";
    case v1::Record::kProcedure: return "procedure";
    case v1::Record::kSideEffect: return "side_effect";
    case v1::Record::kCarePlan: return "care_plan";
    case v1::Record::kTrialEnrolment: return "trial_enrolment";
    case v1::Record::KIND_NOT_SET: break;
  }
  return {};
}

const v1::Source& RecordSource(const v1::Record& r) {
  const v1::Source* source = &v1::Source::default_instance();
  Visit(r, [&](const auto& m) { source = &m.source(); });
  return *source;
}

std::string_view RecordPatient(const v1::Record& r) {
  if (r.has_patient()) return r.patient().source().record_id();
  std::string_view id;
  Visit(r, [&](const auto& m) {
    if constexpr (requires { m.patient_record_id(); }) id = m.patient_record_id();
  });
  return id;
}

std::vector<RecordResult> Translator::Translate(const std::vector<v1::Record>& records,
                                                const TranslateOptions& options, BatchIndex* carry) const {
  BatchIndex local;
  BatchIndex& index = carry != nullptr ? *carry : local;
  IndexBatch(records, index);
  std::vector<RecordResult> results(records.size());
  IdCache ids;
  for (size_t i = 0; i < records.size(); ++i) {
    const v1::Record& r = records[i];
    RecordResult& result = results[i];
    result.index = i;
    result.kind = std::string(RecordKind(r));
    const v1::Source& source = RecordSource(r);
    result.record_id = source.record_id();
    result.source_system = source.system();
    result.patient_record_id = std::string(RecordPatient(r));
    RecordContext cx(maps_, index, options, result.kind.empty() ? "record" : result.kind, source, &result, &ids);
    if (result.kind.empty()) {
      cx.Error("", "record-empty", "the record holds no record kind");
    } else {
      if (source.system().empty()) cx.Error("source.system", "record-field-missing", "source.system is required");
      if (source.record_id().empty()) cx.Error("source.record_id", "record-field-missing", "source.record_id is required");
      if (!cx.failed()) {
        Visit(r, [&](const auto& m) {
          using T = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<T, v1::PatientRecord>) MapPatient(m, cx);
          if constexpr (std::is_same_v<T, v1::ConditionRecord>) MapCondition(m, cx);
          if constexpr (std::is_same_v<T, v1::StagingRecord>) MapStaging(m, cx);
          if constexpr (std::is_same_v<T, v1::TumorMarkerRecord>) MapTumorMarker(m, cx);
          if constexpr (std::is_same_v<T, v1::DiseaseStatusRecord>) MapDiseaseStatus(m, cx);
          if constexpr (std::is_same_v<T, v1::PerformanceStatusRecord>) MapPerformanceStatus(m, cx);
          if constexpr (std::is_same_v<T, v1::MedicationRecord>) MapMedication(m, cx);
          if constexpr (std::is_same_v<T, v1::ProcedureRecord>) MapProcedure(m, cx);
          if constexpr (std::is_same_v<T, v1::SideEffectRecord>) MapSideEffect(m, cx);
          if constexpr (std::is_same_v<T, v1::CarePlanRecord>) MapCarePlan(m, cx);
          if constexpr (std::is_same_v<T, v1::TrialEnrolmentRecord>) MapTrialEnrolment(m, cx);
        });
      }
    }
    if (cx.failed()) {
      result.rejected = true;
      result.resources.clear();
      continue;
    }
    AddProvenance(result, options, cx);
  }
  return results;
}

}  // namespace mappers
