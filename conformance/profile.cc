// File: conformance/profile.cc
#include "conformance/profile.h"
#include "conformance/profile_compile.h"

#include <charconv>
#include <cstring>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "fhir/element_copy.h"
#include "fhir/text.h"

namespace conformance {
namespace {

using fhir::Concat;
using fhir::Element;

constexpr std::string_view kFhirTypeExtension =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
constexpr std::string_view kSystemPrefix = "http://hl7.org/fhirpath/System.";

std::vector<std::string> Texts(const Element& e, std::string_view name) {
  std::vector<std::string> out;
  if (const fhir::Property* p = e.Find(name)) {
    for (const Element& item : p->elements()) out.emplace_back(item.value);
  }
  return out;
}

// R4 writes the types of id, Extension.url and primitive values as FHIRPath system types,
// with the FHIR type in an extension; fhirgw works with FHIR type names throughout.
std::string TypeCode(const Element& type) {
  std::string code = std::string(type.ValueOf("code"));
  if (!code.starts_with(kSystemPrefix)) return code;
  if (const fhir::Property* ext = type.Find("extension")) {
    for (const Element& x : ext->elements()) {
      if (std::string(x.ValueOf("url")) == kFhirTypeExtension) {
        if (const Element* v = x.First("valueUrl")) return std::string(v->value);
        if (const Element* v = x.First("valueUri")) return std::string(v->value);
      }
    }
  }
  std::string_view system = std::string_view(code).substr(kSystemPrefix.size());
  if (system == "String") return "string";
  if (system == "Boolean") return "boolean";
  if (system == "Integer") return "integer";
  if (system == "Decimal") return "decimal";
  if (system == "Date") return "date";
  if (system == "DateTime") return "dateTime";
  if (system == "Time") return "time";
  return code;
}

// "fixedCode" -> "code", "patternCodeableConcept" -> "CodeableConcept".
std::string ChoiceTypeName(std::string_view suffix) {
  static const char* const kPrimitives[] = {
      "boolean", "integer", "string", "decimal", "uri", "url", "canonical", "base64Binary",
      "instant", "date", "dateTime", "time", "code", "oid", "id", "markdown", "unsignedInt",
      "positiveInt", "uuid", "integer64", "xhtml"};
  std::string lower(suffix);
  if (!lower.empty()) lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
  for (const char* p : kPrimitives) {
    if (lower == p) return lower;
  }
  return std::string(suffix);
}

BindingStrength Strength(std::string_view s) {
  if (s == "required") return BindingStrength::kRequired;
  if (s == "extensible") return BindingStrength::kExtensible;
  if (s == "preferred") return BindingStrength::kPreferred;
  if (s == "example") return BindingStrength::kExample;
  return BindingStrength::kNone;
}

uint32_t ParseCount(std::string_view s, uint32_t fallback) {
  if (s == "*") return kUnbounded;
  uint32_t v = fallback;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

// The additional bindings a binding's extensions declare that instances can be held to.
std::vector<ElementRule::AdditionalBinding> AdditionalBindings(const Element& binding) {
  std::vector<ElementRule::AdditionalBinding> out;
  const fhir::Property* extensions = binding.Find("extension");
  for (uint32_t k = 0; extensions != nullptr && k < extensions->size; ++k) {
    const Element& x = extensions->items[k];
    const std::string_view url = x.ValueOf("url");
    if (url == "http://hl7.org/fhir/StructureDefinition/elementdefinition-maxValueSet") {
      for (const char* name : {"valueCanonical", "valueUri"}) {
        if (!x.ValueOf(name).empty()) out.push_back({"maximum", std::string(x.ValueOf(name))});
      }
      continue;
    }
    if (url != "http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.binding.additional" &&
        url != "http://hl7.org/fhir/tools/StructureDefinition/additional-binding") {
      continue;
    }
    std::string_view purpose, value_set;
    bool limited = false;
    for (const Element& part : x.Find("extension") ? x.Find("extension")->elements() : std::span<const Element>()) {
      const std::string_view name = part.ValueOf("url");
      if (name == "purpose") purpose = part.ValueOf("valueCode");
      if (name == "valueSet") value_set = part.ValueOf("valueCanonical");
      if (name == "usage") limited = true;
    }
    const bool checked = purpose == "required" || purpose == "maximum" || purpose == "extensible" || purpose == "current";
    if (checked && !value_set.empty() && !limited) out.push_back({std::string(purpose), std::string(value_set)});
  }
  return out;
}

ElementRule CompileElement(const Element& e, fhir::Arena& arena) {
  ElementRule r;
  r.path = std::string(e.ValueOf("path"));
  size_t dot = r.path.rfind('.');
  r.name_offset = dot == std::string::npos ? 0 : static_cast<uint32_t>(dot + 1);
  r.is_choice = r.path.ends_with("[x]");
  r.id = std::string(e.ValueOf("id"));
  if (r.id.empty()) r.id = r.path;
  r.slice_name = std::string(e.ValueOf("sliceName"));
  r.min = ParseCount(std::string(e.ValueOf("min")), 0);
  std::string max = std::string(e.ValueOf("max"));
  r.max = max.empty() ? kUnbounded : ParseCount(max, kUnbounded);
  if (const fhir::Property* types = e.Find("type")) {
    for (const Element& t : types->elements()) {
      TypeRef type;
      type.code = TypeCode(t);
      type.profiles = Texts(t, "profile");
      type.target_profiles = Texts(t, "targetProfile");
      r.types.push_back(std::move(type));
    }
  }
  for (const fhir::Property& p : e.props()) {
    if (p.size == 0) continue;
    if (p.name.starts_with("fixed") && p.name.size() > 5) {
      r.fixed = fhir::CopyTree(p.items[0], arena);
      r.fixed_type = ChoiceTypeName(p.name.substr(5));
    } else if (p.name == "minValueQuantity") {
      r.min_quantity = fhir::CopyTree(p.items[0], arena);
    } else if (p.name == "maxValueQuantity") {
      r.max_quantity = fhir::CopyTree(p.items[0], arena);
    } else if (p.name.starts_with("minValue") && p.name.size() > 8) {
      r.min_value = std::string(p.items[0].value);
    } else if (p.name.starts_with("maxValue") && p.name.size() > 8) {
      r.max_value = std::string(p.items[0].value);
    } else if (p.name.starts_with("pattern") && p.name.size() > 7) {
      r.pattern = fhir::CopyTree(p.items[0], arena);
      r.pattern_type = ChoiceTypeName(p.name.substr(7));
    }
  }
  if (const Element* b = e.First("binding")) {
    r.binding_strength = Strength(std::string(b->ValueOf("strength")));
    r.binding_value_set = std::string(b->ValueOf("valueSet"));
    r.additional_bindings = AdditionalBindings(*b);
  }
  if (const fhir::Property* cs = e.Find("constraint")) {
    for (const Element& c : cs->elements()) {
      Constraint& k = r.constraints.emplace_back();
      k.key = c.ValueOf("key");
      k.severity = c.ValueOf("severity");
      k.human = c.ValueOf("human");
      k.expression = c.ValueOf("expression");
      k.source = c.ValueOf("source");
    }
  }
  if (const Element* ml = e.First("maxLength")) std::from_chars(ml->value.data(), ml->value.data() + ml->value.size(), r.max_length);
  r.content_reference = std::string(e.ValueOf("contentReference"));
  if (r.content_reference.starts_with("#")) r.content_reference.erase(0, 1);
  r.is_modifier = std::string(e.ValueOf("isModifier")) == "true";
  r.must_support = std::string(e.ValueOf("mustSupport")) == "true";
  if (const fhir::Property* extensions = e.Find("extension")) {
    for (const Element& x : extensions->elements()) {
      std::string_view url = x.ValueOf("url");
      if (url == "http://hl7.org/fhir/StructureDefinition/narrative-language-control") {
        r.narrative_language_control = std::string(x.ValueOf("valueCode"));
      } else if (url == "http://hl7.org/fhir/StructureDefinition/narrative-source-control") {
        r.narrative_source_control = std::string(x.ValueOf("valueCode"));
      } else if (url == "http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.mustHaveValue") {
        r.must_have_value = x.ValueOf("valueBoolean") == "true";
      } else if (url == "http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.valueAlternatives") {
        r.value_alternatives.emplace_back(x.ValueOf("valueCanonical"));
      }
    }
  }
  if (const Element* s = e.First("slicing")) {
    Slicing slicing;
    if (const fhir::Property* ds = s->Find("discriminator")) {
      for (const Element& d : ds->elements()) slicing.discriminators.push_back({std::string(d.ValueOf("type")), std::string(d.ValueOf("path"))});
    }
    slicing.ordered = std::string(s->ValueOf("ordered")) == "true";
    slicing.rules = std::string(s->ValueOf("rules"));
    r.slicing = std::move(slicing);
  }
  return r;
}


void CompileHeader(const Element& sd, Profile& p) {
  p.url = std::string(sd.ValueOf("url"));
  p.version = std::string(sd.ValueOf("version"));
  p.name = std::string(sd.ValueOf("name"));
  p.type = std::string(sd.ValueOf("type"));
  p.kind = std::string(sd.ValueOf("kind"));
  p.derivation = std::string(sd.ValueOf("derivation"));
  p.base_definition = std::string(sd.ValueOf("baseDefinition"));
  p.is_abstract = std::string(sd.ValueOf("abstract")) == "true";
  if (const fhir::Property* contexts = sd.Find("context")) {
    for (const Element& c : contexts->elements()) p.contexts.emplace_back(std::string(c.ValueOf("type")), std::string(c.ValueOf("expression")));
  }
  if (const fhir::Property* invariants = sd.Find("contextInvariant")) {
    for (const Element& c : invariants->elements()) p.context_invariants.emplace_back(c.value);
  }
}


uint64_t NamePrefix(std::string_view name) {
  // Fixed-size loads (a variable-length memcpy was a library call on every child look-up):
  // eight bytes, or two overlapping four-byte halves, or the bytes one by one.
  const char* p = name.data();
  const size_t n = name.size();
  if (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return uint64_t{lo} | (uint64_t{hi} << (8 * (n - 4)));
  }
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= uint64_t{static_cast<uint8_t>(p[i])} << (8 * i);
  return v;
}

bool HasSnapshot(const Element& sd) {
  const Element* snapshot = sd.First("snapshot");
  return snapshot != nullptr && snapshot->Find("element") != nullptr;
}

absl::StatusOr<std::unique_ptr<Profile>> CompileProfile(const Element& sd) {
  auto profile = std::make_unique<Profile>();
  Profile& p = *profile;
  CompileHeader(sd, p);
  const Element* snapshot = sd.First("snapshot");
  const fhir::Property* elements = snapshot != nullptr ? snapshot->Find("element") : nullptr;
  if (elements == nullptr || elements->size == 0) {
    return absl::InvalidArgumentError(Concat("StructureDefinition ", p.url, " has no snapshot"));
  }
  p.elements.reserve(elements->size);
  absl::flat_hash_map<std::string, uint32_t> by_id;
  for (const Element& e : elements->elements()) {
    ElementRule rule = CompileElement(e, *p.arena);
    if (rule.path.empty()) return absl::InvalidArgumentError(Concat(p.url, ": an element has no path"));
    const uint32_t index = static_cast<uint32_t>(p.elements.size());
    if (index > 0) {
      const std::string& id = rule.id;
      size_t dot = id.rfind('.');
      std::string_view last = dot == std::string::npos ? std::string_view(id) : std::string_view(id).substr(dot + 1);
      size_t colon = last.find(':');
      std::string owner;
      bool is_slice = colon != std::string_view::npos;
      if (is_slice) {
        owner = id.substr(0, id.size() - last.size() + colon);  // "a.b:s" -> "a.b"
      } else {
        owner = dot == std::string::npos ? std::string() : id.substr(0, dot);
      }
      auto it = by_id.find(owner);
      if (it == by_id.end()) {
        return absl::InvalidArgumentError(Concat(p.url, ": element ", id, " comes before its parent"));
      }
      ElementRule& parent = p.elements[it->second];
      (is_slice ? parent.slices : parent.children).push_back(index);
    }
    by_id.emplace(rule.id, index);
    p.elements.push_back(std::move(rule));
  }
  return profile;
}

}  // namespace conformance
