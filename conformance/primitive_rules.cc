// File: conformance/primitive_rules.cc
// Hand-written matchers for the regular expressions of the R4 primitive types: they run on every
// primitive of every resource, so they avoid a regex engine.
#include "conformance/primitive_rules.h"

#include <algorithm>

#include <charconv>
#include <cstdint>
#include <cstring>

#include "fhir/json_number.h"
#include "fhir/text.h"

namespace conformance {
namespace {

using fhir::Concat;

bool Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Num(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && LeapYear(year) ? 29 : kDays[month - 1];
}

// YYYY, YYYY-MM or YYYY-MM-DD with real months and days; returns characters consumed (0 = bad).
size_t DatePart(std::string_view s, bool allow_partial) {
  if (!Digits(s, 0, 4)) return 0;
  const int year = Num(s, 0, 4);
  if (s.size() == 4) return allow_partial ? 4 : 0;
  if (s[4] != '-' || !Digits(s, 5, 2)) return 0;
  const int month = Num(s, 5, 2);
  if (month < 1 || month > 12) return 0;
  if (s.size() == 7) return allow_partial ? 7 : 0;
  if (s[7] != '-' || !Digits(s, 8, 2)) return 0;
  const int day = Num(s, 8, 2);
  if (day < 1 || day > DaysIn(year, month)) return 0;
  return 10;
}

// hh:mm:ss(.fraction)?; returns characters consumed (0 = bad).
size_t TimePart(std::string_view s, size_t pos) {
  if (!Digits(s, pos, 2) || pos + 2 >= s.size() || s[pos + 2] != ':' || !Digits(s, pos + 3, 2) ||
      pos + 5 >= s.size() || s[pos + 5] != ':' || !Digits(s, pos + 6, 2)) {
    return 0;
  }
  if (Num(s, pos, 2) > 23 || Num(s, pos + 3, 2) > 59 || Num(s, pos + 6, 2) > 60) return 0;
  size_t i = pos + 8;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return 0;
  }
  return i - pos;
}

// Z or +hh:mm / -hh:mm, to the end of the string.
bool Zone(std::string_view s, size_t pos) {
  if (pos < s.size() && s[pos] == 'Z') return pos + 1 == s.size();
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return false;
  return s.size() == pos + 6 && Digits(s, pos + 1, 2) && s[pos + 3] == ':' && Digits(s, pos + 4, 2) &&
         Num(s, pos + 1, 2) <= 14 && Num(s, pos + 4, 2) <= 59;
}

bool DateTime(std::string_view s, bool instant) {
  size_t d = DatePart(s, !instant);
  if (d == 0) return false;
  if (d == s.size()) return !instant;
  if (d != 10 || s[10] != 'T') return false;
  size_t t = TimePart(s, 11);
  if (t == 0) return false;
  return Zone(s, 11 + t);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// False when no byte of `s` is white space or a control character (nothing at or below ' '),
// eight bytes at a time: most codes and uris have none, and then need no closer look.
bool MayHaveSpace(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, sizeof(w));
    if (((w - kOnes * 0x21) & ~w & kHighs) != 0) return true;  // a byte below 0x21
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) <= 0x20) return true;
  }
  return false;
}

bool Code(std::string_view s) {
  if (s.empty()) return false;
  if (!MayHaveSpace(s)) return true;
  if (IsSpace(s.front()) || IsSpace(s.back())) return false;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (IsSpace(s[i]) && (IsSpace(s[i + 1]) || s[i] != ' ')) return false;
  }
  return true;
}

bool Id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  }
  return true;
}

bool NoSpace(std::string_view s) {
  if (!MayHaveSpace(s)) return true;
  for (char c : s) {
    if (IsSpace(c)) return false;
  }
  return true;
}

bool Oid(std::string_view s) {
  if (!s.starts_with("urn:oid:")) return false;
  s.remove_prefix(8);
  if (s.empty() || s[0] < '0' || s[0] > '2' || s.size() < 3 || s[1] != '.') return false;
  for (size_t i = 2; i < s.size();) {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start || (s[start] == '0' && i - start > 1)) return false;
    if (i < s.size() && (s[i] != '.' || i + 1 == s.size())) return false;
    if (i < s.size()) ++i;
  }
  return true;
}

bool Uuid(std::string_view s) {
  if (!s.starts_with("urn:uuid:") || s.size() != 45) return false;
  for (size_t i = 9; i < s.size(); ++i) {
    char c = s[i];
    bool dash = i == 17 || i == 22 || i == 27 || i == 32;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool Base64(std::string_view s) {
  size_t n = 0;
  size_t pad = 0;
  for (char c : s) {
    if (IsSpace(c)) continue;
    bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=') {
      ++pad;
    } else if (!alpha || pad > 0) {
      return false;
    }
    ++n;
  }
  return n % 4 == 0 && pad <= 2;
}

PrimitiveProblem Bad(std::string_view type, std::string_view value, std::string_view why = {}) {
  std::string shown(value.substr(0, 60));
  return {Concat("type-invalid-", type),
          Concat("'", shown, value.size() > 60 ? "...'" : "'", " is not a valid ", type, why.empty() ? "" : " (", why, why.empty() ? "" : ")")};
}

// XHTML in FHIR is XML without a DTD: the only named entities are XML's five; any other
// character is written as itself or as a numeric reference (&#174;, &#xAE;).
PrimitiveProblem XhtmlEntities(std::string_view v) {
  for (size_t amp = v.find('&'); amp != std::string_view::npos; amp = v.find('&', amp + 1)) {
    const size_t semi = v.find(';', amp);
    std::string_view name = semi == std::string_view::npos || semi - amp > 32 ? std::string_view()
                                                                              : v.substr(amp + 1, semi - amp - 1);
    bool ok = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
    if (!ok && name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x';
      std::string_view digits = name.substr(hex ? 2 : 1);
      ok = !digits.empty() && std::all_of(digits.begin(), digits.end(), [&](char c) {
        return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
      });
    }
    if (!ok) {
      std::string_view shown = name.empty() ? v.substr(amp, 8) : v.substr(amp, name.size() + 2);
      return {"xhtml-invalid-entity",
              Concat("invalid entity in the XHTML ('", shown,
                     "'): only &amp; &lt; &gt; &quot; &apos; and numeric references are defined")};
    }
  }
  return {};
}

PrimitiveProblem Integer(std::string_view type, std::string_view v, int64_t min) {
  size_t i = v.starts_with('-') ? 1 : 0;
  if (i >= v.size() || !Digits(v, i, v.size() - i)) return Bad(type, v);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || n < INT32_MIN || n > INT32_MAX) return Bad(type, v, "out of the 32-bit range");
  if (n < min) return Bad(type, v, min == 1 ? "must be 1 or more" : "must not be negative");
  return {};
}

}  // namespace

