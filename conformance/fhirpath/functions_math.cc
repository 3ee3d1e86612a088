// File: conformance/fhirpath/functions_math.cc
// Math functions, and the precision functions (precision, lowBoundary, highBoundary, comparable).
#include <cmath>

#include "conformance/fhirpath/function_support.h"
#include "conformance/fhirpath/temporal.h"
#include "conformance/fhirpath/ucum.h"

namespace conformance::fhirpath {
namespace {

absl::Status NumberInput(const Node& call, const Collection& input, std::optional<Item>* out) {
  if (absl::Status s = SingleInput(call, input, out); !s.ok()) return s;
  if (*out && (*out)->type != ValueType::kInteger && (*out)->type != ValueType::kDecimal &&
      (*out)->type != ValueType::kQuantity) {
    return EvalError(call, fhir::Concat(call.name, "() needs a number"));
  }
  return absl::OkStatus();
}

// Applies `f` to a numeric input producing a Decimal (or Integer when `integer_result`).
template <typename F>
absl::Status MathFunction(const Node& call, const Collection& input, Collection* out, bool integer_result, F f) {
  std::optional<Item> v;
  if (absl::Status s = NumberInput(call, input, &v); !s.ok()) return s;
  if (!v) return absl::OkStatus();
  double r = f(NumberOf(*v));
  if (std::isnan(r) || std::isinf(r)) return absl::OkStatus();
  if (integer_result) {
    out->push_back(Item::Int(static_cast<int64_t>(r)));
  } else {
    out->push_back(Item::Dec(r, kUnknownScale));
  }
  return absl::OkStatus();
}

constexpr int kDefaultBoundaryDigits = 8;

absl::Status Boundary(Evaluation& ev, const Node& call, const Scope& scope, const Collection& input, bool high,
                      Collection* out) {
  std::optional<Item> v;
  if (absl::Status s = SingleInput(call, input, &v); !s.ok()) return s;
  std::optional<Item> digits_arg;
  if (!call.args.empty()) {
    if (absl::Status s = ArgValue(ev, call, 0, scope, ValueType::kInteger, &digits_arg); !s.ok()) return s;
  }
  if (!v) return absl::OkStatus();
  if (v->type == ValueType::kDate || v->type == ValueType::kDateTime || v->type == ValueType::kTime) {
    std::optional<Temporal> t = ParseTemporal(v->text, v->type == ValueType::kTime);
    if (!t) return absl::OkStatus();
    int digits = digits_arg ? static_cast<int>(digits_arg->integer) : (t->is_time ? 9 : 17);
    std::optional<Temporal> b = TemporalBoundary(*t, digits, high);
    if (!b) return absl::OkStatus();
    ValueType type = v->type;
    if (type != ValueType::kTime) type = b->precision >= Precision::kHour ? ValueType::kDateTime : ValueType::kDate;
    out->push_back(Item::Temporal(type, ev.Keep(FormatTemporal(*b))));
    return absl::OkStatus();
  }
  if (v->type != ValueType::kInteger && v->type != ValueType::kDecimal && v->type != ValueType::kQuantity) {
    return EvalError(call, fhir::Concat(call.name, "() needs a number, quantity or date/time"));
  }
  int digits = digits_arg ? static_cast<int>(digits_arg->integer) : kDefaultBoundaryDigits;
  if (digits < 0 || digits > 28) return absl::OkStatus();
  // The value stands for everything within half a unit of its last digit.
  int scale = v->type == ValueType::kInteger ? 0 : (v->scale == kUnknownScale ? 15 : v->scale);
  double half = 0.5 * std::pow(10.0, -scale);
  double x = NumberOf(*v) + (high ? half : -half);
  double f = std::pow(10.0, digits);
  double r = (high ? std::ceil(x * f - 1e-9) : std::floor(x * f + 1e-9)) / f;
  if (v->type == ValueType::kQuantity) {
    out->push_back(Item::Qty(r, static_cast<uint8_t>(digits), v->text));
  } else {
    out->push_back(Item::Dec(r, static_cast<uint8_t>(digits)));
  }
  return absl::OkStatus();
}

}  // namespace

FHIRPATH_FUNCTION(FnAbs) {
  std::optional<Item> v;
  if (absl::Status s = NumberInput(call, input, &v); !s.ok()) return s;
  if (!v) return absl::OkStatus();
  if (v->type == ValueType::kInteger) {
    v->integer = v->integer < 0 ? -v->integer : v->integer;
  } else {
    v->decimal = std::fabs(v->decimal);
  }
  out->push_back(*v);
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnCeiling) { return MathFunction(call, input, out, true, [](double x) { return std::ceil(x); }); }
FHIRPATH_FUNCTION(FnFloor) { return MathFunction(call, input, out, true, [](double x) { return std::floor(x); }); }
FHIRPATH_FUNCTION(FnTruncate) { return MathFunction(call, input, out, true, [](double x) { return std::trunc(x); }); }
FHIRPATH_FUNCTION(FnExp) { return MathFunction(call, input, out, false, [](double x) { return std::exp(x); }); }
FHIRPATH_FUNCTION(FnLn) { return MathFunction(call, input, out, false, [](double x) { return std::log(x); }); }
FHIRPATH_FUNCTION(FnSqrt) { return MathFunction(call, input, out, false, [](double x) { return std::sqrt(x); }); }

FHIRPATH_FUNCTION(FnLog) {
  std::optional<Item> base;
  if (absl::Status s = ArgValue(ev, call, 0, scope, ValueType::kDecimal, &base); !s.ok()) return s;
  if (!base) return absl::OkStatus();
  double b = base->decimal;
  return MathFunction(call, input, out, false, [b](double x) { return std::log(x) / std::log(b); });
}

FHIRPATH_FUNCTION(FnPower) {
  std::optional<Item> v;
  if (absl::Status s = NumberInput(call, input, &v); !s.ok()) return s;
  Collection e;
  if (absl::Status s = ev.Arg(call, 0, scope, &e); !s.ok()) return s;
  if (!v || e.size() != 1) return absl::OkStatus();
  std::optional<Item> exponent = ToSystem(e[0]);
  if (!exponent || (exponent->type != ValueType::kInteger && exponent->type != ValueType::kDecimal)) {
    return EvalError(call, "power() needs a numeric exponent");
  }
  double r = std::pow(NumberOf(*v), NumberOf(*exponent));
  if (std::isnan(r) || std::isinf(r)) return absl::OkStatus();
  if (v->type == ValueType::kInteger && exponent->type == ValueType::kInteger && exponent->integer >= 0) {
    out->push_back(Item::Int(static_cast<int64_t>(r)));
  } else {
    out->push_back(Item::Dec(r, kUnknownScale));
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnRound) {
  std::optional<Item> v, digits;
  if (absl::Status s = NumberInput(call, input, &v); !s.ok()) return s;
  if (!call.args.empty()) {
    if (absl::Status s = ArgValue(ev, call, 0, scope, ValueType::kInteger, &digits); !s.ok()) return s;
  }
  if (!v) return absl::OkStatus();
  int64_t d = digits ? digits->integer : 0;
  if (d < 0) return EvalError(call, "round() needs a non-negative precision");
  double f = std::pow(10.0, static_cast<double>(d));
  out->push_back(Item::Dec(std::round(NumberOf(*v) * f) / f, static_cast<uint8_t>(std::min<int64_t>(d, 254))));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnLowBoundary) { return Boundary(ev, call, scope, input, false, out); }
FHIRPATH_FUNCTION(FnHighBoundary) { return Boundary(ev, call, scope, input, true, out); }

FHIRPATH_FUNCTION(FnPrecision) {
  std::optional<Item> v;
  if (absl::Status s = SingleInput(call, input, &v); !s.ok()) return s;
  if (!v) return absl::OkStatus();
  switch (v->type) {
    case ValueType::kInteger: out->push_back(Item::Int(0)); break;
    case ValueType::kDecimal:
    case ValueType::kQuantity:
      if (v->scale != kUnknownScale) out->push_back(Item::Int(v->scale));
      break;
    case ValueType::kDate:
    case ValueType::kDateTime:
    case ValueType::kTime:
      if (auto t = ParseTemporal(v->text, v->type == ValueType::kTime)) out->push_back(Item::Int(TemporalDigits(*t)));
      break;
    default: return EvalError(call, "precision() needs a number or date/time");
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnComparable) {
  std::optional<Item> v;
  if (absl::Status s = SingleInput(call, input, &v); !s.ok()) return s;
  Collection other;
  if (absl::Status s = ev.Arg(call, 0, scope, &other); !s.ok()) return s;
  if (!v || other.size() != 1) return absl::OkStatus();
  std::optional<Item> o = ToSystem(other[0]);
  if (v->type != ValueType::kQuantity || !o || o->type != ValueType::kQuantity) {
    return EvalError(call, "comparable() needs two quantities");
  }
  out->push_back(Item::Bool(ConvertUnit(1, o->text, v->text).has_value()));
  return absl::OkStatus();
}

}  // namespace conformance::fhirpath
