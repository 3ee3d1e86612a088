// File: conformance/fhirpath/functions_existence.cc
// Existence functions (empty, exists, all, allTrue..., subsetOf, count, distinct), not(), and
// the argument helpers every function file shares.
#include "conformance/fhirpath/function_support.h"

namespace conformance::fhirpath {

absl::Status SingleInput(const Node& call, const Collection& input, std::optional<Item>* out) {
  out->reset();
  if (input.empty()) return absl::OkStatus();
  if (input.size() > 1) {
    return EvalError(call, fhir::Concat(call.name, "() needs a single input item, got ", input.size()));
  }
  *out = ToSystem(input[0]);
  return absl::OkStatus();
}

absl::Status ArgValue(Evaluation& ev, const Node& call, size_t i, const Scope& scope, ValueType type,
                      std::optional<Item>* out) {
  out->reset();
  const Node& arg = *call.args[i];
  if (arg.kind == NodeKind::kLiteral && arg.has_literal && arg.literal.type == type) {
    *out = arg.literal;  // the usual case: a literal argument, no evaluation needed
    return absl::OkStatus();
  }
  Collection c;
  if (absl::Status s = ev.Arg(call, i, scope, &c); !s.ok()) return s;
  if (c.empty()) return absl::OkStatus();
  std::optional<Item> v = c.size() == 1 ? ToSystem(c[0]) : std::nullopt;
  if (v && type == ValueType::kDecimal && v->type == ValueType::kInteger) *v = Item::Dec(static_cast<double>(v->integer), 0);
  if (!v || v->type != type) {
    return EvalError(*call.args[i], fhir::Concat("argument ", i + 1, " of ", call.name, "() must be a single ",
                                                 SystemTypeName(type)));
  }
  *out = v;
  return absl::OkStatus();
}

absl::Status Truth(const Node& call, const Collection& c, std::optional<bool>* out) {
  out->reset();
  if (c.empty()) return absl::OkStatus();
  if (c.size() > 1) return EvalError(call, fhir::Concat(call.name, "(): the criteria gave more than one item"));
  std::optional<Item> v = ToSystem(c[0]);
  if (v) *out = v->type == ValueType::kBoolean ? v->boolean : true;
  return absl::OkStatus();
}

bool Contains(const Collection& c, const Item& item) {
  for (const Item& x : c) {
    if (ItemsEqual(x, item).value_or(false)) return true;
  }
  return false;
}

void AppendDistinct(const Collection& input, Collection* out) {
  ItemSet seen;
  for (const Item& x : input) {
    if (seen.Insert(x)) out->push_back(x);
  }
}

namespace {

// allTrue / anyTrue / allFalse / anyFalse over the Boolean items of the input.
absl::Status BooleanFold(const Node& call, const Collection& input, bool want, bool all, Collection* out) {
  bool result = all;
  for (const Item& x : input) {
    std::optional<Item> v = ToSystem(x);
    if (!v || v->type != ValueType::kBoolean) return EvalError(call, fhir::Concat(call.name, "() needs Booleans"));
    if (all && v->boolean != want) result = false;
    if (!all && v->boolean == want) result = true;
  }
  out->push_back(Item::Bool(result));
  return absl::OkStatus();
}

}  // namespace

FHIRPATH_FUNCTION(FnEmpty) {
  out->push_back(Item::Bool(input.empty()));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnExists) {
  if (call.args.empty()) {
    out->push_back(Item::Bool(!input.empty()));
    return absl::OkStatus();
  }
  for (size_t i = 0; i < input.size(); ++i) {
    Collection r;
    if (absl::Status s = ev.ArgFor(call, 0, input[i], static_cast<int64_t>(i), scope, &r); !s.ok()) return s;
    std::optional<bool> t;
    if (absl::Status s = Truth(call, r, &t); !s.ok()) return s;
    if (t == true) {
      out->push_back(Item::Bool(true));
      return absl::OkStatus();
    }
  }
  out->push_back(Item::Bool(false));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnAll) {
  for (size_t i = 0; i < input.size(); ++i) {
    Collection r;
    if (absl::Status s = ev.ArgFor(call, 0, input[i], static_cast<int64_t>(i), scope, &r); !s.ok()) return s;
    std::optional<bool> t;
    if (absl::Status s = Truth(call, r, &t); !s.ok()) return s;
    if (t != true) {
      out->push_back(Item::Bool(false));
      return absl::OkStatus();
    }
  }
  out->push_back(Item::Bool(true));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnAllTrue) { return BooleanFold(call, input, true, true, out); }
FHIRPATH_FUNCTION(FnAnyTrue) { return BooleanFold(call, input, true, false, out); }
FHIRPATH_FUNCTION(FnAllFalse) { return BooleanFold(call, input, false, true, out); }
FHIRPATH_FUNCTION(FnAnyFalse) { return BooleanFold(call, input, false, false, out); }

FHIRPATH_FUNCTION(FnSubsetOf) {
  Collection other;
  if (absl::Status s = ev.Arg(call, 0, scope, &other); !s.ok()) return s;
  bool all = true;
  for (const Item& x : input) all = all && Contains(other, x);
  out->push_back(Item::Bool(all));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnSupersetOf) {
  Collection other;
  if (absl::Status s = ev.Arg(call, 0, scope, &other); !s.ok()) return s;
  bool all = true;
  for (const Item& x : other) all = all && Contains(input, x);
  out->push_back(Item::Bool(all));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnCount) {
  out->push_back(Item::Int(static_cast<int64_t>(input.size())));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnDistinct) {
  AppendDistinct(input, out);
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnIsDistinct) {
  Collection d;
  AppendDistinct(input, &d);
  out->push_back(Item::Bool(d.size() == input.size()));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnNot) {
  std::optional<bool> t;
  if (input.size() > 1) return EvalError(call, "not() needs a single item");
  if (absl::Status s = Truth(call, input, &t); !s.ok()) return s;
  if (t) out->push_back(Item::Bool(!*t));
  return absl::OkStatus();
}

}  // namespace conformance::fhirpath
