// File: conformance/fhirpath/operators.cc
// The binary operators: three-valued boolean logic, equality and equivalence of collections,
// ordering, membership, union, and arithmetic on numbers, strings, quantities and dates.
#include <cmath>
#include <limits>

#include "conformance/fhirpath/compare.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/temporal.h"
#include "conformance/fhirpath/ucum.h"

namespace conformance::fhirpath {
namespace {

// A collection as a three-valued boolean: nullopt for empty; error for more than one item.
absl::Status AsLogic(const Node& node, const Collection& c, std::optional<bool>* out) {
  out->reset();
  if (c.empty()) return absl::OkStatus();
  if (c.size() > 1) return EvalError(node, "a boolean operator needs a single item on each side");
  std::optional<Item> v = ToSystem(c[0]);
  if (!v) return absl::OkStatus();
  *out = v->type == ValueType::kBoolean ? v->boolean : true;
  return absl::OkStatus();
}

void PushLogic(std::optional<bool> v, Collection* out) {
  if (v.has_value()) out->push_back(Item::Bool(*v));
}

bool ContainsEqual(const Collection& c, const Item& item) {
  for (const Item& x : c) {
    if (ItemsEqual(x, item).value_or(false)) return true;
  }
  return false;
}

std::optional<bool> CollectionsEqual(const Collection& a, const Collection& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    std::optional<bool> eq = ItemsEqual(a[i], b[i]);
    if (!eq) return std::nullopt;
    if (!*eq) return false;
  }
  return true;
}

bool CollectionsEquivalent(const Collection& a, const Collection& b) {
  if (a.size() != b.size()) return false;
  std::vector<bool> used(b.size());
  for (const Item& x : a) {
    bool found = false;
    for (size_t j = 0; j < b.size() && !found; ++j) {
      if (!used[j] && ItemsEquivalent(x, b[j])) found = used[j] = true;
    }
    if (!found) return false;
  }
  return true;
}

absl::Status Arithmetic(Evaluation& ev, const Node& node, const Item& a, const Item& b, Collection* out) {
  const BinaryOp op = node.op;
  const bool na = a.type == ValueType::kInteger || a.type == ValueType::kDecimal;
  const bool nb = b.type == ValueType::kInteger || b.type == ValueType::kDecimal;
  if (na && nb) {
    if (a.type == ValueType::kInteger && b.type == ValueType::kInteger && op != BinaryOp::kDiv) {
      int64_t x = a.integer, y = b.integer, r = 0;
      switch (op) {
        case BinaryOp::kAdd: if (__builtin_add_overflow(x, y, &r)) return absl::OkStatus(); break;
        case BinaryOp::kSub: if (__builtin_sub_overflow(x, y, &r)) return absl::OkStatus(); break;
        case BinaryOp::kMul: if (__builtin_mul_overflow(x, y, &r)) return absl::OkStatus(); break;
        case BinaryOp::kIntDiv: if (y == 0) return absl::OkStatus(); r = x / y; break;
        case BinaryOp::kMod: if (y == 0) return absl::OkStatus(); r = x % y; break;
        default: break;
      }
      out->push_back(Item::Int(r));
      return absl::OkStatus();
    }
    double x = NumberOf(a), y = NumberOf(b);
    uint8_t sa = a.type == ValueType::kInteger ? 0 : a.scale, sb = b.type == ValueType::kInteger ? 0 : b.scale;
    uint8_t keep = (sa == kUnknownScale || sb == kUnknownScale) ? kUnknownScale : std::max(sa, sb);
    switch (op) {
      case BinaryOp::kAdd: out->push_back(Item::Dec(x + y, keep)); break;
      case BinaryOp::kSub: out->push_back(Item::Dec(x - y, keep)); break;
      case BinaryOp::kMul:
        out->push_back(Item::Dec(x * y, keep == kUnknownScale ? kUnknownScale : static_cast<uint8_t>(std::min(sa + sb, 254))));
        break;
      case BinaryOp::kDiv:
        if (y != 0) out->push_back(Item::Dec(x / y, kUnknownScale));
        break;
      case BinaryOp::kIntDiv:
        if (y != 0) out->push_back(Item::Int(static_cast<int64_t>(std::trunc(x / y))));
        break;
      case BinaryOp::kMod:
        if (y != 0) out->push_back(Item::Dec(std::fmod(x, y), keep));
        break;
      default: break;
    }
    return absl::OkStatus();
  }
  if (a.type == ValueType::kString && b.type == ValueType::kString && op == BinaryOp::kAdd) {
    out->push_back(Item::Str(ev.Keep(fhir::Concat(a.text, b.text))));
    return absl::OkStatus();
  }
  const bool ta = a.type == ValueType::kDate || a.type == ValueType::kDateTime || a.type == ValueType::kTime;
  if (ta && b.type == ValueType::kQuantity && (op == BinaryOp::kAdd || op == BinaryOp::kSub)) {
    std::optional<Temporal> t = ParseTemporal(a.text, a.type == ValueType::kTime);
    if (!t) return EvalError(node, "invalid date/time value");
    int64_t amount = static_cast<int64_t>(std::trunc(b.decimal));
    std::optional<Temporal> r = AddDuration(*t, op == BinaryOp::kAdd ? amount : -amount, b.text);
    if (!r) return EvalError(node, fhir::Concat("'", b.text, "' is not a time unit"));
    out->push_back(Item::Temporal(a.type, ev.Keep(FormatTemporal(*r))));
    return absl::OkStatus();
  }
  if (a.type == ValueType::kQuantity && b.type == ValueType::kQuantity) {
    if (op == BinaryOp::kAdd || op == BinaryOp::kSub) {
      std::optional<double> y = ConvertUnit(b.decimal, b.text, a.text);
      if (!y) return absl::OkStatus();
      out->push_back(Item::Qty(op == BinaryOp::kAdd ? a.decimal + *y : a.decimal - *y, std::max(a.scale, b.scale), a.text));
      return absl::OkStatus();
    }
    if (op == BinaryOp::kMul) {
      out->push_back(Item::Qty(a.decimal * b.decimal, kUnknownScale, ev.Keep(fhir::Concat(a.text, ".", b.text))));
      return absl::OkStatus();
    }
    if (op == BinaryOp::kDiv) {
      std::optional<double> y = ConvertUnit(b.decimal, b.text, a.text);
      if (y && *y != 0) {
        out->push_back(Item::Qty(a.decimal / *y, kUnknownScale, "1"));
      } else if (b.decimal != 0) {
        out->push_back(Item::Qty(a.decimal / b.decimal, kUnknownScale, ev.Keep(fhir::Concat(a.text, "/", b.text))));
      }
      return absl::OkStatus();
    }
  }
  if (a.type == ValueType::kQuantity && nb && (op == BinaryOp::kMul || op == BinaryOp::kDiv)) {
    double y = NumberOf(b);
    if (op == BinaryOp::kDiv && y == 0) return absl::OkStatus();
    out->push_back(Item::Qty(op == BinaryOp::kMul ? a.decimal * y : a.decimal / y, kUnknownScale, a.text));
    return absl::OkStatus();
  }
  if (na && b.type == ValueType::kQuantity && op == BinaryOp::kMul) {
    out->push_back(Item::Qty(NumberOf(a) * b.decimal, kUnknownScale, b.text));
    return absl::OkStatus();
  }
  return EvalError(node, fhir::Concat("cannot apply the operator to ", a.is_node() ? "a node" : SystemTypeName(a.type),
                                      " and ", b.is_node() ? "a node" : SystemTypeName(b.type)));
}

}  // namespace

