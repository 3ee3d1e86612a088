// File: fhir/json_number.cc
#include "fhir/json_number.h"

#include <string>

namespace fhir {
namespace {
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

JsonNumberError CheckJsonNumber(std::string_view t) {
  size_t i = 0;
  const size_t n = t.size();
  if (i < n && t[i] == '-') ++i;
  if (i >= n || !IsDigit(t[i])) return JsonNumberError::kMalformed;
  if (t[i] == '0' && i + 1 < n && IsDigit(t[i + 1])) {
    // A leading zero ("01", "-00.5"): say so precisely when the number is otherwise well formed,
    // i.e. when the same text with its integer digits replaced by "1" is a valid number.
    size_t j = i;
    while (j < n && IsDigit(t[j])) ++j;
    std::string repaired = std::string(t.substr(0, i)) + "1" + std::string(t.substr(j));
    return CheckJsonNumber(repaired) == JsonNumberError::kNone ? JsonNumberError::kLeadingZero
                                                               : JsonNumberError::kMalformed;
  }
  while (i < n && IsDigit(t[i])) ++i;
  if (i < n && t[i] == '.') {
    ++i;
    if (i >= n || !IsDigit(t[i])) return JsonNumberError::kMalformed;
    while (i < n && IsDigit(t[i])) ++i;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    if (i >= n || !IsDigit(t[i])) return JsonNumberError::kMalformed;
    while (i < n && IsDigit(t[i])) ++i;
  }
  return i == n ? JsonNumberError::kNone : JsonNumberError::kMalformed;
}

}  // namespace fhir
