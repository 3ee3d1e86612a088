// File: conformance/fhirpath/functions_conversion.cc
// iif() and the conversion functions (toX / convertsToX).
#include <charconv>
#include <cmath>

#include "conformance/fhirpath/function_support.h"
#include "conformance/fhirpath/temporal.h"
#include "conformance/fhirpath/ucum.h"
#include "re2/re2.h"

namespace conformance::fhirpath {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

std::optional<Item> ToBoolean(const Item& v) {
  switch (v.type) {
    case ValueType::kBoolean: return v;
    case ValueType::kInteger:
      if (v.integer == 0 || v.integer == 1) return Item::Bool(v.integer == 1);
      return std::nullopt;
    case ValueType::kDecimal:
      if (v.decimal == 0 || v.decimal == 1) return Item::Bool(v.decimal == 1);
      return std::nullopt;
    case ValueType::kString: {
      std::string s = Lower(v.text);
      if (s == "true" || s == "t" || s == "yes" || s == "y" || s == "1" || s == "1.0") return Item::Bool(true);
      if (s == "false" || s == "f" || s == "no" || s == "n" || s == "0" || s == "0.0") return Item::Bool(false);
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

bool IsIntegerText(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<Item> ToInteger(const Item& v) {
  switch (v.type) {
    case ValueType::kInteger: return v;
    case ValueType::kBoolean: return Item::Int(v.boolean ? 1 : 0);
    case ValueType::kString: {
      if (!IsIntegerText(v.text)) return std::nullopt;
      std::string_view s = v.text;
      if (s[0] == '+') s.remove_prefix(1);
      int64_t n = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
      if (ec != std::errc()) return std::nullopt;
      return Item::Int(n);
    }
    default: return std::nullopt;
  }
}

std::optional<Item> DecimalFromText(std::string_view s) {
  static const RE2 kDecimal(R"([+-]?\d+(\.\d+)?)");
  if (!RE2::FullMatch(s, kDecimal)) return std::nullopt;
  if (s[0] == '+') s.remove_prefix(1);
  double d = 0;
  std::from_chars(s.data(), s.data() + s.size(), d);
  size_t dot = s.find('.');
  return Item::Dec(d, static_cast<uint8_t>(dot == std::string_view::npos ? 0 : s.size() - dot - 1));
}

std::optional<Item> ToDecimal(const Item& v) {
  switch (v.type) {
    case ValueType::kDecimal: return v;
    case ValueType::kInteger: return Item::Dec(static_cast<double>(v.integer), 0);
    case ValueType::kBoolean: return Item::Dec(v.boolean ? 1 : 0, 1);
    case ValueType::kString: return DecimalFromText(v.text);
    default: return std::nullopt;
  }
}

std::string QuantityText(const Item& v) {
  std::string s = FormatDecimal(v.decimal, v.scale);
  if (IsCalendarKeyword(v.text)) return fhir::Concat(s, " ", v.text);
  return fhir::Concat(s, " '", v.text, "'");
}

std::optional<std::string> ToStringText(const Item& v) {
  switch (v.type) {
    case ValueType::kString: return std::string(v.text);
    case ValueType::kBoolean: return std::string(v.boolean ? "true" : "false");
    case ValueType::kInteger: return fhir::Concat(v.integer);
    case ValueType::kDecimal: return FormatDecimal(v.decimal, v.scale);
    case ValueType::kDate:
    case ValueType::kDateTime:
    case ValueType::kTime: return std::string(v.text);
    case ValueType::kQuantity: return QuantityText(v);
    case ValueType::kNode: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Item> ToTemporal(Evaluation& ev, const Item& v, ValueType target) {
  if (target == ValueType::kTime) {
    if (v.type == ValueType::kTime) return v;
    if (v.type != ValueType::kString) return std::nullopt;
    std::string_view s = v.text;
    if (s.starts_with("T")) s.remove_prefix(1);
    if (!ParseTemporal(s, true)) return std::nullopt;
    return Item::Temporal(ValueType::kTime, s);
  }
  if (v.type != ValueType::kString && v.type != ValueType::kDate && v.type != ValueType::kDateTime) return std::nullopt;
  std::optional<Temporal> t = ParseTemporal(v.text, false);
  if (!t) return std::nullopt;
  if (target == ValueType::kDate) {
    if (t->precision > Precision::kDay) t->precision = Precision::kDay;
    t->has_tz = false;
    return Item::Temporal(ValueType::kDate, ev.Keep(FormatTemporal(*t)));
  }
  return Item::Temporal(ValueType::kDateTime, v.text);
}

std::optional<Item> ToQuantity(Evaluation& ev, const Item& v) {
  switch (v.type) {
    case ValueType::kQuantity: return v;
    case ValueType::kInteger: return Item::Qty(static_cast<double>(v.integer), 0, "1");
    case ValueType::kDecimal: return Item::Qty(v.decimal, v.scale, "1");
    case ValueType::kBoolean: return Item::Qty(v.boolean ? 1 : 0, 1, "1");
    case ValueType::kString: {
      static const RE2 kQuantity(R"(([+-]?\d+(?:\.\d+)?)\s*(?:'([^']+)'|([a-zA-Z]+))?)");
      std::string number, quoted, word;
      if (!RE2::FullMatch(v.text, kQuantity, &number, &quoted, &word)) return std::nullopt;
      std::optional<Item> d = DecimalFromText(number);
      if (!d) return std::nullopt;
      if (!word.empty() && !IsCalendarKeyword(word)) return std::nullopt;
      std::string unit = !quoted.empty() ? quoted : !word.empty() ? word : "1";
      return Item::Qty(d->decimal, d->scale, ev.Keep(std::move(unit)));
    }
    default: return std::nullopt;
  }
}

using Converter = std::optional<Item> (*)(Evaluation&, const Item&);

absl::Status Convert(Evaluation& ev, const Node& call, const Collection& input, Converter f, bool test,
                     Collection* out) {
  std::optional<Item> v;
  if (absl::Status s = SingleInput(call, input, &v); !s.ok()) return s;
  if (!v) return absl::OkStatus();
  std::optional<Item> r = v->is_node() ? std::nullopt : f(ev, *v);
  if (test) {
    out->push_back(Item::Bool(r.has_value()));
  } else if (r) {
    out->push_back(*r);
  }
  return absl::OkStatus();
}

}  // namespace

FHIRPATH_FUNCTION(FnIif) {
  // With an input (`x.iif(...)`), the criteria see that item as $this.
  Collection criteria;
  Scope s = scope;
  if (call.input != nullptr) {
    if (input.size() > 1) return EvalError(call, "iif() needs at most one input item");
    s.focus = &input;
  }
  if (absl::Status st = ev.Arg(call, 0, s, &criteria); !st.ok()) return st;
  std::optional<bool> t;
  if (absl::Status st = Truth(call, criteria, &t); !st.ok()) return st;
  if (t == true) return ev.Arg(call, 1, s, out);
  if (call.args.size() > 2) return ev.Arg(call, 2, s, out);
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnToBoolean) {
  return Convert(ev, call, input, [](Evaluation&, const Item& v) { return ToBoolean(v); }, false, out);
}
FHIRPATH_FUNCTION(FnConvertsToBoolean) {
  return Convert(ev, call, input, [](Evaluation&, const Item& v) { return ToBoolean(v); }, true, out);
}
FHIRPATH_FUNCTION(FnToInteger) {
  return Convert(ev, call, input, [](Evaluation&, const Item& v) { return ToInteger(v); }, false, out);
}
FHIRPATH_FUNCTION(FnConvertsToInteger) {
  return Convert(ev, call, input, [](Evaluation&, const Item& v) { return ToInteger(v); }, true, out);
}
FHIRPATH_FUNCTION(FnToDecimal) {
  return Convert(ev, call, input, [](Evaluation&, const Item& v) { return ToDecimal(v); }, false, out);
}
FHIRPATH_FUNCTION(FnConvertsToDecimal) {
  return Convert(ev, call, input, [](Evaluation&, const Item& v) { return ToDecimal(v); }, true, out);
}
FHIRPATH_FUNCTION(FnToString) {
  auto f = [](Evaluation& e, const Item& v) -> std::optional<Item> {
    std::optional<std::string> s = ToStringText(v);
    if (!s) return std::nullopt;
    return Item::Str(e.Keep(std::move(*s)));
  };
  return Convert(ev, call, input, f, false, out);
}
FHIRPATH_FUNCTION(FnConvertsToString) {
  auto f = [](Evaluation&, const Item& v) -> std::optional<Item> {
    return ToStringText(v) ? std::optional<Item>(v) : std::nullopt;
  };
  return Convert(ev, call, input, f, true, out);
}
FHIRPATH_FUNCTION(FnToDate) {
  return Convert(ev, call, input, [](Evaluation& e, const Item& v) { return ToTemporal(e, v, ValueType::kDate); }, false, out);
}
FHIRPATH_FUNCTION(FnConvertsToDate) {
  return Convert(ev, call, input, [](Evaluation& e, const Item& v) { return ToTemporal(e, v, ValueType::kDate); }, true, out);
}
FHIRPATH_FUNCTION(FnToDateTime) {
  return Convert(ev, call, input, [](Evaluation& e, const Item& v) { return ToTemporal(e, v, ValueType::kDateTime); }, false, out);
}
FHIRPATH_FUNCTION(FnConvertsToDateTime) {
  return Convert(ev, call, input, [](Evaluation& e, const Item& v) { return ToTemporal(e, v, ValueType::kDateTime); }, true, out);
}
FHIRPATH_FUNCTION(FnToTime) {
  return Convert(ev, call, input, [](Evaluation& e, const Item& v) { return ToTemporal(e, v, ValueType::kTime); }, false, out);
}
FHIRPATH_FUNCTION(FnConvertsToTime) {
  return Convert(ev, call, input, [](Evaluation& e, const Item& v) { return ToTemporal(e, v, ValueType::kTime); }, true, out);
}

absl::Status QuantityConversion(Evaluation& ev, const Node& call, const Scope& scope, const Collection& input,
                                bool test, Collection* out) {
  std::optional<Item> v;
  if (absl::Status s = SingleInput(call, input, &v); !s.ok()) return s;
  if (!v) return absl::OkStatus();
  std::optional<Item> q = v->is_node() ? std::nullopt : ToQuantity(ev, *v);
  if (q && !call.args.empty()) {
    std::optional<Item> unit;
    if (absl::Status s = ArgValue(ev, call, 0, scope, ValueType::kString, &unit); !s.ok()) return s;
    if (unit) {
      std::optional<double> c = ConvertUnit(q->decimal, q->text, unit->text);
      q = c ? std::optional<Item>(Item::Qty(*c, kUnknownScale, unit->text)) : std::nullopt;
    }
  }
  if (test) {
    out->push_back(Item::Bool(q.has_value()));
  } else if (q) {
    out->push_back(*q);
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnToQuantity) { return QuantityConversion(ev, call, scope, input, false, out); }
FHIRPATH_FUNCTION(FnConvertsToQuantity) { return QuantityConversion(ev, call, scope, input, true, out); }

}  // namespace conformance::fhirpath
