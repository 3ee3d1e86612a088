// File: conformance/code_formats.cc
#include "conformance/code_formats.h"

#include <algorithm>

namespace conformance {

bool IsValidLoincCode(std::string_view code) {
  if (code.starts_with("LP") || code.starts_with("LA") || code.starts_with("LG") || code.starts_with("LL")) {
    return code.size() > 3 && code.find('-') != std::string_view::npos;
  }
  size_t dash = code.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 2 != code.size() || dash > 7) return false;
  int sum = 0;
  bool doubled = true;  // from the rightmost digit of the base number
  for (size_t i = dash; i-- > 0;) {
    char c = code[i];
    if (c < '0' || c > '9') return false;
    int d = c - '0';
    if (doubled) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  char check = code[dash + 1];
  return check >= '0' && check <= '9' && (10 - sum % 10) % 10 == check - '0';
}

bool IsValidSnomedCode(std::string_view code) {
  // Concept ids are all digits; anything else is valid only as a post-coordinated expression
  // (find_first_of on every code was a dozen library calls per SNOMED CT coding).
  const bool digits = std::all_of(code.begin(), code.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (!digits) return code.find_first_of(":|=()+{}") != std::string_view::npos;
  if (code.size() < 6 || code.size() > 18 || code[0] == '0') return false;
  static const int kD[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                                 {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                                 {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                                 {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                                 {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static const int kP[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                                {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
                                {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                                {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  int c = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    char ch = code[code.size() - 1 - i];
    if (ch < '0' || ch > '9') return false;
    c = kD[c][kP[i % 8][ch - '0']];
  }
  return c == 0;
}

namespace {

bool IsRestrictedNameChar(char c, bool first) {
  const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alnum || (!first && std::string_view("!#$&-^_.+").find(c) != std::string_view::npos);
}

// Consumes an RFC 6838 restricted-name at `at`; false when there is none.
bool RestrictedName(std::string_view s, size_t& at) {
  const size_t start = at;
  while (at < s.size() && at - start < 127 && IsRestrictedNameChar(s[at], at == start)) ++at;
  return at > start;
}

// RFC 2045 token: printable ASCII but space and tspecials.
bool IsTokenChar(char c) {
  return c > ' ' && c < 127 && std::string_view("()<>@,;:\\\"/[]?=").find(c) == std::string_view::npos;
}

void SkipSpace(std::string_view s, size_t& at) {
  while (at < s.size() && (s[at] == ' ' || s[at] == '\t')) ++at;
}

}  // namespace

bool IsValidMimeType(std::string_view code) {
  size_t at = 0;
  if (!RestrictedName(code, at) || at >= code.size() || code[at++] != '/' || !RestrictedName(code, at)) return false;
  for (SkipSpace(code, at); at < code.size(); SkipSpace(code, at)) {
    if (code[at++] != ';') return false;
    SkipSpace(code, at);
    const size_t name = at;
    while (at < code.size() && IsTokenChar(code[at])) ++at;
    if (at == name || at >= code.size() || code[at++] != '=') return false;
    if (at < code.size() && code[at] == '"') {
      for (++at; at < code.size() && code[at] != '"'; ++at) {
        if (code[at] == '\\') ++at;
      }
      if (at++ >= code.size()) return false;  // no closing quote
    } else {
      // RFC 2045 wants a token or a quoted string; unquoted values with '/' or spaces
      // ("variant=DICOM WADO-RS", in HL7's own examples) are common and harmless, so any
      // printable run up to the next ';' is taken.
      const size_t value = at;
      while (at < code.size() && code[at] >= ' ' && code[at] < 127 && code[at] != ';') ++at;
      if (at == value) return false;
    }
  }
  return true;
}

}  // namespace conformance
