// File: fhir/utf8.h
// UTF-8 checks shared by the readers and writers.
#ifndef FHIRGW_FHIR_UTF8_H_
#define FHIRGW_FHIR_UTF8_H_

#include <cstddef>
#include <string_view>

namespace fhir {

// Returns the byte offset of the first ill-formed UTF-8 sequence in `text` (overlong forms,
// surrogates and code points above U+10FFFF are ill-formed), or std::string_view::npos.
size_t FindInvalidUtf8(std::string_view text);

// Appends the UTF-8 encoding of `code_point` (must be at most 0x10FFFF) to `out`.
void AppendUtf8(char32_t code_point, std::string* out);

}  // namespace fhir

#endif  // FHIRGW_FHIR_UTF8_H_
