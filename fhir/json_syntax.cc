// File: fhir/json_syntax.cc
#include "fhir/json_syntax.h"

#include <vector>

#include "fhir/text.h"
#include "fhir/json_number.h"
#include "fhir/utf8.h"

namespace fhir {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.' || c == '_';
}

class Scanner {
 public:
  Scanner(std::string_view text, uint32_t max_depth) : t_(text), max_depth_(max_depth) {}

  std::optional<JsonSyntaxError> Run() {
    if (size_t bad = FindInvalidUtf8(t_); bad != std::string_view::npos) {
      return Error(bad, "json-invalid-utf8", "the text is not valid UTF-8");
    }
    SkipSpace();
    if (i_ >= t_.size()) return Error(i_, "json-empty", "the document is empty");
    enum class Want { kValue, kKeyOrClose, kKey, kColon, kCommaOrClose, kValueOrClose };
    Want want = Want::kValue;
    while (true) {
      SkipSpace();
      if (i_ >= t_.size()) {
        if (stack_.empty() && want == Want::kCommaOrClose) return std::nullopt;
        return Error(i_, "json-truncated",
                     Concat("unexpected end of input with ", stack_.size(),
                                  " unclosed object(s) or array(s)"));
      }
      char c = t_[i_];
      switch (want) {
        case Want::kKeyOrClose:
          if (c == '}') {
            Close();
            want = Want::kCommaOrClose;
            break;
          }
          [[fallthrough]];
        case Want::kKey:
          if (c != '"') return Error(i_, "json-expected-property-name", "expected a property name in double quotes");
          if (auto e = ScanString()) return e;
          want = Want::kColon;
          break;
        case Want::kColon:
          if (c != ':') return Error(i_, "json-expected-colon", "expected ':' after the property name");
          ++i_;
          want = Want::kValue;
          break;
        case Want::kValueOrClose:
          if (c == ']') {
            Close();
            want = Want::kCommaOrClose;
            break;
          }
          [[fallthrough]];
        case Want::kValue: {
          if (c == '{' || c == '[') {
            if (stack_.size() >= max_depth_) {
              return Error(i_, "json-too-deep", Concat("nesting deeper than ", max_depth_, " levels"));
            }
            stack_.push_back(c);
            ++i_;
            want = c == '{' ? Want::kKeyOrClose : Want::kValueOrClose;
            break;
          }
          if (auto e = ScanScalar()) return e;
          want = Want::kCommaOrClose;
          break;
        }
        case Want::kCommaOrClose:
          if (stack_.empty()) return Error(i_, "json-trailing-content", "unexpected content after the end of the document");
          if (c == ',') {
            ++i_;
            want = stack_.back() == '{' ? Want::kKey : Want::kValue;
          } else if ((c == '}' && stack_.back() == '{') || (c == ']' && stack_.back() == '[')) {
            Close();
          } else {
            return Error(i_, "json-expected-comma",
                         stack_.back() == '{' ? "expected ',' or '}' after a property value"
                                              : "expected ',' or ']' after an array item");
          }
          break;
      }
    }
  }

 private:
  std::optional<JsonSyntaxError> Error(size_t at, std::string id, std::string text) {
    return JsonSyntaxError{static_cast<uint32_t>(at), std::move(id), std::move(text)};
  }
  void SkipSpace() {
    while (i_ < t_.size() && IsSpace(t_[i_])) ++i_;
  }
  void Close() {
    stack_.pop_back();
    ++i_;
  }

  std::optional<JsonSyntaxError> ScanString() {
    size_t start = i_++;
    while (i_ < t_.size()) {
      char c = t_[i_];
      if (c == '"') {
        ++i_;
        return std::nullopt;
      }
      if (c == '\\') {
        if (i_ + 1 >= t_.size()) break;
        char e = t_[i_ + 1];
        if (e == 'u') {
          for (size_t k = 2; k < 6; ++k) {
            if (i_ + k >= t_.size() || !IsHex(t_[i_ + k])) {
              return Error(i_, "json-invalid-escape", "\\u must be followed by four hex digits");
            }
          }
          i_ += 6;
          continue;
        }
        if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
          return Error(i_, "json-invalid-escape", Concat("invalid escape sequence '\\", std::string(1, e), "'"));
        }
        i_ += 2;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return Error(i_, "json-string-control-character",
                     "control characters (U+0000 to U+001F) in strings must be escaped");
      }
      ++i_;
    }
    return Error(start, "json-unterminated-string", "string is not closed before the end of input");
  }

  std::optional<JsonSyntaxError> ScanScalar() {
    size_t start = i_;
    char c = t_[i_];
    if (c == '"') return ScanString();
    while (i_ < t_.size() && IsTokenChar(t_[i_])) ++i_;
    std::string_view tok = t_.substr(start, i_ - start);
    if (tok.empty()) {
      return Error(start, "json-unexpected-character",
                   Concat("unexpected character '", std::string(1, c), "'"));
    }
    if (tok == "true" || tok == "false" || tok == "null") return std::nullopt;
    if (c == '-' || (c >= '0' && c <= '9')) {
      if (CheckJsonNumber(tok) != JsonNumberError::kMalformed) return std::nullopt;
      return Error(start, "json-invalid-number", Concat("'", tok, "' is not a valid JSON number"));
    }
    if (tok == "NaN" || tok == "Infinity") {
      return Error(start, "json-invalid-number", Concat("'", tok, "' is not a number FHIR JSON allows"));
    }
    return Error(start, "json-unexpected-token", Concat("unexpected token '", tok.substr(0, 40), "'"));
  }

  std::string_view t_;
  uint32_t max_depth_;
  size_t i_ = 0;
  std::vector<char> stack_;
};

}  // namespace

std::optional<JsonSyntaxError> FindJsonSyntaxError(std::string_view text, uint32_t max_depth) {
  return Scanner(text, max_depth).Run();
}

}  // namespace fhir
