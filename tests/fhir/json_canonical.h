// File: tests/fhir/json_canonical.h
// An independent JSON canonicaliser for round-trip tests: built directly on simdjson, not on
// fhirgw's reader, so that a test compares our output with the input through a second opinion.
// Objects get sorted keys, numbers keep their exact text, strings are compared unescaped.
#ifndef FHIRGW_TESTS_FHIR_JSON_CANONICAL_H_
#define FHIRGW_TESTS_FHIR_JSON_CANONICAL_H_

#include <optional>
#include <string>
#include <string_view>

namespace fhir::testing {

// Returns the canonical form of `json`, or nullopt when it is not valid JSON.
std::optional<std::string> CanonicalJson(std::string_view json);

}  // namespace fhir::testing

#endif  // FHIRGW_TESTS_FHIR_JSON_CANONICAL_H_