PrimitiveType PrimitiveTypeOf(std::string_view c) {
  // Complex and resource type names start upper-case; the rest is decided by length, so that
  // at most four names are compared, each with a constant length (integer compares, no memcmp
  // call). This runs for every element validated.
  if (c.empty() || (c[0] >= 'A' && c[0] <= 'Z')) return PrimitiveType::kNone;
  // fhir::EqualsLiteral without its length test: the switch below has made it.
  auto is = [&c]<size_t N>(const char (&name)[N]) { return std::memcmp(c.data(), name, N - 1) == 0; };
  using T = PrimitiveType;
  switch (c.size()) {
    case 2: return is("id") ? T::kId : T::kNone;
    case 3: return is("uri") ? T::kUri : is("url") ? T::kUrl : is("oid") ? T::kOid : T::kNone;
    case 4: return is("code") ? T::kCode : is("date") ? T::kDate : is("time") ? T::kTime : is("uuid") ? T::kUuid : T::kNone;
    case 5: return is("xhtml") ? T::kXhtml : T::kNone;
    case 6: return is("string") ? T::kString : T::kNone;
    case 7:
      return is("boolean") ? T::kBoolean : is("integer") ? T::kInteger : is("decimal") ? T::kDecimal
             : is("instant") ? T::kInstant : T::kNone;
    case 8: return is("dateTime") ? T::kDateTime : is("markdown") ? T::kMarkdown : T::kNone;
    case 9: return is("canonical") ? T::kCanonical : is("integer64") ? T::kInteger64 : T::kNone;
    case 11: return is("unsignedInt") ? T::kUnsignedInt : is("positiveInt") ? T::kPositiveInt : T::kNone;
    case 12: return is("base64Binary") ? T::kBase64Binary : T::kNone;
    default: return T::kNone;
  }
}

fhir::ValueKind ExpectedKind(PrimitiveType t) {
  switch (t) {
    case PrimitiveType::kBoolean: return fhir::ValueKind::kBoolean;
    case PrimitiveType::kInteger:
    case PrimitiveType::kDecimal:
    case PrimitiveType::kPositiveInt:
    case PrimitiveType::kUnsignedInt:
    case PrimitiveType::kInteger64: return fhir::ValueKind::kNumber;
    default: return fhir::ValueKind::kString;
  }
}

bool CheckPrimitive(PrimitiveType type, std::string_view t, std::string_view v, PrimitiveProblem* problem) {
  auto bad = [&](std::string_view why = {}) {
    if (problem != nullptr) *problem = Bad(t, v, why);
    return false;
  };
  auto found = [&](PrimitiveProblem p) {
    if (p.message_id.empty()) return true;
    if (problem != nullptr) *problem = std::move(p);
    return false;
  };
  using T = PrimitiveType;
  switch (type) {
    case T::kId: return Id(v) || bad("1-64 letters, digits, '-' and '.'");
    case T::kUri:
    case T::kUrl:
    case T::kCanonical: return (NoSpace(v) && !v.empty()) || bad("no white space");
    case T::kOid: return Oid(v) || bad();
    case T::kCode: return Code(v) || bad("codes have no leading, trailing or double white space");
    case T::kDate: return (DatePart(v, true) == v.size() && !v.empty()) || bad();
    case T::kTime: return (TimePart(v, 0) == v.size() && !v.empty()) || bad();
    case T::kUuid: return Uuid(v) || bad();
    case T::kXhtml: return found(XhtmlEntities(v));
    case T::kString:
    case T::kMarkdown: return v.size() <= 1024 * 1024 || bad("longer than 1 MB");
    case T::kBoolean: return v == "true" || v == "false" || bad();
    case T::kInteger: return found(Integer(t, v, INT32_MIN));
    case T::kUnsignedInt: return found(Integer(t, v, 0));
    case T::kPositiveInt: return found(Integer(t, v, 1));
    case T::kDecimal: return fhir::CheckJsonNumber(v) == fhir::JsonNumberError::kNone || bad();
    case T::kInstant: return DateTime(v, true) || bad("needs date, time to the second and zone");
    case T::kDateTime: return DateTime(v, false) || bad();
    case T::kBase64Binary: return Base64(v) || bad();
    case T::kInteger64:  // R5's; R4 content never declares it
    case T::kNone: return true;
  }
  return true;
}

PrimitiveProblem CheckPrimitive(std::string_view t, std::string_view v) {
  PrimitiveProblem problem;
  CheckPrimitive(PrimitiveTypeOf(t), t, v, &problem);
  return problem;
}

}  // namespace conformance
