// File: mappers/side_effect_mapper.cc
// SideEffectRecord -> AdverseEvent (R4): the CTCAE term, grade (as severity, with the grade
// itself in the text), seriousness, onset, outcome (resolved, ongoing, long-term), and the
// suspected cause (a medication or procedure of the batch).
#include "mappers/mappers.h"

namespace mappers {

void MapSideEffect(const v1::SideEffectRecord& r, RecordContext& cx) {
  std::optional<fhir::Node> subject = cx.Subject(r.patient_record_id());
  std::optional<fhir::Node> event = cx.Concept("side-effect", r.term().code(), r.term().display(), "term", true);
  std::optional<std::string> onset = cx.Date(r.onset_date(), "onset_date", true);
  std::optional<std::string> resolved = cx.Date(r.resolution_date(), "resolution_date", false);
  if (onset && resolved && *resolved < *onset) cx.Error("resolution_date", "record-date-order", "resolution_date is before onset_date");
  if (r.grade() < 1 || r.grade() > 5) {
    cx.Error("grade", "record-value-out-of-range", fhir::Concat("grade ", r.grade(), " is not a CTCAE grade 1-5"));
  }
  // The suspected cause's resource type depends on the record it names.
  std::optional<fhir::Node> cause;
  if (!r.suspected_cause_record_id().empty()) {
    auto type = cx.batch().types.find(r.suspected_cause_record_id());
    if (type == cx.batch().types.end()) {
      cx.Warning("suspected_cause_record_id", "reference-not-in-batch",
                 fhir::Concat("suspected cause '", r.suspected_cause_record_id(),
                              "' is not a medication or procedure record of this batch: the suspect is left out"));
    } else if (type->second.first == "MedicationRequest") {
      // R4 AdverseEvent.suspectEntity names what was given or done, not an order.
      cx.Warning("suspected_cause_record_id", "suspect-is-an-order",
                 fhir::Concat("suspected cause '", r.suspected_cause_record_id(),
                              "' is a medication order; AdverseEvent.suspectEntity takes an administration or a "
                              "procedure: the suspect is left out"));
    } else {
      cause = cx.Ref(type->second.first, type->second.second, r.suspected_cause_record_id(), "suspected_cause_record_id", true);
    }
  }
  if (cx.failed()) return;

  MappedResource& out = cx.Add("AdverseEvent", {});
  fhir::Node& a = out.resource;
  a.Set("actuality", "actual");
  a.Put("event", std::move(*event));
  RecordContext::Trace(out, "AdverseEvent.event", "term");
  a.Put("subject", std::move(*subject));
  RecordContext::Trace(out, "AdverseEvent.subject", "patient_record_id");
  a.Set("date", *onset);
  RecordContext::Trace(out, "AdverseEvent.date", "onset_date");
  a.Put("seriousness", SingleCoding("http://terminology.hl7.org/CodeSystem/adverse-event-seriousness",
                                    r.serious() ? "serious" : "non-serious", r.serious() ? "Serious" : "Non-serious"));
  RecordContext::Trace(out, "AdverseEvent.seriousness", "serious");
  std::string_view severity = r.grade() <= 1 ? "mild" : r.grade() == 2 ? "moderate" : "severe";
  fhir::Node sev = SingleCoding("http://terminology.hl7.org/CodeSystem/adverse-event-severity", severity);
  sev.Set("text", fhir::Concat("CTCAE grade ", r.grade()));
  a.Put("severity", std::move(sev));
  RecordContext::Trace(out, "AdverseEvent.severity", "grade");
  std::string_view outcome = r.grade() == 5           ? "fatal"
                             : resolved && r.long_term() ? "resolvedWithSequelae"
                             : resolved                  ? "resolved"
                                                         : "ongoing";
  fhir::Node out_concept = SingleCoding("http://terminology.hl7.org/CodeSystem/adverse-event-outcome", outcome);
  std::string text = resolved ? fhir::Concat("resolved ", *resolved) : std::string("ongoing");
  if (r.long_term()) text += "; long-term";
  if (!r.action_taken().empty()) fhir::Append(&text, "; action taken: ", r.action_taken());
  out_concept.Set("text", text);
  a.Put("outcome", std::move(out_concept));
  RecordContext::Trace(out, "AdverseEvent.outcome", "resolution_date");
  if (cause) {
    fhir::Node suspect;
    suspect.Put("instance", std::move(*cause));
    a.Add("suspectEntity", std::move(suspect));
    RecordContext::Trace(out, "AdverseEvent.suspectEntity", "suspected_cause_record_id");
  }
}

}  // namespace mappers
