// File: conformance/presence_formula.cc
#include "conformance/presence_formula.h"

namespace conformance {
namespace {

// Bounds that keep Holds() on a fixed-size stack; published formulas use two or three names.
constexpr size_t kMaxNames = 8;
constexpr size_t kMaxSteps = 32;

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace

std::unique_ptr<PresenceFormula> PresenceFormula::Compile(const fhirpath::Expression& expr) {
  auto formula = std::unique_ptr<PresenceFormula>(new PresenceFormula());
  if (!formula->Emit(expr.root()) || formula->program_.size() > kMaxSteps) return nullptr;
  return formula;
}

bool PresenceFormula::Emit(const fhirpath::Node& n) {
  using fhirpath::BinaryOp;
  using fhirpath::NodeKind;
  if (n.kind == NodeKind::kCall && n.args.empty() && n.input != nullptr && n.function != nullptr) {
    if (n.name == "not") {
      if (!Emit(*n.input)) return false;
      program_.push_back({Op::kNot});
      return true;
    }
    if (n.name != "exists" && n.name != "empty") return false;
    const fhirpath::Node& member = *n.input;
    // A child name navigated from the context. An upper-case first letter could be a type name
    // ("Observation.exists()"), which FHIRPath reads differently: not taken.
    if (member.kind != NodeKind::kMember || member.input != nullptr || member.name.empty() ||
        !IsLower(member.name[0])) {
      return false;
    }
    size_t index = 0;
    while (index < names_.size() && names_[index] != member.name) ++index;
    if (index == names_.size()) {
      if (names_.size() == kMaxNames) return false;
      names_.emplace_back(member.name);
    }
    program_.push_back({Op::kPresent, static_cast<uint8_t>(index)});
    if (n.name == "empty") program_.push_back({Op::kNot});
    return true;
  }
  if (n.kind != NodeKind::kBinary || n.input == nullptr || n.rhs == nullptr) return false;
  Op op;
  switch (n.op) {
    case BinaryOp::kAnd: op = Op::kAnd; break;
    case BinaryOp::kOr: op = Op::kOr; break;
    case BinaryOp::kXor: op = Op::kXor; break;
    case BinaryOp::kImplies: op = Op::kImplies; break;
    case BinaryOp::kEq: op = Op::kEq; break;
    case BinaryOp::kNe: op = Op::kNe; break;
    default: return false;
  }
  if (!Emit(*n.input) || !Emit(*n.rhs)) return false;
  program_.push_back({op});
  return true;
}

bool PresenceFormula::Holds(const fhir::Element& e, std::string_view key, const fhirpath::Model& model) const {
  bool present[kMaxNames];
  for (size_t i = 0; i < names_.size(); ++i) present[i] = HasNavigableChild(e, key, names_[i], model);
  bool stack[kMaxSteps];
  size_t top = 0;
  for (const Step& s : program_) {
    if (s.op == Op::kPresent) {
      stack[top++] = present[s.name];
      continue;
    }
    if (s.op == Op::kNot) {
      stack[top - 1] = !stack[top - 1];
      continue;
    }
    const bool b = stack[--top];
    bool& a = stack[top - 1];
    switch (s.op) {
      case Op::kAnd: a = a && b; break;
      case Op::kOr: a = a || b; break;
      case Op::kXor: case Op::kNe: a = a != b; break;
      case Op::kImplies: a = !a || b; break;
      case Op::kEq: a = a == b; break;
      default: break;
    }
  }
  return stack[0];
}

bool HasNavigableChild(const fhir::Element& e, std::string_view key, std::string_view name,
                       const fhirpath::Model& model) {
  for (const fhir::Property& p : e.props()) {
    if (p.name.empty() || p.name[0] != name[0]) continue;
    if (p.name != name) {
      if (p.name.size() <= name.size() || !IsUpper(p.name[name.size()]) || !p.name.starts_with(name)) continue;
      fhirpath::ChildType ct;
      // Without a type the evaluator takes any such property; with one, only the choice's own.
      if (!key.empty() && (!model.Child(key, p.name, &ct) || ct.choice_stem != name.size())) continue;
    }
    for (const fhir::Element& item : p.elements()) {
      if (!item.is_null) return true;
    }
  }
  return false;
}

}  // namespace conformance
