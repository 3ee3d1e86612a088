// File: fhir/json_scalars.cc
// JsonTreeBuilder's scalars: strings (unescaped only when they contain escapes), numbers (exact
// text, FHIR's JSON number rules) and the literals true, false and null.
#include <simdjson.h>

#include <cstring>

#include "fhir/json_number.h"
#include "fhir/json_syntax.h"
#include "fhir/json_tree_builder.h"
#include "fhir/text.h"

namespace fhir {
namespace {

// True when `s` contains a backslash. Eight bytes at a time: `s` always points into the
// Document's padded source, so reading up to 7 bytes past its end is safe (they are masked off).
bool HasBackslash(std::string_view s) {
  // Long strings (narrative, notes) go to the C library's vectorised search.
  if (s.size() > 24) return std::memchr(s.data(), '\\', s.size()) != nullptr;
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  constexpr uint64_t kBackslashes = 0x5C5C5C5C5C5C5C5Cull;
  for (size_t i = 0; i < s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, sizeof(word));
    const size_t left = s.size() - i;
    const uint64_t x = word ^ kBackslashes;  // zero bytes where there is a backslash
    uint64_t zero = (x - kOnes) & ~x & kHighs;
    if (left < 8) zero &= (uint64_t{1} << (8 * left)) - 1;
    if (zero != 0) return true;
  }
  return false;
}

}  // namespace

bool JsonTreeBuilder::ParseString(Element& out) {
  out.offset = Here();
  std::string_view token = Token();
  // Stage 1 guarantees every string is closed, so the token is the whole quoted string.
  std::string_view inner = token.substr(1, token.size() >= 2 ? token.size() - 2 : 0);
  if (!HasBackslash(inner)) {
    out.value = inner;
  } else {
    auto* dst = static_cast<uint8_t*>(doc_.arena().Allocate(inner.size() + simdjson::SIMDJSON_PADDING, 1));
    const uint8_t* end = strings_->parse_string(reinterpret_cast<const uint8_t*>(inner.data()), dst);
    if (end == nullptr) {
      // Point at the offending escape, not just the string.
      auto located = FindJsonSyntaxError(token, 1);
      return Fatal(Here() + (located ? located->offset : 0), "json-invalid-escape",
                   located ? located->text : "a string has an invalid escape sequence");
    }
    out.value = std::string_view(reinterpret_cast<const char*>(dst), static_cast<size_t>(end - dst));
  }
  out.kind = ValueKind::kString;
  ++pos_;
  return true;
}

bool JsonTreeBuilder::ParseScalar(Element& out) {
  std::string_view token = Token();
  const char c = token.empty() ? '\0' : token[0];
  if (token == "true" || token == "false") {
    out.kind = ValueKind::kBoolean;
    out.value = token;
  } else if (token == "null") {
    out.is_null = true;
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    switch (CheckJsonNumber(token)) {
      case JsonNumberError::kNone:
        break;
      case JsonNumberError::kLeadingZero:
        AddIssue(Severity::kError, IssueType::kValue, out.offset, "json-number-leading-zero",
                 Concat("the number '", token, "' has a leading zero"));
        break;
      case JsonNumberError::kMalformed:
        return Fatal(Here(), "json-invalid-number", Concat("'", token.substr(0, 40), "' is not a valid JSON number"));
    }
    out.kind = ValueKind::kNumber;
    out.value = token;
  } else if (token == "NaN" || token == "Infinity") {
    return Fatal(Here(), "json-invalid-number", Concat("'", token, "' is not a number FHIR JSON allows"));
  } else {
    return Fatal(Here(), "json-unexpected-token", Concat("unexpected token '", token.substr(0, 40), "'"));
  }
  ++pos_;
  return true;
}

}  // namespace fhir
