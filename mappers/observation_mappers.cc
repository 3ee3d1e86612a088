// File: mappers/observation_mappers.cc
// Observations: TNM staging (stage group with T, N and M categories), tumour markers, disease
// status assessments and performance status (ECOG, Karnofsky).
#include "mappers/mappers.h"
#include "mappers/profiles.h"

namespace mappers {
namespace {

constexpr std::string_view kCategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr std::string_view kLoinc = "http://loinc.org";

// status, category, code, subject, effective: what every Observation here starts with.
fhir::Node& StartObservation(MappedResource& out, std::string_view category, fhir::Node code, fhir::Node subject,
                             const std::optional<std::string>& date) {
  fhir::Node& o = out.resource;
  o.Set("status", "final");
  o.Add("category", SingleCoding(kCategorySystem, category));
  o.Put("code", std::move(code));
  o.Put("subject", std::move(subject));
  if (date) o.Set("effectiveDateTime", *date);
  RecordContext::Trace(out, "Observation.subject", "patient_record_id");
  RecordContext::Trace(out, "Observation.effective", "date");
  return o;
}

}  // namespace

void MapStaging(const v1::StagingRecord& r, RecordContext& cx) {
  const std::string basis = r.basis().empty() ? "clinical" : r.basis();
  if (basis != "clinical" && basis != "pathologic") {
    cx.Error("basis", "record-code-invalid", fhir::Concat("basis '", r.basis(), "' is not clinical or pathologic"));
  }
  std::optional<fhir::Node> subject = cx.Subject(r.patient_record_id());
  std::optional<fhir::Node> focus = cx.Ref("Condition", "condition", r.condition_record_id(), "condition_record_id", true);
  std::optional<fhir::Node> method = cx.Concept("staging-system", r.staging_system(), {}, "staging_system", true);
  std::optional<fhir::Node> group = cx.Concept("tnm-value", r.stage_group(), r.stage_group(), "stage_group", true);
  std::optional<std::string> date = cx.Date(r.date(), "date", true);
  struct Category {
    std::string_view part, field, profile;
    const std::string& value;
  };
  const Category categories[] = {{"t", "t_category", profiles::kTnmPrimaryTumor, r.t_category()},
                                 {"n", "n_category", profiles::kTnmRegionalNodes, r.n_category()},
                                 {"m", "m_category", profiles::kTnmDistantMetastases, r.m_category()}};
  std::vector<std::optional<fhir::Node>> values;
  for (const Category& k : categories) {
    values.push_back(k.value.empty() ? std::nullopt : cx.Concept("tnm-value", k.value, k.value, k.field, true));
  }
  if (cx.failed()) return;

  std::vector<std::string> member_ids;
  for (size_t i = 0; i < 3; ++i) {
    if (!values[i]) continue;
    const Category& k = categories[i];
    std::optional<fhir::Node> code = cx.Concept("staging-type", fhir::Concat(basis, "-", k.part), {}, "basis", true);
    if (!code) return;
    MappedResource& out = cx.Add("Observation", k.profile, k.part);
    fhir::Node& o = StartObservation(out, "survey", std::move(*code), *subject, date);
    o.Add("focus", *focus);
    o.Put("method", *method);
    o.Put("valueCodeableConcept", std::move(*values[i]));
    RecordContext::Trace(out, "Observation.value", std::string(k.field));
    member_ids.push_back(out.id);
  }
  std::optional<fhir::Node> code = cx.Concept("staging-type", fhir::Concat(basis, "-group"), {}, "basis", true);
  if (!code) return;
  MappedResource& out = cx.Add("Observation", profiles::kTnmStageGroup);
  fhir::Node& o = StartObservation(out, "survey", std::move(*code), std::move(*subject), date);
  o.Add("focus", std::move(*focus));
  RecordContext::Trace(out, "Observation.focus", "condition_record_id");
  o.Put("method", std::move(*method));
  RecordContext::Trace(out, "Observation.method", "staging_system");
  o.Put("valueCodeableConcept", std::move(*group));
  RecordContext::Trace(out, "Observation.value", "stage_group");
  for (const std::string& id : member_ids) {
    fhir::Node ref;
    ref.Set("reference", fhir::Concat("Observation/", id));
    o.Add("hasMember", std::move(ref));
  }
}

void MapTumorMarker(const v1::TumorMarkerRecord& r, RecordContext& cx) {
  std::optional<fhir::Node> subject = cx.Subject(r.patient_record_id());
  std::optional<fhir::Node> code = cx.Concept("tumor-marker", r.marker().code(), r.marker().display(), "marker", true);
  std::optional<std::string> date = cx.Date(r.date(), "date", true);
  std::optional<fhir::Node> condition =
      cx.Ref("Condition", "condition", r.condition_record_id(), "condition_record_id", false);
  std::optional<fhir::Node> answer;
  if (!r.has_percent()) {
    if (r.result().empty()) {
      cx.Error("result", "record-field-missing", "a tumour marker needs a result or a percent value");
    } else {
      answer = cx.Concept("marker-result", r.result(), {}, "result", true);
    }
  } else if (r.percent() < 0 || r.percent() > 100) {
    cx.Error("percent", "record-value-out-of-range", fhir::Concat("percent ", DecimalText(r.percent()), " is not between 0 and 100"));
  }
  if (cx.failed()) return;

  MappedResource& out = cx.Add("Observation", profiles::kTumorMarkerTest);
  fhir::Node& o = out.resource;
  if (condition) {
    fhir::Node ext;
    ext.Set("url", profiles::kRelatedCondition).Put("valueReference", std::move(*condition));
    o.Add("extension", std::move(ext));
    RecordContext::Trace(out, "Observation.extension", "condition_record_id");
  }
  StartObservation(out, "laboratory", std::move(*code), std::move(*subject), date);
  RecordContext::Trace(out, "Observation.code", "marker");
  if (answer) {
    o.Put("valueCodeableConcept", std::move(*answer));
  } else {
    fhir::Node q;
    q.SetNumber("value", DecimalText(r.percent())).Set("unit", "%").Set("system", "http://unitsofmeasure.org").Set("code", "%");
    o.Put("valueQuantity", std::move(q));
  }
  RecordContext::Trace(out, "Observation.value", r.has_percent() ? "percent" : "result");
  if (!r.method().empty()) {
    fhir::Node method;
    method.Set("text", r.method());
    o.Put("method", std::move(method));
    RecordContext::Trace(out, "Observation.method", "method");
  }
}

void MapDiseaseStatus(const v1::DiseaseStatusRecord& r, RecordContext& cx) {
  std::optional<fhir::Node> subject = cx.Subject(r.patient_record_id());
  std::optional<fhir::Node> focus = cx.Ref("Condition", "condition", r.condition_record_id(), "condition_record_id", true);
  std::optional<fhir::Node> value = cx.Concept("disease-status", r.status(), r.status(), "status", true);
  std::optional<std::string> date = cx.Date(r.date(), "date", true);
  std::vector<fhir::Node> evidence;
  for (int i = 0; i < r.evidence_size(); ++i) {
    if (auto e = cx.Concept("status-evidence", r.evidence(i), r.evidence(i), fhir::Concat("evidence[", i, "]"), false)) {
      evidence.push_back(std::move(*e));
    }
  }
  if (cx.failed()) return;
  MappedResource& out = cx.Add("Observation", profiles::kCancerDiseaseStatus);
  fhir::Node& o = out.resource;
  for (fhir::Node& e : evidence) o.Add("extension", CodeableExtension(profiles::kEvidenceType, std::move(e)));
  RecordContext::Trace(out, "Observation.extension", "evidence");
  fhir::Node code = SingleCoding(kLoinc, "97509-4", "Cancer Disease Progression");
  StartObservation(out, "survey", std::move(code), std::move(*subject), date);
  o.Add("focus", std::move(*focus));
  RecordContext::Trace(out, "Observation.focus", "condition_record_id");
  o.Put("valueCodeableConcept", std::move(*value));
  RecordContext::Trace(out, "Observation.value", "status");
}

void MapPerformanceStatus(const v1::PerformanceStatusRecord& r, RecordContext& cx) {
  const bool ecog = r.scale() == "ECOG";
  if (!ecog && r.scale() != "KARNOFSKY") {
    cx.Error("scale", "record-code-invalid", fhir::Concat("scale '", r.scale(), "' is not ECOG or KARNOFSKY"));
  } else if (ecog ? (r.score() < 0 || r.score() > 5) : (r.score() < 0 || r.score() > 100 || r.score() % 10 != 0)) {
    cx.Error("score", "record-value-out-of-range",
             fhir::Concat("score ", r.score(), ecog ? " is not an ECOG grade 0-5" : " is not a Karnofsky score 0-100 in tens"));
  }
  std::optional<fhir::Node> subject = cx.Subject(r.patient_record_id());
  std::optional<std::string> date = cx.Date(r.date(), "date", true);
  if (cx.failed()) return;
  MappedResource& out = cx.Add("Observation", ecog ? profiles::kEcog : profiles::kKarnofsky);
  fhir::Node code = ecog ? SingleCoding(kLoinc, "89247-1", "ECOG Performance Status score")
                         : SingleCoding(kLoinc, "89243-0", "Karnofsky Performance Status score");
  fhir::Node& o = StartObservation(out, "survey", std::move(code), std::move(*subject), date);
  o.SetInteger("valueInteger", r.score());
  RecordContext::Trace(out, "Observation.value", "score");
}

}  // namespace mappers
