// File: conformance/fhirpath/registry_model.cc
#include "conformance/fhirpath/registry_model.h"

#include "conformance/fhirpath/compare.h"

namespace conformance::fhirpath {
namespace {

std::optional<bool> Combine(std::optional<bool> acc, Membership m) {
  if (m == Membership::kMember) return true;
  if (acc == true) return true;
  if (m == Membership::kNotMember) return acc.has_value() ? acc : std::optional<bool>(false);
  return acc;
}

}  // namespace

bool RegistryModel::Child(std::string_view parent_key, std::string_view prop, ChildType* out) const {
  ElementRef parent;
  if (parent_key.find('.') != std::string_view::npos) {
    parent = registry_.BasePath(parent_key);
  } else if (const Profile* p = registry_.BaseType(parent_key)) {
    parent = ElementRef{p, 0};
  }
  if (!parent) return false;
  ChildMatch m = registry_.Child(parent, prop);
  if (!m.rule) return false;
  const ElementRule& rule = m.rule.rule();
  if (!rule.children.empty()) {
    out->key = rule.path;
  } else if (!rule.content_reference.empty()) {
    out->key = rule.content_reference;
  } else {
    out->key = m.type_code;
  }
  out->choice_stem = rule.IsChoice() ? rule.name_length : 0;
  return true;
}

bool RegistryModel::IsSubtype(std::string_view type, std::string_view base) const {
  if (type == base) return true;
  const Profile* p = registry_.BaseType(type);
  for (int guard = 0; p != nullptr && guard < 16; ++guard) {
    if (p->type == base) return true;
    if (p->base_definition.empty()) break;
    p = registry_.FindProfile(p->base_definition);
  }
  return false;
}

bool RegistryModel::HasType(std::string_view name) const { return registry_.BaseType(name) != nullptr; }

std::optional<bool> RegistryModel::MemberOf(const Item& coded, std::string_view value_set) const {
  const Terminology& t = registry_.terminology();
  if (!coded.is_node()) {
    if (coded.type != ValueType::kString) return std::nullopt;
    return Combine(std::nullopt, t.Contains(value_set, {}, coded.text).membership);
  }
  const fhir::Element& e = *coded.node;
  if (e.has_value()) return Combine(std::nullopt, t.Contains(value_set, {}, e.value).membership);
  auto coding = [&](const fhir::Element& c) {
    return t.Contains(value_set, c.ValueOf("system"), c.ValueOf("code")).membership;
  };
  if (const fhir::Property* codings = e.Find("coding")) {  // CodeableConcept
    std::optional<bool> acc;
    for (const fhir::Element& c : codings->elements()) acc = Combine(acc, coding(c));
    return acc;
  }
  if (!e.ValueOf("code").empty()) return Combine(std::nullopt, coding(e));  // Coding, Quantity
  return std::nullopt;
}

std::optional<bool> RegistryModel::ConformsTo(const Item& node, std::string_view url) const {
  const Profile* profile = registry_.FindProfile(url);
  if (profile == nullptr) return std::nullopt;
  if (!node.is_node()) return false;
  if (!IsSubtype(NodeTypeName(node), profile->type)) return false;
  if (conformance_check_) return conformance_check_(*node.node, *profile);
  return true;
}

}  // namespace conformance::fhirpath
