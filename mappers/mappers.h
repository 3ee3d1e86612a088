// File: mappers/mappers.h
// One mapper per record kind; each adds the resources it makes to the record's result through
// the RecordContext, and reports problems as issues on the record's fields.
#ifndef FHIRGW_MAPPERS_MAPPERS_H_
#define FHIRGW_MAPPERS_MAPPERS_H_

#include "mappers/record_context.h"

namespace mappers {

void MapPatient(const v1::PatientRecord& r, RecordContext& cx);
void MapCondition(const v1::ConditionRecord& r, RecordContext& cx);
void MapStaging(const v1::StagingRecord& r, RecordContext& cx);
void MapTumorMarker(const v1::TumorMarkerRecord& r, RecordContext& cx);
void MapDiseaseStatus(const v1::DiseaseStatusRecord& r, RecordContext& cx);
void MapPerformanceStatus(const v1::PerformanceStatusRecord& r, RecordContext& cx);
void MapMedication(const v1::MedicationRecord& r, RecordContext& cx);
void MapProcedure(const v1::ProcedureRecord& r, RecordContext& cx);
void MapSideEffect(const v1::SideEffectRecord& r, RecordContext& cx);
void MapCarePlan(const v1::CarePlanRecord& r, RecordContext& cx);
void MapTrialEnrolment(const v1::TrialEnrolmentRecord& r, RecordContext& cx);

// Shared pieces.
// An extension {url, valueCodeableConcept}.
fhir::Node CodeableExtension(std::string_view url, fhir::Node codeable);
// A CodeableConcept with one coding.
fhir::Node SingleCoding(std::string_view system, std::string_view code, std::string_view display = {});
// A decimal as FHIR JSON number text (shortest exact form).
std::string DecimalText(double v);
// A narrative {status: generated, div} whose text is `text` (escaped).
fhir::Node Narrative(std::string_view text);

}  // namespace mappers

#endif  // FHIRGW_MAPPERS_MAPPERS_H_
