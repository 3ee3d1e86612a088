// File: conformance/element_invariants.cc
// ElementWalker's FHIRPath constraints: every constraint of the element's definition, and of the
// root of its complex type, evaluated with the element as context; ele-1 natively.
#include "conformance/element_walker.h"
#include "conformance/fhirpath/compare.h"
#include "conformance/fhirpath/context_names.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/native_invariants.h"
#include "conformance/presence_formula.h"

namespace conformance {
namespace {

using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;
using fhirpath::Collection;
using fhirpath::Item;

// A failed constraint's severity: its own ("error" or "warning").
Severity SeverityOf(const Constraint& c) { return c.severity == "error" ? Severity::kError : Severity::kWarning; }

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
  // ele-1, natively: a complex element needs a value or a child other than its id. (Empty
  // objects are the reader's to report; primitives are checked in Node.)
  if (mode_ == Mode::kBase && e.property_count != 0 && !e.is_resource && !SatisfiesEle1(e)) {
    Report(Severity::kError, IssueType::kInvariant, e.offset, "ele-1",
           "ele-1: All FHIR elements must have a @value or children");
  }
  // The registry planned which constraints apply (see PlanInvariants): look the list up.
  const std::vector<const Constraint*>* list = &rule.profile_invariants;
  if (mode_ == Mode::kBase) {
    list = &rule.base_invariants;
    if (rule.types.size() == 1) {
      list = &rule.types[0].invariants;
    } else {
      for (const TypeRef& t : rule.types) {
        if (t.code == type_code) {
          list = &t.invariants;
          break;
        }
      }
    }
  }
  if (list->empty()) return;
  std::string_view key = e.is_resource                     ? e.resource_type()
                         : !rule.children.empty()          ? std::string_view(rule.path)
                         : !rule.content_reference.empty() ? std::string_view(rule.content_reference)
                                                           : type_code;
  uint64_t name_bits = 0;  // computed by the first guard that needs it (0 until then)
  for (const Constraint* c : *list) Invariant(e, key, *c, &name_bits);
}

std::optional<fhirpath::Collection> ElementWalker::EvaluateAt(std::string_view expression, const Element& focus,
                                                              std::string_view focus_key, const Element* extension) {
  NotRepeatable();  // callers' expressions are not analysed
  auto expr = fhirpath::Expression::Parse(expression);
  if (!expr.ok()) return std::nullopt;
  PrepareInvariantEnvironment();
  fhirpath::Environment env = env_;
  fhir::StringMap<Collection> vars;
  if (extension != nullptr) {
    vars["extension"].push_back(Item::Node(extension, "Extension"));
    env.variables = &vars;
  }
  Collection input;
  input.push_back(focus.is_resource ? Item::Node(&focus, focus.resource_type()) : Item::Node(&focus, focus_key));
  env.context = input;
  fhirpath::Evaluation ev(env);
  Collection out;
  if (!ev.Run(**expr, input, &out).ok()) return std::nullopt;
  return out;
}

void ElementWalker::PrepareInvariantEnvironment() {
  const Element* res = resources_.empty() ? nullptr : resources_.back();
  if (env_resource_ == res && env_ready_) return;
  env_ready_ = true;
  env_resource_ = res;
  env_ = fhirpath::Environment();
  env_.model = &model_;
  if (res != nullptr) {
    env_.resource.push_back(Item::Node(res, res->resource_type()));
    const Element* root = res;
    if (resources_.size() >= 2 && HoldsContained(*resources_[resources_.size() - 2], res)) {
      root = resources_[resources_.size() - 2];
    }
    env_.root_resource.push_back(Item::Node(root, root->resource_type()));
  }
  for (const Element* r : resources_) {
    if (r->resource_type() == "Bundle") {
      env_.bundle = r;
      break;
    }
  }
}

void ElementWalker::Invariant(const Element& e, std::string_view type_key, const Constraint& c,
                              uint64_t* name_bits) {
  if (c.compiled == nullptr) {
    ++unevaluated_invariants_;
    Report(Severity::kInformation, IssueType::kNotSupported, e.offset, Concat("invariant-not-compiled-", c.key),
           Concat("invariant ", c.key, " was not checked: its expression does not compile (", c.compile_error, ")"));
    return;
  }
  if (c.ref1_shortcut && Ref1HoldsWithoutLookUp(e)) return;
  if (c.presence != nullptr) {
    if (!c.presence->Holds(e, e.is_resource ? e.resource_type() : type_key, model_)) {
      Report(SeverityOf(c), IssueType::kInvariant, e.offset, c.key, Concat(c.key, ": ", c.human));
    }
    return;
  }
  // An element's bits are never 0 once computed unless it has no properties: then recomputing
  // is free.
  if ((c.guard_names != nullptr || c.holds_without != nullptr) && *name_bits == 0) {
    *name_bits = fhirpath::ChildNameBits(e);
  }
  if (c.guard_names != nullptr && !fhirpath::HasAnyChild(e, *c.guard_names, *name_bits)) {
    // The expression cannot see anything of this element: its result is the one computed once
    // at load for an element without those children.
    if (!c.holds_when_absent) {
      Report(SeverityOf(c), IssueType::kInvariant, e.offset, c.key, Concat(c.key, ": ", c.human));
    }
    return;
  }
  if (c.holds_without != nullptr) {
    for (const fhirpath::ChildNameSet& names : *c.holds_without) {
      if (!fhirpath::HasAnyChild(e, names, *name_bits)) return;  // e.g. obs-7 without components
    }
  }
  if (!c.focus_only) NotRepeatable();
  PrepareInvariantEnvironment();
  Collection input;
  input.push_back(e.is_resource ? Item::Node(&e, e.resource_type()) : Item::Node(&e, type_key));
  env_.context = input;
  fhirpath::Evaluation ev(env_);
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
  const Severity severity = SeverityOf(c);
  if (c.offenders != nullptr && e.is_resource && ReportAtOffenders(e, c, severity)) return;
  Report(severity, IssueType::kInvariant, e.offset, c.key, Concat(c.key, ": ", c.human));
}

bool ElementWalker::ReportAtOffenders(const Element& e, const Constraint& c, Severity severity) {
  const fhir::Property* contained = e.Find("contained");
  if (contained == nullptr) return false;
  Collection input, result;
  input.push_back(Item::Node(&e, e.resource_type()));
  env_.context = input;
  fhirpath::Evaluation ev(env_);
  if (!ev.Run(*c.offenders, input, &result).ok()) return false;
  bool reported = false;
  for (uint32_t i = 0; i < contained->size; ++i) {
    const Element& item = contained->items[i];
    bool offends = false;
    for (const Item& r : result) offends = offends || r.node == &item;
    if (!offends) continue;
    // Located as the HL7 validator locates it: `contained[i]`, without the resource comment.
    path_.push_back({"contained", contained->is_array ? static_cast<int32_t>(i) : -1, {}, nullptr});
    Report(severity, IssueType::kInvariant, item.offset, c.key, Concat(c.key, ": ", c.human));
    path_.pop_back();
    reported = true;
  }
  return reported;
}

}  // namespace conformance
