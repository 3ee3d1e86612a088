// File: mappers/profiles.h
// Canonical URLs of the profiles and extensions the mappers shape resources to (facts from the
// mCODE STU4 4.0.0 and US Core 6.1.0 packages).
#ifndef FHIRGW_MAPPERS_PROFILES_H_
#define FHIRGW_MAPPERS_PROFILES_H_

#include <string_view>

namespace mappers::profiles {

#define FHIRGW_MCODE "http://hl7.org/fhir/us/mcode/StructureDefinition/"
#define FHIRGW_USCORE "http://hl7.org/fhir/us/core/StructureDefinition/"

inline constexpr std::string_view kCancerPatient = FHIRGW_MCODE "mcode-cancer-patient";
inline constexpr std::string_view kPrimaryCancerCondition = FHIRGW_MCODE "mcode-primary-cancer-condition";
inline constexpr std::string_view kSecondaryCancerCondition = FHIRGW_MCODE "mcode-secondary-cancer-condition";
inline constexpr std::string_view kTnmStageGroup = FHIRGW_MCODE "mcode-tnm-stage-group";
inline constexpr std::string_view kTnmPrimaryTumor = FHIRGW_MCODE "mcode-tnm-primary-tumor-category";
inline constexpr std::string_view kTnmRegionalNodes = FHIRGW_MCODE "mcode-tnm-regional-nodes-category";
inline constexpr std::string_view kTnmDistantMetastases = FHIRGW_MCODE "mcode-tnm-distant-metastases-category";
inline constexpr std::string_view kTumorMarkerTest = FHIRGW_MCODE "mcode-tumor-marker-test";
inline constexpr std::string_view kEcog = FHIRGW_MCODE "mcode-ecog-performance-status";
inline constexpr std::string_view kKarnofsky = FHIRGW_MCODE "mcode-karnofsky-performance-status";
inline constexpr std::string_view kCancerDiseaseStatus = FHIRGW_MCODE "mcode-cancer-disease-status";
inline constexpr std::string_view kMedicationRequest = FHIRGW_MCODE "mcode-cancer-related-medication-request";
inline constexpr std::string_view kMedicationAdministration = FHIRGW_MCODE "mcode-cancer-related-medication-administration";
inline constexpr std::string_view kSurgicalProcedure = FHIRGW_MCODE "mcode-cancer-related-surgical-procedure";
inline constexpr std::string_view kRadiotherapyCourse = FHIRGW_MCODE "mcode-radiotherapy-course-summary";
inline constexpr std::string_view kPatientBundle = FHIRGW_MCODE "mcode-patient-bundle";
inline constexpr std::string_view kCarePlan = FHIRGW_USCORE "us-core-careplan";
inline constexpr std::string_view kGoal = FHIRGW_USCORE "us-core-goal";
inline constexpr std::string_view kServiceRequest = FHIRGW_USCORE "us-core-servicerequest";
inline constexpr std::string_view kProvenance = FHIRGW_USCORE "us-core-provenance";

// Extensions.
inline constexpr std::string_view kUsCoreRace = FHIRGW_USCORE "us-core-race";
inline constexpr std::string_view kUsCoreEthnicity = FHIRGW_USCORE "us-core-ethnicity";
inline constexpr std::string_view kHistologyMorphology = FHIRGW_MCODE "mcode-histology-morphology-behavior";
inline constexpr std::string_view kLaterality = FHIRGW_MCODE "mcode-laterality-qualifier";
inline constexpr std::string_view kProcedureIntent = FHIRGW_MCODE "mcode-procedure-intent";
inline constexpr std::string_view kTerminationReason = FHIRGW_MCODE "mcode-treatment-termination-reason";
inline constexpr std::string_view kEvidenceType = FHIRGW_MCODE "mcode-cancer-disease-status-evidence-type";
inline constexpr std::string_view kRelatedCondition = FHIRGW_MCODE "mcode-related-condition";
inline constexpr std::string_view kModalityAndTechnique = FHIRGW_MCODE "mcode-radiotherapy-modality-and-technique";
inline constexpr std::string_view kModality = FHIRGW_MCODE "mcode-radiotherapy-modality";
inline constexpr std::string_view kTechnique = FHIRGW_MCODE "mcode-radiotherapy-technique";
inline constexpr std::string_view kSessions = FHIRGW_MCODE "mcode-radiotherapy-sessions";
inline constexpr std::string_view kDoseDelivered = FHIRGW_MCODE "mcode-radiotherapy-dose-delivered-to-volume";
inline constexpr std::string_view kConditionRelated = "http://hl7.org/fhir/StructureDefinition/condition-related";

#undef FHIRGW_MCODE
#undef FHIRGW_USCORE

}  // namespace mappers::profiles

#endif  // FHIRGW_MAPPERS_PROFILES_H_
