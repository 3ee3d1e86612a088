// File: conformance/fhirpath/functions_fhir.cc
// FHIR's additions to FHIRPath: extension(), hasValue(), getValue(), resolve(), memberOf(),
// conformsTo(), htmlChecks(), and the validator-only elementDefinition(), slice(), subsumes().
#include "conformance/fhirpath/function_support.h"
#include "conformance/fhirpath/xhtml_checks.h"

namespace conformance::fhirpath {
namespace {

// The reference text of a Reference node, or of a string / uri-like item.
std::optional<std::string_view> ReferenceText(const Item& item) {
  if (item.is_node()) {
    if (item.node->has_value()) return item.node->value;
    std::string_view r = item.node->ValueOf("reference");
    if (!r.empty()) return r;
    return std::nullopt;
  }
  if (item.type == ValueType::kString) return item.text;
  return std::nullopt;
}

bool MatchesTypeAndId(const fhir::Element& resource, std::string_view ref) {
  std::string_view type = resource.resource_type();
  std::string_view id = resource.ValueOf("id");
  if (type.empty() || id.empty()) return false;
  // "Patient/123", optionally absolute ("http://x/fhir/Patient/123") or versioned (".../_history/2").
  if (size_t h = ref.find("/_history/"); h != std::string_view::npos) ref = ref.substr(0, h);
  if (!ref.ends_with(id) || ref.size() < type.size() + 1 + id.size()) return false;
  std::string_view head = ref.substr(0, ref.size() - id.size() - 1);
  return ref[ref.size() - id.size() - 1] == '/' && head.ends_with(type) &&
         (head.size() == type.size() || head[head.size() - type.size() - 1] == '/');
}

const fhir::Element* FindContained(const fhir::Element& resource, std::string_view id) {
  const fhir::Property* contained = resource.Find("contained");
  if (contained == nullptr) return nullptr;
  for (const fhir::Element& c : contained->elements()) {
    if (c.ValueOf("id") == id) return &c;
  }
  return nullptr;
}

const fhir::Element* FindInBundle(const fhir::Element& bundle, std::string_view ref) {
  const fhir::Property* entries = bundle.Find("entry");
  if (entries == nullptr) return nullptr;
  for (const fhir::Element& entry : entries->elements()) {
    const fhir::Element* r = entry.First("resource");
    if (r == nullptr) continue;
    if (entry.ValueOf("fullUrl") == ref || MatchesTypeAndId(*r, ref)) return r;
  }
  return nullptr;
}

}  // namespace

FHIRPATH_FUNCTION(FnExtension) {
  std::optional<Item> url;
  if (absl::Status s = ArgValue(ev, call, 0, scope, ValueType::kString, &url); !s.ok()) return s;
  if (!url) return absl::OkStatus();
  for (const Item& x : input) {
    Collection exts;
    ev.Navigate(x, "extension", &exts);
    for (const Item& e : exts) {
      if (e.node->ValueOf("url") == url->text) out->push_back(e);
    }
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnHasValue) {
  bool has = input.size() == 1 && (!input[0].is_node() || input[0].node->has_value());
  out->push_back(Item::Bool(has));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnGetValue) {
  if (input.size() != 1) return absl::OkStatus();
  if (input[0].is_node() && !input[0].node->has_value()) return absl::OkStatus();
  std::optional<Item> v = ToSystem(input[0]);
  if (v && !v->is_node()) out->push_back(*v);
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnResolve) {
  const Environment& env = ev.env();
  const fhir::Element* resource = !env.resource.empty() && env.resource[0].is_node() ? env.resource[0].node : nullptr;
  const fhir::Element* root =
      !env.root_resource.empty() && env.root_resource[0].is_node() ? env.root_resource[0].node : resource;
  for (const Item& x : input) {
    std::optional<std::string_view> ref = ReferenceText(x);
    if (!ref || ref->empty()) continue;
    const fhir::Element* found = nullptr;
    if ((*ref)[0] == '#') {
      if (resource != nullptr) found = ref->size() == 1 ? resource : FindContained(*resource, ref->substr(1));
    } else {
      if (env.bundle != nullptr) found = FindInBundle(*env.bundle, *ref);
      if (found == nullptr && root != nullptr && root->resource_type() == "Bundle") found = FindInBundle(*root, *ref);
      if (found == nullptr && resource != nullptr && MatchesTypeAndId(*resource, *ref)) found = resource;
    }
    if (found != nullptr) out->push_back(ev.ResourceNode(found));
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnMemberOf) {
  std::optional<Item> vs;
  if (absl::Status s = ArgValue(ev, call, 0, scope, ValueType::kString, &vs); !s.ok()) return s;
  if (!vs || input.size() != 1 || ev.model() == nullptr) return absl::OkStatus();
  std::optional<bool> r = ev.model()->MemberOf(input[0], vs->text);
  if (r) out->push_back(Item::Bool(*r));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnConformsTo) {
  std::optional<Item> url;
  if (absl::Status s = ArgValue(ev, call, 0, scope, ValueType::kString, &url); !s.ok()) return s;
  if (!url || input.size() != 1) return absl::OkStatus();
  if (ev.model() == nullptr) return absl::OkStatus();
  std::optional<bool> r = ev.model()->ConformsTo(input[0], url->text);
  if (!r) return EvalError(call, fhir::Concat("conformsTo(): unknown profile '", url->text, "'"));
  out->push_back(Item::Bool(*r));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnHtmlChecks) {
  if (input.size() != 1) {
    if (!input.empty()) return EvalError(call, "htmlChecks() needs a single narrative div");
    return absl::OkStatus();
  }
  std::optional<Item> v = ToSystem(input[0]);
  if (!v || v->type != ValueType::kString) {
    out->push_back(Item::Bool(false));
    return absl::OkStatus();
  }
  out->push_back(Item::Bool(CheckNarrativeXhtml(v->text).empty()));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnElementDefinition) {
  // The element definitions of tree nodes belong to the validator's walk, not to FHIRPath
  // evaluation; no shipped invariant uses this, so it yields nothing (documented as partial).
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnSlice) {
  // Slice membership is decided by the validator's slicing; outside it, as here, nothing
  // matches (documented as partial).
  return absl::OkStatus();
}

absl::Status Subsumption(Evaluation& ev, const Node& call, const Scope& scope, const Collection& input,
                         Collection* out) {
  Collection other;
  if (absl::Status s = ev.Arg(call, 0, scope, &other); !s.ok()) return s;
  if (input.size() != 1 || other.size() != 1) return absl::OkStatus();
  // Without a hierarchy, only identical codes are known to subsume each other.
  if (ItemsEqual(input[0], other[0]).value_or(false)) out->push_back(Item::Bool(true));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnSubsumes) { return Subsumption(ev, call, scope, input, out); }
FHIRPATH_FUNCTION(FnSubsumedBy) { return Subsumption(ev, call, scope, input, out); }

}  // namespace conformance::fhirpath
