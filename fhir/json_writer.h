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

}  // namespace fhir

#endif  // FHIRGW_FHIR_JSON_WRITER_H_
