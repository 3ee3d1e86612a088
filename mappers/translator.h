// File: mappers/translator.h
// Translates a batch of internal records into FHIR resources: one mapper per record kind, a
// Provenance per translated record, and the accounting the callers need (every record comes
// back translated or rejected with its reasons). Thread-safe: holds only read-only maps.
#ifndef FHIRGW_MAPPERS_TRANSLATOR_H_
#define FHIRGW_MAPPERS_TRANSLATOR_H_

#include <memory>
#include <vector>

#include "fhirgw/oncology/v1/records.pb.h"
#include "mappers/concept_maps.h"
#include "mappers/record_context.h"
#include "mappers/translation.h"

namespace mappers {

class Translator {
 public:
  // `maps` must outlive the translator.
  explicit Translator(const ConceptMaps& maps) : maps_(maps) {}

  // `carry`, when given, holds the records of earlier calls (a stream translated record by
  // record): references to them resolve as if they were in this batch; this batch is added.
  std::vector<RecordResult> Translate(const std::vector<v1::Record>& records, const TranslateOptions& options,
                                      BatchIndex* carry = nullptr) const;

 private:
  const ConceptMaps& maps_;
};

// The kind name of a record ("patient", "condition", ...), "" when it holds nothing.
std::string_view RecordKind(const v1::Record& record);
// Its Source (a default one when it holds nothing).
const v1::Source& RecordSource(const v1::Record& record);
// The patient it belongs to (its own id for a patient record).
std::string_view RecordPatient(const v1::Record& record);

}  // namespace mappers

#endif  // FHIRGW_MAPPERS_TRANSLATOR_H_
