// File: mappers/bundles.h
// Assembles translated resources into Bundles, one per patient: a collection Bundle shaped to
// the mCODE patient bundle profile, or a transaction Bundle of conditional updates keyed by
// identifier (for loading into a FHIR server). Resources shared by several records (a trial's
// ResearchStudy) appear once.
#ifndef FHIRGW_MAPPERS_BUNDLES_H_
#define FHIRGW_MAPPERS_BUNDLES_H_

#include <string>
#include <vector>

#include "mappers/translation.h"

namespace mappers {

enum class BundleKind { kCollection, kTransaction };

struct PatientBundle {
  std::string patient_record_id;
  fhir::Node bundle;
  size_t entries = 0;
};

// `base_url`: the RESTful base the entries' fullUrls use, so that "Patient/<id>" references
// resolve inside the Bundle. Rejected records contribute nothing.
std::vector<PatientBundle> BuildPatientBundles(const std::vector<RecordResult>& results, BundleKind kind,
                                               std::string_view base_url);

}  // namespace mappers

#endif  // FHIRGW_MAPPERS_BUNDLES_H_
