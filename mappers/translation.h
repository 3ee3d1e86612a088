// File: mappers/translation.h
// The result of translating internal records: per record, the FHIR resources made from it (or
// the reasons it was rejected), with every issue naming the record and field it concerns.
#ifndef FHIRGW_MAPPERS_TRANSLATION_H_
#define FHIRGW_MAPPERS_TRANSLATION_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fhir/issue.h"
#include "fhir/tree_builder.h"

namespace mappers {

struct MappedResource {
  std::string type;     // "Condition"
  std::string id;       // stable id (see stable_id.h)
  std::string profile;  // the profile it is shaped to (also in meta.profile)
  // Identifier used for conditional updates ("system|value"); empty for resources without one.
  std::string identifier_system, identifier_value;
  fhir::Node resource;
  // Lineage: FHIR element path prefixes ("Condition.bodySite") and the record field each came
  // from. Views: into string literals (most), or into `lineage_text` for built strings.
  std::vector<std::pair<std::string_view, std::string_view>> lineage;
  std::vector<std::unique_ptr<std::string>> lineage_text;  // stable addresses across moves
};

struct RecordResult {
  size_t index = 0;        // position in the input
  std::string kind;        // "condition", "medication", ...
  std::string record_id;   // Source.record_id ("" when it has none)
  std::string source_system;
  std::string patient_record_id;  // whose record it is (the patient's own id for a patient)
  bool rejected = false;
  std::vector<MappedResource> resources;  // empty when rejected
  std::vector<std::string> provenance_notes;
  fhir::IssueList issues;
};

// "condition[c-7].site": how issues name a record's field.
std::string FieldRef(std::string_view kind, std::string_view record_id, std::string_view field);

// The record field a location in a mapped resource came from (longest lineage prefix), as a
// FieldRef; the record itself when no prefix matches.
std::string SourceOf(const RecordResult& record, const MappedResource& resource, std::string_view location);

}  // namespace mappers

#endif  // FHIRGW_MAPPERS_TRANSLATION_H_
