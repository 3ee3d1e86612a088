// File: conformance/fhirpath/functions_filtering.cc
// Filtering and projection (where, select, repeat, ofType), type functions (is, as, type),
// subsetting (single, first, last, tail, skip, take, intersect, exclude), combining (union,
// combine), aggregate() and sort().
#include <algorithm>

#include "conformance/fhirpath/function_support.h"
#include "conformance/fhirpath/types.h"

namespace conformance::fhirpath {
namespace {

absl::Status IntArg(Evaluation& ev, const Node& call, const Scope& scope, int64_t* n, bool* empty) {
  std::optional<Item> v;
  if (absl::Status s = ArgValue(ev, call, 0, scope, ValueType::kInteger, &v); !s.ok()) return s;
  *empty = !v.has_value();
  if (v) *n = v->integer;
  return absl::OkStatus();
}

}  // namespace

FHIRPATH_FUNCTION(FnWhere) {
  for (size_t i = 0; i < input.size(); ++i) {
    Collection r;
    if (absl::Status s = ev.ArgFor(call, 0, input[i], static_cast<int64_t>(i), scope, &r); !s.ok()) return s;
    std::optional<bool> t;
    if (absl::Status s = Truth(call, r, &t); !s.ok()) return s;
    if (t == true) out->push_back(input[i]);
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnSelect) {
  for (size_t i = 0; i < input.size(); ++i) {
    const size_t before = out->size();
    if (absl::Status s = ev.ArgFor(call, 0, input[i], static_cast<int64_t>(i), scope, out); !s.ok()) return s;
    if (absl::Status s = ev.Charge(out->size() - before); !s.ok()) return s;
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnRepeat) {
  // Breadth first; an item already produced is not expanded again, so cycles end.
  std::vector<Item> frontier(input.begin(), input.end());
  Collection produced;
  ItemSet seen;
  while (!frontier.empty()) {
    std::vector<Item> next;
    for (const Item& x : frontier) {
      Collection r;
      if (absl::Status s = ev.ArgFor(call, 0, x, 0, scope, &r); !s.ok()) return s;
      for (const Item& y : r) {
        if (!seen.Insert(y)) continue;
        produced.push_back(y);
        next.push_back(y);
      }
      if (absl::Status s = ev.Charge(r.size()); !s.ok()) return s;
    }
    frontier = std::move(next);
  }
  out->insert(out->end(), produced.begin(), produced.end());
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnOfType) {
  if (!IsKnownType(ev.model(), call.type)) return EvalError(call, fhir::Concat("unknown type '", call.type.name, "'"));
  for (const Item& x : input) {
    if (ItemIsType(ev.model(), x, call.type, /*exact_primitives=*/true)) out->push_back(x);
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnIs) {
  if (!IsKnownType(ev.model(), call.type)) return EvalError(call, fhir::Concat("unknown type '", call.type.name, "'"));
  if (input.empty()) return absl::OkStatus();
  if (input.size() > 1) return EvalError(call, "is() needs a single item");
  out->push_back(Item::Bool(ItemIsType(ev.model(), input[0], call.type, /*exact_primitives=*/false)));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnAs) {
  if (input.size() > 1) return EvalError(call, "as() needs a single item");
  return FnOfType(ev, call, scope, input, out);
}

FHIRPATH_FUNCTION(FnType) {
  // TypeInfo as a small element {namespace, name}.
  for (const Item& x : input) {
    std::string_view ns = x.is_node() ? "FHIR" : "System";
    std::string_view name = x.is_node() ? NodeTypeName(x) : SystemTypeName(x.type);
    fhir::Arena& arena = ev.arena();
    fhir::Element* values = arena.AllocateArray<fhir::Element>(2);
    fhir::Property* props = arena.AllocateArray<fhir::Property>(2);
    new (&values[0]) fhir::Element();
    new (&values[1]) fhir::Element();
    values[0].value = ns;
    values[0].kind = fhir::ValueKind::kString;
    values[1].value = name;
    values[1].kind = fhir::ValueKind::kString;
    new (&props[0]) fhir::Property();
    new (&props[1]) fhir::Property();
    props[0].name = "namespace";
    props[0].items = &values[0];
    props[0].size = 1;
    props[1].name = "name";
    props[1].items = &values[1];
    props[1].size = 1;
    fhir::Element* info = arena.AllocateArray<fhir::Element>(1);
    new (info) fhir::Element();
    info->properties = props;
    info->property_count = 2;
    out->push_back(Item::Node(info, {}));
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnSingle) {
  if (input.size() > 1) return EvalError(call, fhir::Concat("single() found ", input.size(), " items"));
  out->insert(out->end(), input.begin(), input.end());
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnFirst) {
  if (!input.empty()) out->push_back(input.front());
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnLast) {
  if (!input.empty()) out->push_back(input.back());
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnTail) {
  if (input.size() > 1) out->insert(out->end(), input.begin() + 1, input.end());
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnSkip) {
  int64_t n = 0;
  bool empty = false;
  if (absl::Status s = IntArg(ev, call, scope, &n, &empty); !s.ok()) return s;
  if (empty) return absl::OkStatus();
  size_t from = n <= 0 ? 0 : std::min<size_t>(static_cast<size_t>(n), input.size());
  out->insert(out->end(), input.begin() + static_cast<ptrdiff_t>(from), input.end());
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnTake) {
  int64_t n = 0;
  bool empty = false;
  if (absl::Status s = IntArg(ev, call, scope, &n, &empty); !s.ok()) return s;
  if (empty || n <= 0) return absl::OkStatus();
  size_t count = std::min<size_t>(static_cast<size_t>(n), input.size());
  out->insert(out->end(), input.begin(), input.begin() + static_cast<ptrdiff_t>(count));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnIntersect) {
  Collection other;
  if (absl::Status s = ev.Arg(call, 0, scope, &other); !s.ok()) return s;
  Collection common;
  for (const Item& x : input) {
    if (Contains(other, x) && !Contains(common, x)) common.push_back(x);
  }
  out->insert(out->end(), common.begin(), common.end());
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnExclude) {
  Collection other;
  if (absl::Status s = ev.Arg(call, 0, scope, &other); !s.ok()) return s;
  for (const Item& x : input) {
    if (!Contains(other, x)) out->push_back(x);
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnUnion) {
  Collection other;
  if (absl::Status s = ev.Arg(call, 0, scope, &other); !s.ok()) return s;
  Collection both(input.begin(), input.end());
  both.insert(both.end(), other.begin(), other.end());
  AppendDistinct(both, out);
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnCombine) {
  Collection other;
  if (absl::Status s = ev.Arg(call, 0, scope, &other); !s.ok()) return s;
  out->insert(out->end(), input.begin(), input.end());
  out->insert(out->end(), other.begin(), other.end());
  return ev.Charge(out->size());
}

FHIRPATH_FUNCTION(FnAggregate) {
  Collection total;
  if (call.args.size() > 1) {
    if (absl::Status s = ev.Arg(call, 1, scope, &total); !s.ok()) return s;
  }
  for (size_t i = 0; i < input.size(); ++i) {
    Collection focus;
    focus.push_back(input[i]);
    Scope s{&focus, static_cast<int64_t>(i), &total};
    Collection next;
    if (absl::Status st = ev.Eval(*call.args[0], s, &next); !st.ok()) return st;
    total = std::move(next);
  }
  out->insert(out->end(), total.begin(), total.end());
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnSort) {
  // Keys per item (the item itself without arguments); a key expression written as `-expr`
  // sorts descending.
  struct Keyed {
    Item item;
    std::vector<std::optional<Item>> keys;
  };
  std::vector<Keyed> rows;
  std::vector<bool> descending;
  for (const Node* a : call.args) descending.push_back(a->kind == NodeKind::kNegate);
  for (size_t i = 0; i < input.size(); ++i) {
    Keyed k{input[i], {}};
    if (call.args.empty()) k.keys.push_back(ToSystem(input[i]));
    for (size_t a = 0; a < call.args.size(); ++a) {
      const Node& key = descending[a] ? *call.args[a]->input : *call.args[a];
      Collection focus;
      focus.push_back(input[i]);
      Scope s{&focus, static_cast<int64_t>(i), scope.total};
      Collection r;
      if (absl::Status st = ev.Eval(key, s, &r); !st.ok()) return st;
      if (r.size() > 1) return EvalError(call, "sort(): a key gave more than one item");
      k.keys.push_back(r.empty() ? std::nullopt : ToSystem(r[0]));
    }
    rows.push_back(std::move(k));
  }
  bool type_error = false;
  std::stable_sort(rows.begin(), rows.end(), [&](const Keyed& x, const Keyed& y) {
    for (size_t k = 0; k < x.keys.size(); ++k) {
      const auto& a = x.keys[k];
      const auto& b = y.keys[k];
      if (!a || !b) {
        if (!a && !b) continue;
        return !a;  // empty sorts first
      }
      bool err = false;
      std::optional<int> c = CompareItems(*a, *b, &err);
      type_error = type_error || err;
      if (!c || *c == 0) continue;
      bool desc = k < descending.size() && descending[k];
      return desc ? *c > 0 : *c < 0;
    }
    return false;
  });
  if (type_error) return EvalError(call, "sort(): the items cannot be compared");
  for (const Keyed& k : rows) out->push_back(k.item);
  return absl::OkStatus();
}

}  // namespace conformance::fhirpath
