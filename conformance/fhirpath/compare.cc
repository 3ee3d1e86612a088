// File: conformance/fhirpath/compare.cc
#include "conformance/fhirpath/compare.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "conformance/fhirpath/temporal.h"
#include "conformance/fhirpath/ucum.h"

namespace conformance::fhirpath {
namespace {

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (s == n) return true;
  }
  return false;
}

uint8_t ScaleOf(std::string_view number) {
  size_t dot = number.find('.');
  if (dot == std::string_view::npos) return 0;
  size_t end = number.find_first_of("eE", dot);
  if (end == std::string_view::npos) end = number.size();
  return static_cast<uint8_t>(std::min<size_t>(end - dot - 1, 254));
}

double ParseDouble(std::string_view s) {
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool IsTemporal(ValueType t) { return t == ValueType::kDate || t == ValueType::kDateTime || t == ValueType::kTime; }

std::optional<int> CompareTemporalItems(const Item& a, const Item& b) {
  if ((a.type == ValueType::kTime) != (b.type == ValueType::kTime)) return std::nullopt;
  auto ta = ParseTemporal(a.text, a.type == ValueType::kTime);
  auto tb = ParseTemporal(b.text, b.type == ValueType::kTime);
  if (!ta || !tb) return std::nullopt;
  return CompareTemporal(*ta, *tb);
}

bool IsNominalCalendar(std::string_view u) {
  return u == "year" || u == "years" || u == "month" || u == "months";
}

// The two quantities' values in a common unit.
bool CommonUnit(const Item& a, const Item& b, double* va, double* vb) {
  std::optional<double> converted = ConvertUnit(b.decimal, b.text, a.text);
  if (!converted) return false;
  *va = a.decimal;
  *vb = *converted;
  return true;
}

bool NearlyEqual(double a, double b) {
  return a == b || std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b));
}

bool ElementsEqual(const fhir::Element& a, const fhir::Element& b);

bool PropertiesEqual(const fhir::Element& a, const fhir::Element& b) {
  if (a.property_count != b.property_count) return false;
  for (const fhir::Property& pa : a.props()) {
    const fhir::Property* pb = b.Find(pa.name);
    if (pb == nullptr || pb->size != pa.size) return false;
    for (uint32_t i = 0; i < pa.size; ++i) {
      if (!ElementsEqual(pa.items[i], pb->items[i])) return false;
    }
  }
  return true;
}

bool ElementsEqual(const fhir::Element& a, const fhir::Element& b) {
  if (a.value != b.value || a.kind != b.kind) return false;
  return PropertiesEqual(a, b);
}

double RoundTo(double v, int scale) {
  double f = std::pow(10.0, scale);
  return std::round(v * f) / f;
}

uint64_t Mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL + (h >> 29); }

uint64_t HashText(std::string_view s) { return std::hash<std::string_view>{}(s); }

uint64_t HashElement(const fhir::Element& e) {
  // Order-insensitive over properties (ElementsEqual ignores their order).
  uint64_t h = Mix(HashText(e.value), static_cast<uint64_t>(e.kind));
  uint64_t props = 0;
  for (const fhir::Property& p : e.props()) {
    uint64_t ph = HashText(p.name);
    for (const fhir::Element& c : p.elements()) ph = Mix(ph, HashElement(c));
    props += ph;
  }
  return Mix(h, props);
}

// Consistent with ItemsEqual: equal items hash alike (unequal ones may collide).
uint64_t HashItem(const Item& item) {
  std::optional<Item> v = ToSystem(item);
  if (!v) return 1;
  switch (v->type) {
    case ValueType::kNode: return HashElement(*v->node);
    case ValueType::kBoolean: return v->boolean ? 2 : 3;
    case ValueType::kInteger:
    case ValueType::kDecimal: return std::hash<double>{}(NumberOf(*v) + 0.0);
    case ValueType::kString: return HashText(v->text);
    case ValueType::kDate:
    case ValueType::kDateTime:
    case ValueType::kTime:
      // Equal instants may be written in different zones: hash the year (or hour) only.
      return HashText(v->text.substr(0, 2)) + static_cast<uint64_t>(v->type == ValueType::kTime);
    case ValueType::kQuantity: return 7;  // equal across units (1 'cm' = 10 'mm')
  }
  return 0;
}

}  // namespace

bool ItemSet::Insert(const Item& item) {
  auto& bucket = buckets_[HashItem(item)];
  for (const Item& x : bucket) {
    if (x.is_node() && item.is_node() && x.node == item.node) return false;
    if (ItemsEqual(x, item).value_or(false)) return false;
  }
  bucket.push_back(item);
  return true;
}

