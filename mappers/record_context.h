// File: mappers/record_context.h
// What every mapper uses while translating one record: code lookups through the ConceptMaps
// (an unmapped code is an issue on the record's field, never a guessed code), references to
// other records' resources (by their stable ids), date checks, and the record's issues.
#ifndef FHIRGW_MAPPERS_RECORD_CONTEXT_H_
#define FHIRGW_MAPPERS_RECORD_CONTEXT_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "fhirgw/oncology/v1/records.pb.h"
#include "mappers/concept_maps.h"
#include "mappers/translation.h"

namespace mappers {

namespace v1 = fhirgw::oncology::v1;

// The records of one batch by kind and id, to tell a reference to a record sent before from
// one that cannot resolve.
struct BatchIndex {
  absl::flat_hash_set<std::string> keys;  // "kind|record_id"
  absl::flat_hash_set<std::string> primary_conditions;  // record ids of PRIMARY conditions
  // Medication and procedure record ids -> (resource type, record kind): what a side effect's
  // suspected cause or a care plan's activity refers to.
  absl::flat_hash_map<std::string, std::pair<std::string, std::string>> types;
  bool Has(std::string_view kind, std::string_view record_id) const {
    return keys.contains(fhir::Concat(kind, "|", record_id));
  }
};

// Stable ids already computed in one translation call (references repeat: every record of a
// patient names the patient). Not shared between threads.
using IdCache = absl::flat_hash_map<std::string, std::string>;

struct TranslateOptions {
  // Provenance.recorded: when the translation happened (fixed in golden tests).
  std::string recorded_at;
};

class RecordContext {
 public:
  RecordContext(const ConceptMaps& maps, const BatchIndex& batch, const TranslateOptions& options,
                std::string_view kind, const v1::Source& source, RecordResult* result, IdCache* ids = nullptr);

  // Issues on field `field` of the record. An error rejects the record.
  void Error(std::string_view field, std::string_view message_id, std::string text);
  void Warning(std::string_view field, std::string_view message_id, std::string text);

  // A CodeableConcept with every standard code `local` maps to in `map` (and the local display
  // as text). nullopt, with an error when `required` (else a warning), when it maps to nothing.
  std::optional<fhir::Node> Concept(std::string_view map, std::string_view code, std::string_view local_display,
                                    std::string_view field, bool required);
  // Like Concept, but an unmapped code becomes a text-only CodeableConcept (`text`), with a
  // warning saying so: for elements that must be present and may be free text.
  fhir::Node ConceptOrText(std::string_view map, std::string_view code, std::string_view text, std::string_view field);
  // The first standard code `code` maps to in `map`; null (with an issue as for Concept) when none.
  const StandardCode* Code(std::string_view map, std::string_view code, std::string_view field, bool required);
  // The first standard code of `code` in `map` as a Coding.
  std::optional<fhir::Node> Coding(std::string_view map, std::string_view code, std::string_view field, bool required);

  // A Reference to the resource of another record ("Patient/<stable id>"). An empty id is an
  // error when `required`; an id not in this batch is a warning (it may have been sent before).
  std::optional<fhir::Node> Ref(std::string_view resource_type, std::string_view kind, std::string_view record_id,
                                std::string_view field, bool required);
  // The Reference to the record's patient (patient_record_id), required.
  std::optional<fhir::Node> Subject(std::string_view patient_record_id);

  // A valid FHIR date ("2024", "2024-03", "2024-03-05"); an error for an impossible one, or when
  // missing and `required`.
  std::optional<std::string> Date(std::string_view value, std::string_view field, bool required);

  // The stable id of this record's resource (`part` for the second and later resources).
  std::string Id(std::string_view part = {}) const;
  // Starts a resource: resourceType, id, meta.profile, identifier (source system | record id).
  MappedResource& Add(std::string_view type, std::string_view profile, std::string_view part = {});
  // Notes that FHIR path prefix `path` of `resource` came from record field `field`.
  // Literals are kept as views (no copy: most lineage is literal); other strings are copied.
  template <size_t N, size_t M>
  static void Trace(MappedResource& resource, const char (&path)[N], const char (&field)[M]) {
    resource.lineage.emplace_back(std::string_view(path, N - 1), std::string_view(field, M - 1));
  }
  static void Trace(MappedResource& resource, std::string_view path, std::string_view field) {
    std::string_view p = *resource.lineage_text.emplace_back(std::make_unique<std::string>(path));
    std::string_view f = *resource.lineage_text.emplace_back(std::make_unique<std::string>(field));
    resource.lineage.emplace_back(p, f);
  }

  // Facts with no element in the resources made; the record's Provenance carries them as text.
  void ProvenanceNote(std::string text) { result_->provenance_notes.push_back(std::move(text)); }

  const v1::Source& source() const { return source_; }
  const TranslateOptions& options() const { return options_; }
  const BatchIndex& batch() const { return batch_; }
  bool failed() const { return failed_; }

 private:
  void AddIssue(fhir::Severity severity, fhir::IssueType type, std::string_view field, std::string_view message_id,
                std::string text);

  const ConceptMaps& maps_;
  const BatchIndex& batch_;
  const TranslateOptions& options_;
  std::string kind_;
  const v1::Source& source_;
  RecordResult* result_;
  IdCache* ids_;
  bool failed_ = false;
};

// Valid FHIR date text (year, year-month or full date with a real day).
bool IsValidDate(std::string_view date);

}  // namespace mappers

#endif  // FHIRGW_MAPPERS_RECORD_CONTEXT_H_
