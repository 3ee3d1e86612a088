// File: tests/fhir/xhtml_canonical.h
// XHTML compared as XML, for tests: whitespace-only text nodes dropped, character and entity
// references resolved, attributes written in one form.
#ifndef FHIRGW_TESTS_FHIR_XHTML_CANONICAL_H_
#define FHIRGW_TESTS_FHIR_XHTML_CANONICAL_H_

#include <string>
#include <string_view>

namespace fhir::testing {

// Returns the canonical form, or "<unparseable>" plus the input when it is not well-formed.
std::string CanonicalXhtml(std::string_view xhtml);

}  // namespace fhir::testing

#endif  // FHIRGW_TESTS_FHIR_XHTML_CANONICAL_H_
