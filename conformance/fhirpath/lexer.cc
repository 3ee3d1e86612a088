// File: conformance/fhirpath/lexer.cc
#include "conformance/fhirpath/lexer.h"

#include "fhir/utf8.h"

namespace conformance::fhirpath {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads a quoted literal starting at text[*pos] == quote; unescapes into *out.
bool ReadQuoted(std::string_view text, size_t* pos, std::string* out, std::string* error) {
  const char quote = text[*pos];
  size_t i = *pos + 1;
  while (i < text.size() && text[i] != quote) {
    char c = text[i];
    if (c != '\\') {
      out->push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= text.size()) break;
    char e = text[i + 1];
    i += 2;
    switch (e) {
      case '\'': case '"': case '`': case '\\': case '/': out->push_back(e); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        uint32_t cp = 0;
        for (int k = 0; k < 4; ++k) {
          int h = i < text.size() ? HexValue(text[i]) : -1;
          if (h < 0) {
            *error = "invalid \\u escape";
            return false;
          }
          cp = cp * 16 + static_cast<uint32_t>(h);
          ++i;
        }
        fhir::AppendUtf8(static_cast<char32_t>(cp), out);
        break;
      }
      default:
        *error = std::string("invalid escape \\") + e;
        return false;
    }
  }
  if (i >= text.size()) {
    *error = "unterminated literal";
    return false;
  }
  *pos = i + 1;
  return true;
}

// The characters of a date, date-time or time literal after '@'.
size_t ScanTemporal(std::string_view t, size_t i, bool* has_time, bool* is_time) {
  *is_time = i < t.size() && t[i] == 'T';
  *has_time = false;
  auto time_part = [&](size_t j) {
    while (j < t.size() && (IsDigit(t[j]) || t[j] == ':' || (t[j] == '.' && j + 1 < t.size() && IsDigit(t[j + 1])))) ++j;
    return j;
  };
  if (*is_time) return time_part(i + 1);
  while (i < t.size() && (IsDigit(t[i]) || (t[i] == '-' && i + 1 < t.size() && IsDigit(t[i + 1])))) ++i;
  if (i < t.size() && t[i] == 'T') {
    *has_time = true;
    i = time_part(i + 1);
    if (i < t.size() && t[i] == 'Z') {
      ++i;
    } else if (i < t.size() && (t[i] == '+' || t[i] == '-') && i + 5 < t.size() + 0 && IsDigit(t[i + 1]) &&
               IsDigit(t[i + 2]) && t[i + 3] == ':') {
      i += 6;
    }
  }
  return i;
}

}  // namespace

bool Tokenize(std::string_view text, std::vector<Token>* tokens, std::string* error, uint32_t* error_position) {
  size_t i = 0;
  while (true) {
    // Whitespace and comments.
    while (i < text.size()) {
      char c = text[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++i;
      } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
        while (i < text.size() && text[i] != '\n') ++i;
      } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
        size_t end = text.find("*/", i + 2);
        if (end == std::string_view::npos) {
          *error = "unterminated comment";
          *error_position = static_cast<uint32_t>(i);
          return false;
        }
        i = end + 2;
      } else {
        break;
      }
    }
    Token tok;
    tok.position = static_cast<uint32_t>(i);
    if (i >= text.size()) {
      tokens->push_back(std::move(tok));
      return true;
    }
    const char c = text[i];
    if (IsIdentStart(c)) {
      size_t j = i;
      while (j < text.size() && IsIdentChar(text[j])) ++j;
      tok.kind = TokenKind::kIdentifier;
      tok.text = std::string(text.substr(i, j - i));
      i = j;
    } else if (c == '`' || c == '\'') {
      tok.kind = c == '`' ? TokenKind::kDelimited : TokenKind::kString;
      if (!ReadQuoted(text, &i, &tok.text, error)) {
        *error_position = tok.position;
        return false;
      }
    } else if (IsDigit(c)) {
      size_t j = i;
      while (j < text.size() && IsDigit(text[j])) ++j;
      if (j + 1 < text.size() && text[j] == '.' && IsDigit(text[j + 1])) {
        ++j;
        while (j < text.size() && IsDigit(text[j])) ++j;
      }
      tok.kind = TokenKind::kNumber;
      tok.text = std::string(text.substr(i, j - i));
      if (j < text.size() && text[j] == 'L') {
        tok.kind = TokenKind::kLongNumber;
        ++j;
      }
      i = j;
    } else if (c == '@') {
      bool has_time, is_time;
      size_t j = ScanTemporal(text, i + 1, &has_time, &is_time);
      tok.kind = is_time ? TokenKind::kTime : has_time ? TokenKind::kDateTime : TokenKind::kDate;
      tok.text = std::string(text.substr(i + 1 + (is_time ? 1 : 0), j - i - 1 - (is_time ? 1 : 0)));
      i = j;
    } else if (c == '%' || c == '$') {
      tok.kind = c == '%' ? TokenKind::kConstant : TokenKind::kSpecial;
      size_t j = i + 1;
      if (c == '%' && j < text.size() && (text[j] == '`' || text[j] == '\'')) {
        if (!ReadQuoted(text, &j, &tok.text, error)) {
          *error_position = tok.position;
          return false;
        }
      } else {
        // %vs-name / %ext-name carry dashes.
        while (j < text.size() && (IsIdentChar(text[j]) || (c == '%' && text[j] == '-'))) ++j;
        tok.text = std::string(text.substr(i + 1, j - i - 1));
      }
      if (tok.text.empty()) {
        *error = std::string("expected a name after '") + c + "'";
        *error_position = tok.position;
        return false;
      }
      i = j;
    } else {
      static constexpr std::string_view kTwo[] = {"!=", "!~", "<=", ">="};
      tok.kind = TokenKind::kSymbol;
      for (std::string_view two : kTwo) {
        if (text.substr(i, 2) == two) tok.text = std::string(two);
      }
      if (tok.text.empty()) {
        if (std::string_view(".[](),{}+-*/|&=~<>").find(c) == std::string_view::npos) {
          *error = "unexpected character '" + std::string(1, c) + "'";
          *error_position = tok.position;
          return false;
        }
        tok.text = std::string(1, c);
      }
      i += tok.text.size();
    }
    tokens->push_back(std::move(tok));
  }
}

}  // namespace conformance::fhirpath