std::string_view NodeTypeName(const Item& item) {
  std::string_view k = item.type_key;
  return k.find('.') != std::string_view::npos ? std::string_view("BackboneElement") : k;
}

std::string_view SystemTypeName(ValueType type) {
  switch (type) {
    case ValueType::kBoolean: return "Boolean";
    case ValueType::kInteger: return "Integer";
    case ValueType::kDecimal: return "Decimal";
    case ValueType::kString: return "String";
    case ValueType::kDate: return "Date";
    case ValueType::kDateTime: return "DateTime";
    case ValueType::kTime: return "Time";
    case ValueType::kQuantity: return "Quantity";
    case ValueType::kNode: break;
  }
  return "";
}

double NumberOf(const Item& item) {
  return item.type == ValueType::kInteger ? static_cast<double>(item.integer) : item.decimal;
}

std::optional<Item> ToSystem(const Item& item) {
  if (!item.is_node()) return item;
  const fhir::Element& e = *item.node;
  std::string_view key = item.type_key;
  // Quantities are complex (no value of their own); primitives are checked first, they are
  // the common case.
  if (!e.has_value() && IsOneOf(key, {"Quantity", "Age", "Duration", "Distance", "Count", "SimpleQuantity", "MoneyQuantity"})) {
    const fhir::Element* v = e.First("value");
    if (v == nullptr || !v->has_value()) return item;
    std::string_view unit = e.ValueOf("code");
    if (unit.empty() || e.ValueOf("system") != "http://unitsofmeasure.org") {
      unit = e.ValueOf("unit").empty() ? unit : e.ValueOf("unit");
    }
    // FHIR's calendar-unit codes as FHIRPath calendar durations, so `age > 18 years` works.
    return Item::Qty(ParseDouble(v->value), ScaleOf(v->value), unit);
  }
  if (!e.has_value()) return key.empty() || key.find('.') != std::string_view::npos || !e.props().empty()
                                 ? std::optional<Item>(item)
                                 : std::nullopt;
  std::string_view v = e.value;
  if (key == "boolean" || (key.empty() && e.kind == fhir::ValueKind::kBoolean)) return Item::Bool(v == "true");
  if (IsOneOf(key, {"integer", "positiveInt", "unsignedInt", "integer64"})) {
    int64_t n = 0;
    std::from_chars(v.data(), v.data() + v.size(), n);
    return Item::Int(n);
  }
  if (key == "decimal") return Item::Dec(ParseDouble(v), ScaleOf(v));
  if (key.empty() && e.kind == fhir::ValueKind::kNumber) {
    if (v.find_first_of(".eE") == std::string_view::npos) {
      int64_t n = 0;
      std::from_chars(v.data(), v.data() + v.size(), n);
      return Item::Int(n);
    }
    return Item::Dec(ParseDouble(v), ScaleOf(v));
  }
  if (key == "date") return Item::Temporal(ValueType::kDate, v);
  if (key == "dateTime" || key == "instant") {
    return Item::Temporal(v.find('T') == std::string_view::npos ? ValueType::kDate : ValueType::kDateTime, v);
  }
  if (key == "time") return Item::Temporal(ValueType::kTime, v);
  return Item::Str(v);
}

std::optional<bool> ItemsEqual(const Item& a0, const Item& b0) {
  if (a0.is_node() && b0.is_node() && a0.node == b0.node) return true;
  std::optional<Item> sa = ToSystem(a0), sb = ToSystem(b0);
  if (!sa || !sb) return std::nullopt;
  const Item& a = *sa;
  const Item& b = *sb;
  if (a.is_node() || b.is_node()) {
    if (!a.is_node() || !b.is_node()) return false;
    return ElementsEqual(*a.node, *b.node);
  }
  const bool na = a.type == ValueType::kInteger || a.type == ValueType::kDecimal;
  const bool nb = b.type == ValueType::kInteger || b.type == ValueType::kDecimal;
  if (na && nb) {
    if (a.type == ValueType::kInteger && b.type == ValueType::kInteger) return a.integer == b.integer;
    return NearlyEqual(NumberOf(a), NumberOf(b));
  }
  if (IsTemporal(a.type) && IsTemporal(b.type)) {
    std::optional<int> c = CompareTemporalItems(a, b);
    if (!c) return (a.type == ValueType::kTime) != (b.type == ValueType::kTime) ? std::optional<bool>(false) : std::nullopt;
    return *c == 0;
  }
  if (a.type != b.type) return false;
  switch (a.type) {
    case ValueType::kBoolean: return a.boolean == b.boolean;
    case ValueType::kString: return a.text == b.text;
    case ValueType::kQuantity: {
      if (IsNominalCalendar(a.text) != IsNominalCalendar(b.text) &&
          CalendarToUcum(a.text) == CalendarToUcum(b.text)) {
        return std::nullopt;  // 1 year vs 1 'a': a calendar year is not a UCUM year
      }
      double va, vb;
      if (!CommonUnit(a, b, &va, &vb)) return std::nullopt;
      return NearlyEqual(va, vb);
    }
    default: return false;
  }
}

