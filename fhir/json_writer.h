// File: fhir/json_writer.h
// Writes the element tree as FHIR JSON: resourceType first, properties in tree order, primitives
// with their `_name` companions, numbers from their exact text.
#ifndef FHIRGW_FHIR_JSON_WRITER_H_
#define FHIRGW_FHIR_JSON_WRITER_H_

#include <string>
#include <string_view>

#include "fhir/element.h"

namespace fhir {

struct JsonWriteOptions {
  bool pretty = false;  // two-space indentation and one property per line
};

// Appends `element` (normally a resource) as a JSON object to `out`.
void WriteJson(const Element& element, const JsonWriteOptions& options, std::string* out);

// Returns `element` as a JSON object.
std::string WriteJson(const Element& element, const JsonWriteOptions& options = {});

// Appends `text` as a JSON string literal (quoted and escaped) to `out`.
void AppendJsonString(std::string_view text, std::string* out);

// Writes `text` as a JSON string literal at `out`, which must have room for
// MaxJsonStringSize(text.size()) bytes; returns the end of what was written. For writers that
// size their buffer once (the OperationOutcome writer) instead of growing a string per piece.
char* WriteJsonString(std::string_view text, char* out);
constexpr size_t MaxJsonStringSize(size_t text_size) { return 2 + 6 * text_size; }  // "\u00XX" per byte

}  // namespace fhir

#endif  // FHIRGW_FHIR_JSON_WRITER_H_
