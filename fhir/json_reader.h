// File: fhir/json_reader.h
// Reads FHIR JSON into the element tree.
//
// The reader knows JSON and FHIR's JSON rules (no nulls outside primitive arrays, no empty
// objects, arrays or strings, `_name` companions for primitives, numbers as JSON numbers,
// `resourceType` on resources), not StructureDefinitions: those are the validator's business.
// Every problem becomes an issue with line and column; none throws or crashes.
#ifndef FHIRGW_FHIR_JSON_READER_H_
#define FHIRGW_FHIR_JSON_READER_H_

#include <cstdint>
#include <string_view>

#include "fhir/document.h"

namespace fhir {

struct JsonReadOptions {
  // Deepest object/array nesting accepted; deeper input is a fatal issue (bounds stack use).
  // Real resources stay far below this (a deeply nested Questionnaire reaches ~40).
  uint32_t max_depth = 256;
};

// Parses one FHIR JSON resource. Always returns a Document: its issues say what was wrong. When
// the text is not JSON at all (fatal issue), the document has no root. Thread-safe (each thread
// keeps its own parser).
Document ReadJson(std::string_view json, const JsonReadOptions& options = {});

}  // namespace fhir

#endif  // FHIRGW_FHIR_JSON_READER_H_
