// File: conformance/fhirpath/ucum.cc
#include "conformance/fhirpath/ucum.h"

#include <cmath>
#include <cstdlib>
#include <string>

namespace conformance::fhirpath {
namespace {

enum Dim { kLength, kMass, kTime, kAmount, kTemp, kCurrent, kLuminosity, kArbitrary };

struct Atom {
  std::string_view code;
  double factor;
  std::array<int, 8> dims;
  bool metric;  // takes SI prefixes
};

// Factors are to the base units m, g, s, mol, K, A, cd (UCUM's own base for mass is the gram).
constexpr Atom kAtoms[] = {
    {"m", 1, {1}, true},
    {"g", 1, {0, 1}, true},
    {"s", 1, {0, 0, 1}, true},
    {"mol", 1, {0, 0, 0, 1}, true},
    {"K", 1, {0, 0, 0, 0, 1}, true},
    {"A", 1, {0, 0, 0, 0, 0, 1}, true},
    {"cd", 1, {0, 0, 0, 0, 0, 0, 1}, true},
    {"L", 0.001, {3}, true},
    {"l", 0.001, {3}, true},
    {"min", 60, {0, 0, 1}, false},
    {"h", 3600, {0, 0, 1}, false},
    {"d", 86400, {0, 0, 1}, false},
    {"wk", 604800, {0, 0, 1}, false},
    {"mo", 2629800, {0, 0, 1}, false},
    {"a", 31557600, {0, 0, 1}, false},
    {"Hz", 1, {0, 0, -1}, true},
    {"N", 1000, {1, 1, -2}, true},
    {"Pa", 1000, {-1, 1, -2}, true},
    {"J", 1000, {2, 1, -2}, true},
    {"W", 1000, {2, 1, -3}, true},
    {"cal", 4184, {2, 1, -2}, true},
    {"bar", 1e8, {-1, 1, -2}, true},
    {"mm[Hg]", 133322.387415, {-1, 1, -2}, false},
    {"[in_i]", 0.0254, {1}, false},
    {"[ft_i]", 0.3048, {1}, false},
    {"[yd_i]", 0.9144, {1}, false},
    {"[mi_i]", 1609.344, {1}, false},
    {"[lb_av]", 453.59237, {0, 1}, false},
    {"[oz_av]", 28.349523125, {0, 1}, false},
    {"[gal_us]", 0.003785411784, {3}, false},
    {"[foz_us]", 0.0000295735295625, {3}, false},
    {"eq", 1, {0, 0, 0, 1}, true},
    {"%", 0.01, {}, false},
    {"[ppm]", 1e-6, {}, false},
    {"U", 1, {0, 0, 0, 0, 0, 0, 0, 1}, true},
    {"[iU]", 1, {0, 0, 0, 0, 0, 0, 0, 1}, true},
    {"[IU]", 1, {0, 0, 0, 0, 0, 0, 0, 1}, true},
    {"Cel", 1, {0, 0, 0, 0, 1}, false},
    {"[degF]", 1, {0, 0, 0, 0, 1}, false},
    {"10*3", 1e3, {}, false},
    {"10*6", 1e6, {}, false},
    {"10*9", 1e9, {}, false},
    {"10*12", 1e12, {}, false},
};

struct Prefix {
  std::string_view code;
  double factor;
};
constexpr Prefix kPrefixes[] = {
    {"da", 1e1}, {"Y", 1e24}, {"Z", 1e21}, {"E", 1e18}, {"P", 1e15}, {"T", 1e12}, {"G", 1e9},
    {"M", 1e6},  {"k", 1e3},  {"h", 1e2},  {"d", 1e-1}, {"c", 1e-2}, {"m", 1e-3}, {"u", 1e-6},
    {"n", 1e-9}, {"p", 1e-12}, {"f", 1e-15}, {"a", 1e-18},
};

const Atom* FindAtom(std::string_view code) {
  for (const Atom& a : kAtoms) {
    if (a.code == code) return &a;
  }
  return nullptr;
}

// One component: an annotation, an integer factor, or a (prefixed) atom with an exponent.
bool ParseComponent(std::string_view c, UnitVector* out, int sign) {
  if (c.empty()) return false;
  if (c.front() == '{') return c.back() == '}';  // annotations are dimensionless
  // Strip a trailing annotation ("mg{total}").
  if (size_t brace = c.find('{'); brace != std::string_view::npos) {
    if (c.back() != '}') return false;
    c = c.substr(0, brace);
  }
  bool all_digits = true;
  for (char ch : c) all_digits = all_digits && ch >= '0' && ch <= '9';
  if (all_digits) {
    out->factor = sign > 0 ? out->factor * std::atof(std::string(c).c_str())
                           : out->factor / std::atof(std::string(c).c_str());
    return true;
  }
  const Atom* atom = FindAtom(c);
  int exponent = 1;
  double prefix = 1;
  if (atom == nullptr) {
    // Exponent digits at the end ("m2", "s-1"), unless the atom itself ends in digits.
    size_t end = c.size();
    while (end > 0 && c[end - 1] >= '0' && c[end - 1] <= '9') --end;
    if (end > 0 && c[end - 1] == '-') --end;
    if (end < c.size() && end > 0) {
      exponent = std::atoi(std::string(c.substr(end)).c_str());
      c = c.substr(0, end);
      atom = FindAtom(c);
    }
    if (atom == nullptr) {
      for (const Prefix& p : kPrefixes) {
        if (c.size() > p.code.size() && c.starts_with(p.code)) {
          const Atom* a = FindAtom(c.substr(p.code.size()));
          if (a != nullptr && a->metric) {
            atom = a;
            prefix = p.factor;
            break;
          }
        }
      }
    }
  }
  if (atom == nullptr) return false;
  double f = std::pow(atom->factor * prefix, exponent);
  out->factor = sign > 0 ? out->factor * f : out->factor / f;
  for (int i = 0; i < 8; ++i) out->dims[i] += sign * exponent * atom->dims[i];
  return true;
}

}  // namespace

std::optional<UnitVector> ParseUcum(std::string_view unit) {
  UnitVector v;
  if (unit.empty() || unit == "1") return v;
  int sign = 1;
  size_t start = 0;
  if (unit.front() == '/') {
    sign = -1;
    start = 1;
  }
  size_t depth = 0;
  for (size_t i = start; i <= unit.size(); ++i) {
    char ch = i < unit.size() ? unit[i] : '.';
    if (ch == '{') ++depth;
    if (ch == '}' && depth > 0) --depth;
    if (depth > 0 || (ch != '.' && ch != '/')) continue;
    if (!ParseComponent(unit.substr(start, i - start), &v, sign)) return std::nullopt;
    if (ch == '/') sign = -1;
    start = i + 1;
  }
  return v;
}

bool IsCalendarKeyword(std::string_view u) { return CalendarToUcum(u) != u; }

std::string_view CalendarToUcum(std::string_view u) {
  if (u == "year" || u == "years") return "a";
  if (u == "month" || u == "months") return "mo";
  if (u == "week" || u == "weeks") return "wk";
  if (u == "day" || u == "days") return "d";
  if (u == "hour" || u == "hours") return "h";
  if (u == "minute" || u == "minutes") return "min";
  if (u == "second" || u == "seconds") return "s";
  if (u == "millisecond" || u == "milliseconds") return "ms";
  return u;
}

std::optional<double> ConvertUnit(double value, std::string_view from, std::string_view to) {
  from = CalendarToUcum(from);
  to = CalendarToUcum(to);
  if (from == to) return value;
  std::optional<UnitVector> a = ParseUcum(from), b = ParseUcum(to);
  if (!a || !b || a->dims != b->dims) return std::nullopt;
  // Non-linear temperature scales convert only to themselves.
  if (from == "Cel" || from == "[degF]" || to == "Cel" || to == "[degF]") return std::nullopt;
  return value * a->factor / b->factor;
}

}  // namespace conformance::fhirpath
