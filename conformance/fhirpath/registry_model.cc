// File: conformance/fhirpath/registry_model.cc
#include "conformance/fhirpath/registry_model.h"

#include <algorithm>
#include <atomic>
#include <memory>

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

RegistryModel::RegistryModel(const Registry& registry) : registry_(registry), id_(registry.id()) {}

bool RegistryModel::Child(std::string_view parent_key, std::string_view prop, ChildType* out) const {
  // Element lookups repeat endlessly (the same few types and names in every resource): a small
  // direct-mapped cache per thread answers them without the registry's hash lookups and locks.
  // Keys are compared by content: resource type names point into each document's own text.
  struct Slot {
    uint64_t model = 0;
    uint8_t parent_size = 0;
    uint8_t prop_size = 0;
    char parent[46] = {};
    char prop[40] = {};
    bool found = false;
    ChildType result;
  };
  static constexpr size_t kSlots = 1024;
  thread_local std::unique_ptr<Slot[]> cache(new Slot[kSlots]);
  if (prop.size() > sizeof(Slot::prop) || parent_key.size() > sizeof(Slot::parent)) {
    return LookUpChild(parent_key, prop, out);
  }
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : parent_key) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001B3ULL;
  h = (h ^ '.') * 0x100000001B3ULL;
  for (char c : prop) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001B3ULL;
  Slot& slot = cache[(h ^ (h >> 29)) % kSlots];
  if (slot.model == id_ && std::string_view(slot.parent, slot.parent_size) == parent_key &&
      std::string_view(slot.prop, slot.prop_size) == prop) {
    if (slot.found) *out = slot.result;
    return slot.found;
  }
  ChildType result;
  const bool found = LookUpChild(parent_key, prop, &result);
  slot.model = id_;
  slot.parent_size = static_cast<uint8_t>(parent_key.size());
  std::copy(parent_key.begin(), parent_key.end(), slot.parent);
  slot.prop_size = static_cast<uint8_t>(prop.size());
  std::copy(prop.begin(), prop.end(), slot.prop);
  slot.found = found;
  slot.result = result;
  if (found) *out = result;
  return found;
}

bool RegistryModel::LookUpChild(std::string_view parent_key, std::string_view prop, ChildType* out) const {
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