absl::Status Evaluation::EvalBinary(const Node& node, const Scope& scope, Collection* out) {
  Collection lhs, rhs;
  if (absl::Status s = Eval(*node.input, scope, &lhs); !s.ok()) return s;
  const BinaryOp op = node.op;
  // Logic short-circuits: the right side is not evaluated once the left decides.
  if (op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kImplies || op == BinaryOp::kXor) {
    std::optional<bool> l, r;
    if (absl::Status s = AsLogic(node, lhs, &l); !s.ok()) return s;
    if (op == BinaryOp::kAnd && l == false) return PushLogic(false, out), absl::OkStatus();
    if (op == BinaryOp::kOr && l == true) return PushLogic(true, out), absl::OkStatus();
    if (op == BinaryOp::kImplies && l == false) return PushLogic(true, out), absl::OkStatus();
    if (absl::Status s = Eval(*node.rhs, scope, &rhs); !s.ok()) return s;
    if (absl::Status s = AsLogic(node, rhs, &r); !s.ok()) return s;
    switch (op) {
      case BinaryOp::kAnd:
        PushLogic(r == false ? std::optional<bool>(false) : (l && r) ? std::optional<bool>(true) : std::nullopt, out);
        break;
      case BinaryOp::kOr:
        PushLogic(r == true ? std::optional<bool>(true) : (l && r) ? std::optional<bool>(false) : std::nullopt, out);
        break;
      case BinaryOp::kXor:
        PushLogic(l && r ? std::optional<bool>(*l != *r) : std::nullopt, out);
        break;
      default:  // implies, left true or unknown
        PushLogic(r == true ? std::optional<bool>(true) : l == true ? r : std::nullopt, out);
        break;
    }
    return absl::OkStatus();
  }
  if (absl::Status s = Eval(*node.rhs, scope, &rhs); !s.ok()) return s;
  switch (op) {
    case BinaryOp::kUnion: {
      // `out` may already hold results of the caller (select() appends per item): dedupe
      // within this union only.
      ItemSet seen;
      const size_t before = out->size();
      for (const Collection* c : {&lhs, &rhs}) {
        for (const Item& x : *c) {
          if (seen.Insert(x)) out->push_back(x);
        }
      }
      return Charge(out->size() - before);
    }
    case BinaryOp::kEq:
    case BinaryOp::kNe: {
      if (lhs.empty() || rhs.empty()) return absl::OkStatus();
      std::optional<bool> eq = CollectionsEqual(lhs, rhs);
      if (eq) out->push_back(Item::Bool(op == BinaryOp::kEq ? *eq : !*eq));
      return absl::OkStatus();
    }
    case BinaryOp::kEquiv:
    case BinaryOp::kNotEquiv: {
      bool eq = CollectionsEquivalent(lhs, rhs);
      out->push_back(Item::Bool(op == BinaryOp::kEquiv ? eq : !eq));
      return absl::OkStatus();
    }
    case BinaryOp::kLt:
    case BinaryOp::kGt:
    case BinaryOp::kLe:
    case BinaryOp::kGe: {
      if (lhs.empty() || rhs.empty()) return absl::OkStatus();
      if (lhs.size() > 1 || rhs.size() > 1) return EvalError(node, "a comparison needs a single item on each side");
      bool type_error = false;
      std::optional<int> c = CompareItems(lhs[0], rhs[0], &type_error);
      if (type_error) return EvalError(node, "the two sides of the comparison cannot be compared");
      if (!c) return absl::OkStatus();
      bool r = op == BinaryOp::kLt ? *c < 0 : op == BinaryOp::kGt ? *c > 0 : op == BinaryOp::kLe ? *c <= 0 : *c >= 0;
      out->push_back(Item::Bool(r));
      return absl::OkStatus();
    }
    case BinaryOp::kIn:
    case BinaryOp::kContains: {
      const Collection& needle = op == BinaryOp::kIn ? lhs : rhs;
      const Collection& hay = op == BinaryOp::kIn ? rhs : lhs;
      if (needle.empty()) return absl::OkStatus();
      if (needle.size() > 1) return EvalError(node, "membership needs a single item");
      out->push_back(Item::Bool(ContainsEqual(hay, needle[0])));
      return absl::OkStatus();
    }
    case BinaryOp::kConcat: {
      std::string s;
      for (const Collection* c : {&lhs, &rhs}) {
        if (c->size() > 1) return EvalError(node, "'&' needs at most one item on each side");
        if (c->empty()) continue;
        std::optional<Item> v = ToSystem((*c)[0]);
        if (!v || v->type != ValueType::kString) return EvalError(node, "'&' needs strings");
        s.append(v->text);
      }
      out->push_back(Item::Str(Keep(std::move(s))));
      return absl::OkStatus();
    }
    default: {
      if (lhs.empty() || rhs.empty()) return absl::OkStatus();
      if (lhs.size() > 1 || rhs.size() > 1) return EvalError(node, "arithmetic needs a single item on each side");
      std::optional<Item> a = ToSystem(lhs[0]), b = ToSystem(rhs[0]);
      if (!a || !b) return absl::OkStatus();
      return Arithmetic(*this, node, *a, *b, out);
    }
  }
}

}  // namespace conformance::fhirpath
