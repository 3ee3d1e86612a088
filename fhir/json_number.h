// File: fhir/json_number.h
// The JSON number grammar (RFC 8259), which FHIR JSON uses for integer and decimal values.
#ifndef FHIRGW_FHIR_JSON_NUMBER_H_
#define FHIRGW_FHIR_JSON_NUMBER_H_

#include <string_view>

namespace fhir {

enum class JsonNumberError {
  kNone,
  kLeadingZero,  // "01", "-007": JSON and FHIR forbid leading zeros
  kMalformed,    // anything else that is not -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
};

// Classifies `text` (a whole token, no surrounding whitespace).
JsonNumberError CheckJsonNumber(std::string_view text);

}  // namespace fhir

#endif  // FHIRGW_FHIR_JSON_NUMBER_H_