bool ItemsEquivalent(const Item& a0, const Item& b0) {
  std::optional<Item> sa = ToSystem(a0), sb = ToSystem(b0);
  if (!sa || !sb) return !sa && !sb;
  const Item& a = *sa;
  const Item& b = *sb;
  if (a.type == ValueType::kString && b.type == ValueType::kString) {
    auto norm = [](std::string_view s) {
      std::string out;
      bool space = false;
      for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          space = true;
          continue;
        }
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      }
      return out;
    };
    return norm(a.text) == norm(b.text);
  }
  const bool na = a.type == ValueType::kInteger || a.type == ValueType::kDecimal;
  const bool nb = b.type == ValueType::kInteger || b.type == ValueType::kDecimal;
  if (na && nb) {
    int scale = std::min(a.type == ValueType::kInteger ? 0 : a.scale, b.type == ValueType::kInteger ? 0 : b.scale);
    return NearlyEqual(RoundTo(NumberOf(a), scale), RoundTo(NumberOf(b), scale));
  }
  if (IsTemporal(a.type) && IsTemporal(b.type)) {
    std::optional<int> c = CompareTemporalItems(a, b);
    return c.has_value() && *c == 0;
  }
  if (a.type == ValueType::kQuantity && b.type == ValueType::kQuantity) {
    std::string_view ua = CalendarToUcum(a.text), ub = CalendarToUcum(b.text);
    Item ca = a, cb = b;
    ca.text = ua;
    cb.text = ub;
    double va, vb;
    if (!CommonUnit(ca, cb, &va, &vb)) return false;
    int scale = std::min(a.scale, b.scale);
    return NearlyEqual(RoundTo(va, scale), RoundTo(vb, scale));
  }
  std::optional<bool> eq = ItemsEqual(a, b);
  return eq.value_or(false);
}

std::optional<int> CompareItems(const Item& a0, const Item& b0, bool* type_error) {
  *type_error = false;
  std::optional<Item> sa = ToSystem(a0), sb = ToSystem(b0);
  if (!sa || !sb) return std::nullopt;
  const Item& a = *sa;
  const Item& b = *sb;
  const bool na = a.type == ValueType::kInteger || a.type == ValueType::kDecimal;
  const bool nb = b.type == ValueType::kInteger || b.type == ValueType::kDecimal;
  if (na && nb) {
    double x = NumberOf(a), y = NumberOf(b);
    if (a.type == ValueType::kInteger && b.type == ValueType::kInteger) {
      return a.integer < b.integer ? -1 : a.integer > b.integer ? 1 : 0;
    }
    return NearlyEqual(x, y) ? 0 : x < y ? -1 : 1;
  }
  if (a.type == ValueType::kString && b.type == ValueType::kString) {
    int c = a.text.compare(b.text);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (IsTemporal(a.type) && IsTemporal(b.type)) {
    if ((a.type == ValueType::kTime) != (b.type == ValueType::kTime)) {
      *type_error = true;
      return std::nullopt;
    }
    return CompareTemporalItems(a, b);
  }
  if (a.type == ValueType::kQuantity && b.type == ValueType::kQuantity) {
    double va, vb;
    if (!CommonUnit(a, b, &va, &vb)) return std::nullopt;
    return NearlyEqual(va, vb) ? 0 : va < vb ? -1 : 1;
  }
  *type_error = true;
  return std::nullopt;
}

std::string FormatDecimal(double v, uint8_t scale) {
  if (v == 0) v = 0;  // no "-0"
  char buf[64];
  if (scale == kUnknownScale) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
    std::string s(buf, end);
    if (s.find_first_of("eE") != std::string::npos) {
      std::snprintf(buf, sizeof(buf), "%.15f", v);
      s = buf;
      while (!s.empty() && s.back() == '0') s.pop_back();
      if (!s.empty() && s.back() == '.') s.pop_back();
    }
    return s;
  }
  std::snprintf(buf, sizeof(buf), "%.*f", static_cast<int>(scale), v);
  std::string s = buf;
  if (s.starts_with("-") && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

}  // namespace conformance::fhirpath
