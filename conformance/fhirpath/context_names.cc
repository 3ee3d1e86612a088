// File: conformance/fhirpath/context_names.cc
#include "conformance/fhirpath/context_names.h"

#include <algorithm>
#include <optional>

#include "conformance/fhirpath/compare.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/functions.h"

namespace conformance::fhirpath {
namespace {

// Functions whose arguments are evaluated per item of their input (with $this = the item), so
// names and $this inside those arguments refer to items reached from the context's children.
bool IsLambdaFunction(std::string_view name) {
  static constexpr std::string_view kLambdas[] = {"where", "select", "all", "exists", "repeat", "aggregate",
                                                  "sort", "trace"};
  return std::find(std::begin(kLambdas), std::end(kLambdas), name) != std::end(kLambdas);
}

// Functions that never look at their input.
bool IgnoresInput(std::string_view name) { return name == "today" || name == "now" || name == "timeOfDay"; }

// `in_lambda`: inside an argument evaluated per item, where $this is not the context.
bool Walk(const Node& n, bool in_lambda, std::vector<std::string>* names) {
  switch (n.kind) {
    case NodeKind::kThis:
    case NodeKind::kIndex:
    case NodeKind::kTotal:
      if (!in_lambda) return false;
      break;
    case NodeKind::kVariable:
      // Inside a lambda the variable is only read for items reached through the context's
      // children (dom-3's contained.where(... %resource.descendants() ...)): with none of
      // those children the lambda never runs.
      if (!in_lambda && (n.name == "resource" || n.name == "rootResource" || n.name == "context")) return false;
      break;
    case NodeKind::kMember:
      if (n.input == nullptr) {
        if (n.name.empty() || (n.name[0] >= 'A' && n.name[0] <= 'Z')) return false;  // a type filter
        if (!in_lambda && std::find(names->begin(), names->end(), n.name) == names->end()) {
          names->emplace_back(n.name);
        }
        // Inside a lambda the name navigates from the item, itself reached through a name.
      }
      break;
    case NodeKind::kCall:
      if (n.input == nullptr && !in_lambda && !IgnoresInput(n.name)) return false;
      for (size_t i = 0; i < n.args.size(); ++i) {
        // aggregate's initial value is evaluated even on an empty input: not a lambda.
        const bool lambda = IsLambdaFunction(n.name) && !(n.name == "aggregate" && i == 1);
        if (!Walk(*n.args[i], in_lambda || lambda, names)) return false;
      }
      break;
    default:
      break;
  }
  if (n.kind != NodeKind::kCall) {
    for (const Node* a : n.args) {
      if (!Walk(*a, in_lambda, names)) return false;
    }
  }
  if (n.input != nullptr && !Walk(*n.input, in_lambda, names)) return false;
  if (n.rhs != nullptr && !Walk(*n.rhs, in_lambda, names)) return false;
  return true;
}

// The result of `node` on an element without children (as it is on an element without the
// children the node names), or nullopt when it does not evaluate cleanly.
std::optional<Collection> OnEmptyElement(const Node& node) {
  static const fhir::Element kEmpty{};
  Environment env;
  Evaluation ev(env);
  Collection input{Item::Node(&kEmpty, {})}, out;
  if (!ev.Eval(node, Scope{&input, 0, nullptr}, &out).ok()) return std::nullopt;
  return out;
}

bool IsSingle(const Collection& c, bool value) {
  if (c.size() != 1) return false;
  std::optional<Item> v = ToSystem(c[0]);
  return v && v->type == ValueType::kBoolean && v->boolean == value;
}

// Adds the names of `node` when `node` depends on its context only through them and gives,
// on an element without them, a single true (`part_true`) or anything but a true.
void AddWhen(const Node& node, bool part_true, std::vector<SufficientAbsence>* out) {
  std::vector<std::string> names;
  if (!Walk(node, false, &names)) return;
  std::optional<Collection> result = OnEmptyElement(node);
  if (!result) return;
  const bool wanted = part_true ? IsSingle(*result, true) : result->empty() || IsSingle(*result, false);
  if (wanted) out->push_back({std::move(names), &node, part_true});
}

void OrChain(const Node& n, std::vector<const Node*>* disjuncts) {
  if (n.kind == NodeKind::kBinary && n.op == BinaryOp::kOr) {
    OrChain(*n.input, disjuncts);
    OrChain(*n.rhs, disjuncts);
  } else {
    disjuncts->push_back(&n);
  }
}

}  // namespace

std::vector<SufficientAbsence> SufficientAbsences(const Expression& expr) {
  std::vector<SufficientAbsence> out;
  const Node& root = expr.root();
  if (root.kind == NodeKind::kBinary && root.op == BinaryOp::kImplies) {
    // `A implies B` is not false when A is empty or false, or when B is true.
    AddWhen(*root.input, false, &out);
    AddWhen(*root.rhs, true, &out);
    return out;
  }
  std::vector<const Node*> disjuncts;
  OrChain(root, &disjuncts);
  if (disjuncts.size() < 2) return out;
  for (const Node* d : disjuncts) AddWhen(*d, true, &out);
  return out;
}

bool ContextNames(const Expression& expr, std::vector<std::string>* names) {
  names->clear();
  return Walk(expr.root(), false, names);
}

namespace {

// True when property `prop` is the child `name`, or a typed name of choice `name`.
bool IsChildNamed(std::string_view prop, std::string_view name) {
  // The first letters differ for almost every pair: test that before comparing.
  if (prop.size() < name.size() || prop[0] != name[0] || prop.compare(0, name.size(), name) != 0) return false;
  return prop.size() == name.size() || (prop[name.size()] >= 'A' && prop[name.size()] <= 'Z');
}

}  // namespace

bool HasAnyChild(const fhir::Element& e, const std::vector<std::string>& names) {
  for (const fhir::Property& p : e.props()) {
    for (const std::string& n : names) {
      if (IsChildNamed(p.name, n)) return true;
    }
  }
  return false;
}

uint64_t ChildNameBits(const fhir::Element& e) {
  uint64_t bits = 0;
  for (const fhir::Property& p : e.props()) bits |= uint64_t{1} << NameBit(p.name);
  return bits;
}

ChildNameSet::ChildNameSet(std::vector<std::string> n) : names(std::move(n)) {
  for (const std::string& name : names) bits |= name.size() < 3 ? ~uint64_t{0} : uint64_t{1} << NameBit(name);
}

bool HasAnyChild(const fhir::Element& e, const ChildNameSet& set) {
  for (const fhir::Property& p : e.props()) {
    if (((set.bits >> NameBit(p.name)) & 1) == 0) continue;
    for (const std::string& n : set.names) {
      if (IsChildNamed(p.name, n)) return true;
    }
  }
  return false;
}

}  // namespace conformance::fhirpath
