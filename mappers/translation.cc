// File: mappers/translation.cc
#include "mappers/translation.h"

#include "fhir/text.h"

namespace mappers {

std::string FieldRef(std::string_view kind, std::string_view record_id, std::string_view field) {
  std::string out = fhir::Concat(kind, "[", record_id, "]");
  if (!field.empty()) fhir::Append(&out, ".", field);
  return out;
}

std::string SourceOf(const RecordResult& record, const MappedResource& resource, std::string_view location) {
  size_t best = 0;
  std::string_view field;
  for (const auto& [path, source_field] : resource.lineage) {
    if (location.starts_with(path) && path.size() > best &&
        (location.size() == path.size() || location[path.size()] == '.' || location[path.size()] == '[')) {
      best = path.size();
      field = source_field;
    }
  }
  return FieldRef(record.kind, record.record_id, field);
}

}  // namespace mappers
