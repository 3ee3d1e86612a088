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

void JsonTreeBuilder::FindNextBackslash(const char* from) {
  const void* found = std::memchr(from, '\\', static_cast<size_t>(source_ + end_ - from));
  next_backslash_ = found != nullptr ? static_cast<const char*>(found) : source_ + end_;
}

bool JsonTreeBuilder::ReadEscapedString(std::string_view token, std::string_view& value) {
  const std::string_view inner = token.substr(1, token.size() - 2);
  auto* dst = static_cast<uint8_t*>(doc_.arena().Allocate(inner.size() + simdjson::SIMDJSON_PADDING, 1));
  const uint8_t* end = strings_->parse_string(reinterpret_cast<const uint8_t*>(inner.data()), dst);
  if (end == nullptr) {
    // Point at the offending escape, not just the string.
    auto located = FindJsonSyntaxError(token, 1);
    return Fatal(Here() + (located ? located->offset : 0), "json-invalid-escape",
                 located ? located->text : "a string has an invalid escape sequence");
  }
  value = std::string_view(reinterpret_cast<const char*>(dst), static_cast<size_t>(end - dst));
  ++at_;
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
  ++at_;
  return true;
}

}  // namespace fhir
