// File: conformance/element_invariants.cc
// ElementWalker's FHIRPath constraints: every constraint of the element's definition, and of the
// root of its complex type, evaluated with the element as context; ele-1 natively.
#include "conformance/element_walker.h"
#include "conformance/fhirpath/compare.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/native_invariants.h"

namespace conformance {
namespace {

using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;
using fhirpath::Collection;
using fhirpath::Item;

bool HoldsContained(const Element& container, const Element* res) {
  const fhir::Property* contained = container.Find("contained");
  if (contained == nullptr) return false;
  for (const Element& c : contained->elements()) {
    if (&c == res) return true;
  }
  return false;
}

}  // namespace

void ElementWalker::Invariants(const Element& e, ElementRef def, std::string_view type_code) {
  const ElementRule& rule = def.rule();
  const ElementRule* type_root = nullptr;
  // The type's own invariants (qty-3 on Quantity, per-1 on Period, ...) are declared on the
  // root of the type's definition, not copied into the elements that use the type.
  if (mode_ == Mode::kBase && !type_code.empty() && type_code[0] >= 'A' && type_code[0] <= 'Z' &&
      type_code != "BackboneElement" && type_code != "Element") {
    const Profile* t = registry_.BaseType(type_code);
    if (t != nullptr && !(t == def.profile && def.index == 0) && !t->elements.empty()) type_root = &t->elements[0];
  }
  // ele-1, natively: a complex element needs a value or a child other than its id. (Empty
  // objects are the reader's to report; primitives are checked in Node.)
  if (mode_ == Mode::kBase && e.property_count != 0 && !e.is_resource && !SatisfiesEle1(e)) {
    Report(Severity::kError, IssueType::kInvariant, e.offset, "ele-1",
           "ele-1: All FHIR elements must have a @value or children");
  }
  std::string_view key = !rule.children.empty() ? std::string_view(rule.path)
                         : !rule.content_reference.empty() ? std::string_view(rule.content_reference)
                                                           : type_code;
  if (e.is_resource) key = e.resource_type();
  std::string_view seen[16];
  size_t seen_count = 0;
  auto visit = [&](const Constraint& c) {
    if (c.native || (mode_ == Mode::kProfile && c.from_base_type)) return;
    for (size_t i = 0; i < seen_count; ++i) {
      if (seen[i] == c.key) return;
    }
    if (seen_count < 16) seen[seen_count++] = c.key;
    Invariant(e, key, c);
  };
  for (const Constraint& c : rule.constraints) visit(c);
  if (type_root != nullptr) {
    for (const Constraint& c : type_root->constraints) visit(c);
  }
}

void ElementWalker::Invariant(const Element& e, std::string_view type_key, const Constraint& c) {
  if (c.compiled == nullptr) {
    ++unevaluated_invariants_;
    Report(Severity::kInformation, IssueType::kNotSupported, e.offset, Concat("invariant-not-compiled-", c.key),
           Concat("invariant ", c.key, " was not checked: its expression does not compile (", c.compile_error, ")"));
    return;
  }
  fhirpath::Environment env;
  env.model = &model_;
  const Element* res = resources_.empty() ? nullptr : resources_.back();
  if (res != nullptr) {
    env.resource.push_back(Item::Node(res, res->resource_type()));
    const Element* root = res;
    if (resources_.size() >= 2 && HoldsContained(*resources_[resources_.size() - 2], res)) {
      root = resources_[resources_.size() - 2];
    }
    env.root_resource.push_back(Item::Node(root, root->resource_type()));
  }
  for (const Element* r : resources_) {
    if (r->resource_type() == "Bundle") {
      env.bundle = r;
      break;
    }
  }
  Collection input;
  input.push_back(e.is_resource ? Item::Node(&e, e.resource_type()) : Item::Node(&e, type_key));
  env.context = input;
  fhirpath::Evaluation ev(env);
  Collection result;
  absl::Status status = ev.Run(*c.compiled, input, &result);
  if (!status.ok()) {
    Report(Severity::kWarning, IssueType::kProcessing, e.offset, Concat("invariant-error-", c.key),
           Concat("invariant ", c.key, " could not be evaluated: ", status.message()));
    return;
  }
  // The constraint fails when it evaluates to false. An empty result (unknown, e.g. ref-1 on a
  // Reference without a reference) does not fail it, as the HL7 validator decides too.
  bool holds = true;
  if (result.size() == 1) {
    std::optional<Item> v = fhirpath::ToSystem(result[0]);
    holds = !(v && v->type == fhirpath::ValueType::kBoolean && !v->boolean);
  }
  if (holds) return;
  Report(c.severity == "error" ? Severity::kError : Severity::kWarning, IssueType::kInvariant, e.offset, c.key,
         Concat(c.key, ": ", c.human));
}

}  // namespace conformance
