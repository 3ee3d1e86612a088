// File: mappers/concept_maps.h
// Local code -> standard code, from FHIR ConceptMap resources (mappers/concept_maps/*.json by
// default; a hospital replaces or extends them with its own). A map is named by the part of its
// url after "urn:fhirgw:conceptmap:" (or its id), e.g. "drug"; one local code may map to codes
// in several systems (a diagnosis to SNOMED CT and to ICD-10-CM).
#ifndef FHIRGW_MAPPERS_CONCEPT_MAPS_H_
#define FHIRGW_MAPPERS_CONCEPT_MAPS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fhir/text.h"

namespace mappers {

struct StandardCode {
  std::string system;
  std::string code;
  std::string display;
};

// Read-only after loading; safe to share across threads.
class ConceptMaps {
 public:
  // Loads every ConceptMap in `paths` (JSON files, or directories of them). A later map with
  // the same name replaces an earlier one, so a hospital's directory given last overrides the
  // shipped maps. Errors: unreadable files, a file that is not a ConceptMap.
  static absl::StatusOr<std::unique_ptr<ConceptMaps>> Load(const std::vector<std::string>& paths);

  // The standard codes for `local_code` in map `map`; empty when the map or code is unknown.
  const std::vector<StandardCode>& Lookup(std::string_view map, std::string_view local_code) const;
  bool HasMap(std::string_view map) const { return maps_.contains(map); }
  size_t map_count() const { return maps_.size(); }

 private:
  absl::Status AddFile(const std::string& path);
  fhir::StringMap<fhir::StringMap<std::vector<StandardCode>>> maps_;
};

// The maps shipped in the source tree (mappers/concept_maps), or $FHIRGW_CONCEPT_MAPS.
std::string DefaultConceptMapDir();

}  // namespace mappers

#endif  // FHIRGW_MAPPERS_CONCEPT_MAPS_H_
