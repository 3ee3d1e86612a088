// File: conformance/element_walker.cc
#include "conformance/element_walker.h"
#include "conformance/native_invariants.h"

#include <algorithm>

#include "conformance/primitive_rules.h"
#include "fhir/text.h"

namespace conformance {
namespace {

using fhir::Append;
using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;

constexpr uint32_t kMaxDepth = 256;

std::string_view KindName(fhir::ValueKind k) {
  switch (k) {
    case fhir::ValueKind::kNumber: return "a number";
    case fhir::ValueKind::kBoolean: return "a boolean";
    case fhir::ValueKind::kString: return "a string";
    case fhir::ValueKind::kNone: break;
  }
  return "no value";
}

}  // namespace

ElementWalker::ElementWalker(const Registry& registry, const fhir::Document& doc, fhir::IssueList* out,
                             Mode mode, std::string_view profile_url)
    : registry_(registry), model_(registry), doc_(doc), out_(out), mode_(mode), profile_url_(profile_url) {
  // Room for the depth of real resources at once: growing from empty cost several allocations
  // per resource validated.
  path_.reserve(16);
  owners_.reserve(16);
  // FHIRPath's conformsTo() is answered by validating: the base type, then the profile.
  model_.set_conformance_check([this](const Element& res, const Profile& profile) {
    // A profile whose invariant asks conformsTo() of itself would recurse: past a few levels
    // the question is taken as answered.
    thread_local int depth = 0;
    if (depth > 3) return true;
    ++depth;
    fhir::IssueList findings;
    ElementWalker base(registry_, doc_, &findings, Mode::kBase);
    base.bundles_ = bundles_;
    base.Resource(res, 1);
    bool ok = !fhir::HasErrors(findings);
    if (ok && !profile.IsBaseType()) ok = Conforms(res, profile);
    --depth;
    return ok;
  });
}

void ElementWalker::Report(Severity severity, IssueType type, uint32_t offset, std::string id,
                           std::string text) {
  fhir::Issue issue;
  issue.severity = severity;
  issue.type = type;
  issue.location = PathText();
  fhir::Position pos = doc_.PositionOf(offset);
  issue.line = pos.line;
  issue.column = pos.column;
  issue.message_id = std::move(id);
  issue.text = profile_url_.empty() ? std::move(text) : Concat(text, " (profile ", profile_url_, ")");
  out_->push_back(std::move(issue));
}

std::string ElementWalker::PathText() const {
  std::string out;
  for (size_t i = 0; i < path_.size(); ++i) {
    const Segment& s = path_[i];
    if (i > 0) out.push_back('.');
    out.append(s.name);
    if (!s.of_type.empty()) Append(&out, ".ofType(", s.of_type, ")");
    if (s.index >= 0) Append(&out, "[", s.index, "]");
    if (s.resource != nullptr && i > 0) {
      std::string_view id = s.resource->ValueOf("id");
      Append(&out, "/*", s.resource->resource_type(), "/", id.empty() ? "null" : id, "*/");
    }
  }
  return out;
}

void ElementWalker::Resource(const Element& res, int depth) {
  NotRepeatable();  // a nested resource: its Bundle, its references, its declared profiles
  std::string_view type = res.resource_type();
  const Profile* base = registry_.BaseType(type);
  if (path_.empty()) path_.push_back({type.empty() ? std::string_view("Resource") : type, -1, {}, &res});
  if (base == nullptr || base->kind != "resource") {
    Report(Severity::kError, IssueType::kStructure, res.offset, "resource-type-unknown",
           type.empty() ? std::string("the resource has no resourceType")
                        : Concat("unknown resource type '", type, "'"));
    return;
  }
  if (base->is_abstract) {
    Report(Severity::kError, IssueType::kStructure, res.offset, "resource-type-abstract",
           Concat("'", type, "' is abstract and cannot be instantiated"));
  }
  const bool bundle = fhir::EqualsLiteral(type, "Bundle");
  if (bundle) IndexBundle(res);
  resources_.push_back(&res);
  Node(res, ElementRef{base, 0}, type, depth);
  if (depth > 0) DeclaredProfiles(res, depth);
  if (bundle) {
    BundleEntries(res);
    if (res.ValueOf("type") == "document") DocumentChecks(res);
  }
  if (fhir::EqualsLiteral(type, "QuestionnaireResponse")) QuestionnaireResponseChecks(res);
  if (fhir::EqualsLiteral(type, "Questionnaire")) QuestionnaireChecks(res);
  resources_.pop_back();
  if (bundle) bundles_.pop_back();
}



void ElementWalker::IndexBundle(const Element& res) {
  BundleIndex index;
  index.type = res.ValueOf("type");
  if (const fhir::Property* entries = res.Find("entry")) {
    for (const Element& entry : entries->elements()) {
      const Element* full_url = entry.First("fullUrl");
      const Element* resource = entry.First("resource");
      if (full_url == nullptr || resource == nullptr) continue;
      // Versions of one resource may share a fullUrl (bdl-7): the first answers unversioned
      // references, versioned ones pick by meta.versionId.
      if (!index.by_full_url.try_emplace(full_url->value, resource).second) index.versions.push_back(resource);
      index.full_url_of.try_emplace(resource, full_url->value);
    }
  }
  bundles_.push_back(std::make_shared<const BundleIndex>(std::move(index)));
}

void ElementWalker::ResourceAgainst(const Element& res, const Profile& profile) {
  path_.clear();
  path_.push_back({res.resource_type(), -1, {}, &res});
  if (profile.type != res.resource_type()) {
    Report(Severity::kError, IssueType::kStructure, res.offset, "profile-wrong-type",
           Concat("the profile is for ", profile.type, ", not ", res.resource_type()));
    return;
  }
  // References inside a Bundle resolve against its entries in a profile walk too.
  const bool bundle = fhir::EqualsLiteral(res.resource_type(), "Bundle");
  if (bundle) IndexBundle(res);
  resources_.push_back(&res);
  Node(res, ElementRef{&profile, 0}, profile.type, 0);
  resources_.pop_back();
  if (bundle) bundles_.pop_back();
}

void ElementWalker::Node(const Element& e, ElementRef def, std::string_view type_code, int depth) {
  const std::string_view source = doc_.source();
  if (clean_ == nullptr || e.length == 0 || e.length > CleanSubtrees::kMaxText || e.is_resource ||
      e.offset > source.size() || e.length > source.size() - e.offset) {
    NodeChecks(e, def, type_code, depth);
    return;
  }
  const SubtreeKey key{&def.rule(), type_code, source.substr(e.offset, e.length), !bundles_.empty(),
                       mode_ == Mode::kProfile};
  const size_t hash = CleanSubtrees::Hash(key);
  if (clean_->Contains(key, hash)) return;
  const size_t issues_before = out_->size();
  const uint32_t marks_before = not_repeatable_;
  NodeChecks(e, def, type_code, depth);
  if (out_->size() == issues_before && not_repeatable_ == marks_before) clean_->Insert(key, hash);
}

void ElementWalker::NodeChecks(const Element& e, ElementRef def, std::string_view type_code, int depth) {
  if (depth > static_cast<int>(kMaxDepth)) {  // the readers already bound nesting
    NotRepeatable();  // not checked here, it might be elsewhere
    return;
  }
  const ElementRule& rule = def.rule();
  // The mode first: a base walk always goes in, without reading the rule's constraint list.
  if (mode_ == Mode::kBase || !rule.constraints.empty()) Invariants(e, def, type_code);
  if (def.index != 0 || mode_ == Mode::kProfile) {
    if (rule.fixed != nullptr || rule.pattern != nullptr) FixedAndPattern(e, rule);
    if (rule.binding_strength == BindingStrength::kRequired ||
        rule.binding_strength == BindingStrength::kExtensible ||
        (rule.has_rare_checks && !rule.additional_bindings.empty())) {
      Binding(e, rule, type_code);
    }
  }
  if (const PrimitiveType primitive = PrimitiveTypeOf(type_code); primitive != PrimitiveType::kNone) {
    if (mode_ == Mode::kBase) Primitive(e, primitive, type_code);
    // ele-1 for primitives, natively: a value or child extensions (an id alone is not content).
    if (mode_ == Mode::kBase && !e.is_null && !SatisfiesEle1(e)) {
      Report(Severity::kError, IssueType::kInvalid, e.offset, "primitive-empty",
             "a primitive must have a value or child extensions");
    }
    if (rule.has_rare_checks) {
      if (!rule.min_value.empty() || !rule.max_value.empty()) Range(e, rule, type_code);
      if (!e.has_value() && (rule.must_have_value || !rule.value_alternatives.empty())) ValueControls(e, rule);
    }
    if (rule.max_length > 0 && e.has_value()) {
      int64_t chars = 0;  // characters, not bytes
      for (char c : e.value) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
      if (chars > rule.max_length) {
        Report(Severity::kError, IssueType::kTooLong, e.offset, "value-too-long",
               Concat("the value has ", chars, " characters, more than the maximum length ", rule.max_length));
      }
    }
    // id and extension of the primitive itself.
    if (e.property_count != 0) {
      ElementRef inner = registry_.ChildrenOf(def, type_code);
      owners_.push_back({&rule, type_code, &e});
      if (inner) Children(e, inner, depth);
      owners_.pop_back();
    }
    return;
  }
  if (e.has_value() && mode_ == Mode::kBase) {
    Report(Severity::kError, IssueType::kStructure, e.offset, "type-primitive-for-complex",
           Concat("a primitive value where ", type_code.empty() ? std::string_view("an element") : type_code, " is expected"));
  }
  if (fhir::EqualsLiteral(type_code, "Reference")) Reference(e, rule);  // rule: where the Reference type is declared
  if (fhir::EqualsLiteral(type_code, "Coding") && mode_ == Mode::kBase) CodeFormat(e);
  if (rule.min_quantity != nullptr || rule.max_quantity != nullptr) QuantityRange(e, rule);
  // Cheap tests first: this runs for every element.
  if (def.index != 0 && rule.has_type_profiles && type_code != "Extension") TypeProfiles(e, rule, type_code, depth);
  if (rule.has_rare_checks &&
      (!rule.narrative_language_control.empty() || !rule.narrative_source_control.empty())) {
    NarrativeControls(e, rule);
  }
  ElementRef children = registry_.ChildrenOf(def, type_code);
  if (!children) return;
  owners_.push_back({&rule, type_code, &e});
  Children(e, children, depth);
  owners_.pop_back();
  Cardinality(e, children);
}

void ElementWalker::Children(const Element& e, ElementRef children_def, int depth) {
  // A primitive's value is the JSON value (or XML value attribute), never a child property.
  const bool primitive = fhir::EqualsLiteral(children_def.profile->kind, "primitive-type");
  uint32_t hint = 0;  // properties mostly come in definition order (see Registry::Child)
  for (const fhir::Property& p : e.props()) {
    ChildMatch m = primitive && fhir::EqualsLiteral(p.name, "value") ? ChildMatch{} : registry_.Child(children_def, p.name, &hint);
    if (!m.rule) {
      // Reported on the element that holds it (as the HL7 validator does), at the property's
      // position. In a profile walk this is an element or choice type the profile rules out
      // (elements unknown to the base type were reported by the base walk; duplicates merge).
      Report(Severity::kError, IssueType::kStructure, p.offset, "element-unknown",
             mode_ == Mode::kBase ? Concat("unrecognized element '", p.name, "'")
                                  : Concat("'", p.name, "' is not allowed by the profile"));
      continue;
    }
    path_.push_back({p.name, -1, {}, nullptr});
    const ElementRule& rule = m.rule.rule();
    std::string_view type_code = m.type_code;
    // R4 snapshots type Resource.id as a FHIRPath string; the specification defines it as id.
    if (e.is_resource && fhir::EqualsLiteral(p.name, "id") && children_def.index == 0) type_code = "id";
    if (rule.IsChoice()) {
      path_.back().name = rule.Name().substr(0, rule.Name().size() - 3);
      path_.back().of_type = type_code;
    }
    if (rule.max <= 1 && p.is_array && mode_ == Mode::kBase) {
      Report(Severity::kError, IssueType::kStructure, p.offset, "element-not-repeating",
             Concat("'", p.name, "' does not repeat, but is an array"));
    } else if (rule.max > 1 && !p.is_array && mode_ == Mode::kBase) {
      Report(Severity::kError, IssueType::kStructure, p.offset, "element-must-be-array",
             Concat("'", p.name, "' repeats, so it must be an array"));
    }
    if (p.size > rule.max) {
      // Like a missing element, too many are reported on the element that holds them.
      Segment self = path_.back();
      path_.pop_back();
      Report(Severity::kError, IssueType::kStructure, p.offset, "cardinality-max",
             Concat(rule.path, ": max allowed = ", rule.max, ", but found ", p.size));
      path_.push_back(self);
    }
    if (mode_ == Mode::kProfile && !rule.slices.empty()) {
      Sliced(e, p, m.rule, type_code, depth);
      path_.pop_back();
      continue;
    }
    for (uint32_t k = 0; k < p.size; ++k) {
      const Element& item = p.items[k];
      if (p.is_array) path_.back().index = static_cast<int32_t>(k);
      if (item.is_null) continue;
      // JSON marks any object with a resourceType property as a resource; where the definition
      // expects an ordinary element (ExampleScenario.instance has a resourceType element), the
      // object is one, and its "resourceType" is checked as that element.
      // (Only asked for objects that say they are resources: this runs for every item.)
      auto expects_resource = [&] {
        auto is_resource_type = [&](std::string_view code, const Profile* base) {
          if (base == nullptr) base = registry_.BaseType(code);
          return fhir::EqualsLiteral(code, "Resource") || fhir::EqualsLiteral(code, "DomainResource") ||
                 (base != nullptr && fhir::EqualsLiteral(base->kind, "resource"));
        };
        if (!type_code.empty() && is_resource_type(type_code, nullptr)) return true;
        for (const TypeRef& t : rule.types) {
          if (is_resource_type(t.code, t.base)) return true;
        }
        return false;
      };
      if (item.is_resource && expects_resource()) {
        NotRepeatable();  // a resource is never taken for another (a profile walk does not enter it)
        path_.back().resource = &item;
        if (mode_ == Mode::kBase) Resource(item, depth + 1);
        ResourceTypeAllowed(item, rule);
        if (rule.has_type_profiles) TypeProfiles(item, rule, item.resource_type(), depth);
        path_.back().resource = nullptr;
        continue;
      }
      if (fhir::EqualsLiteral(p.name, "extension") || fhir::EqualsLiteral(p.name, "modifierExtension")) {
        modifier_ = fhir::EqualsLiteral(p.name, "modifierExtension");
        Extension(item, depth + 1, fhir::EqualsLiteral(children_def.profile->type, "Extension"));
        if (mode_ == Mode::kProfile) Node(item, m.rule, "Extension", depth + 1);
        continue;
      }
      if (type_code.empty() && !rule.types.empty() && rule.content_reference.empty()) {
        // Several types without a choice name: only Resource-typed elements do this.
        type_code = rule.types[0].code;
      }
      Node(item, m.rule, type_code, depth + 1);
    }
    path_.pop_back();
  }
}

void ElementWalker::Cardinality(const Element& e, ElementRef children_def) {
  const ElementRule& parent = children_def.rule();
  for (uint32_t idx : parent.required_children) {
    const ElementRule& rule = children_def.profile->elements[idx];
    std::string_view name = rule.Name();
    uint32_t count = e.is_resource && name == "resourceType" ? 1 : 0;
    if (rule.IsChoice()) {
      std::string_view prefix = name.substr(0, name.size() - 3);
      for (const fhir::Property& p : e.props()) {
        if (p.name.size() > prefix.size() && p.name.starts_with(prefix) && p.name[prefix.size()] >= 'A' &&
            p.name[prefix.size()] <= 'Z') {
          count += p.size;
        }
      }
    } else if (const fhir::Property* p = e.Find(name)) {
      count = p->size;
    }
    if (count < rule.min) {
      Report(Severity::kError, IssueType::kStructure, e.offset, "cardinality-min",
             Concat(rule.path, ": minimum required = ", rule.min, ", but only found ", count));
    }
    // With items present, Sliced counts each slice; with none, every required slice is missing.
    if (count != 0) continue;
    for (uint32_t s : rule.slices) {
      const ElementRule& slice = children_def.profile->elements[s];
      if (slice.min == 0) continue;
      Report(Severity::kError, IssueType::kStructure, e.offset, "slice-min",
             Concat("Slice '", slice.id, "': a matching slice is required, but not found (min ", slice.min,
                    ", found 0)"));
    }
  }
}

void ElementWalker::ResourceTypeAllowed(const Element& res, const ElementRule& rule) {
  std::string_view type = res.resource_type();
  if (rule.types.empty()) return;
  std::string allowed;
  for (const TypeRef& t : rule.types) {
    // A type's profiles narrow it to the types they constrain (an unloaded one is given the
    // benefit of the doubt: the profile check says it is missing).
    for (const std::string& url : t.profiles) {
      const Profile* p = registry_.FindProfile(url);
      if (p == nullptr || p->type == type) return;
      Append(&allowed, allowed.empty() ? "" : ", ", p->type);
    }
    if (!t.profiles.empty()) continue;
    if (t.code == type || t.code == "Resource" || (t.code == "DomainResource" && type != "Bundle" &&
                                                   type != "Binary" && type != "Parameters")) {
      return;
    }
    Append(&allowed, allowed.empty() ? "" : ", ", t.code);
  }
  Report(Severity::kError, IssueType::kStructure, res.offset, "resource-type-not-allowed",
         Concat("a ", type, " is not allowed here: the resource must be ", allowed));
}

void ElementWalker::Primitive(const Element& e, PrimitiveType type, std::string_view type_code) {
  if (!e.has_value()) return;  // id/extension only: allowed
  fhir::ValueKind want = ExpectedKind(type);
  if (e.kind != want) {
    Report(Severity::kError, IssueType::kStructure, e.offset, "type-json-kind",
           Concat("a ", type_code, " must be ", KindName(want), " in JSON, not ", KindName(e.kind)));
    return;
  }
  if (!CheckPrimitive(type, type_code, e.value, nullptr)) {
    // The reason is built only for a bad value (checked again): two strings made and freed for
    // every primitive cost more.
    PrimitiveProblem problem;
    CheckPrimitive(type, type_code, e.value, &problem);
    Report(Severity::kError, IssueType::kInvalid, e.offset, std::move(problem.message_id), std::move(problem.text));
  }
  if (type == PrimitiveType::kMarkdown) {
    // A tag is '<' and a letter, or "</" and a letter (a lone '<' in "a < b" is text).
    const std::string_view v = e.value;
    for (size_t lt = v.find('<'); lt != std::string_view::npos; lt = v.find('<', lt + 1)) {
      const size_t at = lt + 1 < v.size() && v[lt + 1] == '/' ? lt + 2 : lt + 1;
      if (at >= v.size() || !((v[at] >= 'a' && v[at] <= 'z') || (v[at] >= 'A' && v[at] <= 'Z'))) continue;
      Report(html_in_markdown_is_error_ ? Severity::kError : Severity::kWarning, IssueType::kInvalid, e.offset,
             "markdown-html-tag",
             Concat("the markdown seems to hold an HTML tag ('", v.substr(lt, 8),
                    "...'): presentation layers escape it, so readers will see the tag as text"));
      break;
    }
  }
}

}  // namespace conformance
