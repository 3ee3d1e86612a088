// File: conformance/code_formats.h
// Format checks for codes of systems fhirgw does not ship: a wrong check digit is certainly an
// invalid code, even though membership cannot be checked here.
#ifndef FHIRGW_CONFORMANCE_CODE_FORMATS_H_
#define FHIRGW_CONFORMANCE_CODE_FORMATS_H_

#include <string_view>

namespace conformance {

inline constexpr std::string_view kLoincSystem = "http://loinc.org";
inline constexpr std::string_view kSnomedSystem = "http://snomed.info/sct";
inline constexpr std::string_view kMimeTypeSystem = "urn:ietf:bcp:13";

// LOINC: digits, '-', one check digit (mod 10, Luhn style), e.g. "16112-5". LOINC parts
// ("LP...") and answer codes ("LA...") are accepted by their prefix.
bool IsValidLoincCode(std::string_view code);

// SNOMED CT concept ids: 6-18 digits, no leading zero, ending in a Verhoeff check digit.
// Post-coordinated expressions (containing ':' or '|') are not checked and pass.
bool IsValidSnomedCode(std::string_view code);

// Media types (BCP 13): type "/" subtype as RFC 6838 names them (letters, digits and
// !#$&-^_.+, starting with a letter or digit, at most 127 each), then any parameters
// (; attribute=value, the value a quoted string or any printable run without ';', spaces
// included). Whether
// IANA registered the type is not checked: the check finds only codes that cannot be one.
bool IsValidMimeType(std::string_view code);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_CODE_FORMATS_H_
