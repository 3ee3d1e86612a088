// File: fhir/json_syntax.h
// Locates the first syntax error in a JSON text, with a message a person can act on.
//
// simdjson's stage 1 (see json_reader.cc) says *that* a text has invalid UTF-8, an unclosed
// string or a raw control character, but not *where*. Only then does the reader call this
// slower, byte-by-byte scanner to find the exact offset and kind of the first hard error. Faults the reader reports itself without stopping
// (numbers with leading zeros, raw control characters in strings) are skipped here.
#ifndef FHIRGW_FHIR_JSON_SYNTAX_H_
#define FHIRGW_FHIR_JSON_SYNTAX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fhir {

struct JsonSyntaxError {
  uint32_t offset = 0;      // byte offset of the offending character
  std::string message_id;   // e.g. "json-expected-colon"
  std::string text;         // e.g. "expected ':' after the property name"
};

// Returns the first hard syntax error in `text`, or nullopt when the text is well-formed JSON
// (apart from the soft faults above). Nesting deeper than `max_depth` is an error. Iterative:
// bounded stack use whatever the input.
std::optional<JsonSyntaxError> FindJsonSyntaxError(std::string_view text, uint32_t max_depth);

}  // namespace fhir

#endif  // FHIRGW_FHIR_JSON_SYNTAX_H_
