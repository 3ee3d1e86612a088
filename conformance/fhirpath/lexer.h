// File: conformance/fhirpath/lexer.h
// Splits FHIRPath text into tokens (comments and whitespace dropped).
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_LEXER_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_LEXER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace conformance::fhirpath {

enum class TokenKind : uint8_t {
  kEnd,
  kIdentifier,   // name, keyword, or `delimited` (text is unescaped)
  kDelimited,    // `delimited` identifier: never a keyword
  kString,       // 'text' (unescaped)
  kNumber,       // 12, 1.50
  kLongNumber,   // 12L
  kDate,         // @2014-01 (text without '@')
  kDateTime,     // @2014-01-01T10:00
  kTime,         // @T10:30 (text without "@T")
  kConstant,     // %name, %`name`, %'name' (text without '%')
  kSpecial,      // $this, $index, $total (text without '$')
  kSymbol,       // . [ ] ( ) , { } + - * / | & = ~ != !~ < > <= >=
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  uint32_t position = 0;
};

// Returns false with `*error` and `*error_position` on an unterminated string or comment, an
// invalid escape, or a character that starts no token.
bool Tokenize(std::string_view text, std::vector<Token>* tokens, std::string* error, uint32_t* error_position);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_LEXER_H_
