// File: conformance/snapshot_from_differential.cc
// A snapshot for a StructureDefinition published with only its differential (common in test
// suites and in IGs' local profiles): the base's rules, with each differential element applied
// to the rule of the same id, unrolling types and starting slices where the id needs them.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "conformance/profile.h"
#include "conformance/profile_compile.h"
#include "fhir/text.h"

namespace conformance {
namespace {

using fhir::Append;
using fhir::Concat;
using fhir::Element;

class SnapshotBuilder {
 public:
  SnapshotBuilder(Profile& p, const std::function<const Profile*(std::string_view)>& type_profile)
      : p_(p), type_profile_(type_profile) {
    for (uint32_t i = 0; i < p.elements.size(); ++i) by_id_.emplace(p.elements[i].id, i);
  }

  // The index of the rule with `id`, made by unrolling or slicing when needed; nullopt when it
  // cannot be placed.
  std::optional<uint32_t> Ensure(const std::string& id) {
    if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
    const size_t dot = id.rfind('.');
    if (dot == std::string::npos) return std::nullopt;
    const std::string parent_id = id.substr(0, dot);
    const std::string last = id.substr(dot + 1);
    const size_t colon = last.find(':');
    if (colon != std::string::npos) return NewSlice(Concat(parent_id, ".", last.substr(0, colon)), id,
                                                    last.substr(colon + 1));
    std::optional<uint32_t> parent = Ensure(parent_id);
    if (!parent) return std::nullopt;
    if (p_.elements[*parent].children.empty() && !Unroll(*parent)) return std::nullopt;
    // The parent may have been reached under another id (a type-specific choice name).
    const std::string actual = Concat(p_.elements[*parent].id, ".", last);
    std::optional<uint32_t> found;
    if (auto it = by_id_.find(actual); it != by_id_.end()) found = it->second;
    if (!found) found = TypeChoice(*parent, last);
    if (found) by_id_.emplace(id, *found);
    return found;
  }

 private:
  // A new slice `name` of the element `sliced_id`: a copy of it (without its other slices),
  // optional until the differential says otherwise, as a slice's minimum counts its own matches.
  std::optional<uint32_t> NewSlice(const std::string& sliced_id, const std::string& id, const std::string& name) {
    if (name.find('/') != std::string::npos) return std::nullopt;  // re-slicing: not generated
    std::optional<uint32_t> sliced = Ensure(sliced_id);
    if (!sliced) return std::nullopt;
    const std::string from_id = p_.elements[*sliced].id;
    const std::string path = p_.elements[*sliced].path;
    const uint32_t slice = Copy(p_, *sliced, from_id, path, id, path, /*with_slices=*/false);
    ElementRule& r = p_.elements[slice];
    r.slice_name = name;
    r.slicing.reset();
    r.min = 0;
    // A type slice of a choice element (value[x]:valueQuantity): the choice is sliced by type.
    if (std::optional<TypeRef> t = r.IsChoice() ? ChoiceType(r, name) : std::nullopt) {
      r.types = {*t};
      if (!p_.elements[*sliced].slicing) {
        p_.elements[*sliced].slicing = Slicing{{Discriminator{"type", "$this"}}, false, "open"};
      }
    }
    p_.elements[*sliced].slices.push_back(slice);
    return slice;
  }

  // "valueQuantity" under `parent` names the Quantity type of its choice element value[x]: in
  // a snapshot, the type slice value[x]:valueQuantity.
  std::optional<uint32_t> TypeChoice(uint32_t parent, const std::string& name) {
    const std::vector<uint32_t> kids = p_.elements[parent].children;
    for (uint32_t k : kids) {
      const ElementRule& choice = p_.elements[k];
      if (!choice.IsChoice() || !ChoiceType(choice, name)) continue;
      return NewSlice(choice.id, Concat(choice.id, ":", name), name);
    }
    return std::nullopt;
  }

  // The type of `choice` that slice `name` ("valueQuantity" of value[x]) stands for.
  static std::optional<TypeRef> ChoiceType(const ElementRule& choice, std::string_view name) {
    std::string_view stem = choice.Name().substr(0, choice.Name().size() - 3);
    if (!name.starts_with(stem) || name.size() == stem.size()) return std::nullopt;
    std::string_view type = name.substr(stem.size());
    for (const TypeRef& t : choice.types) {
      if (t.code.size() == type.size() &&
          std::equal(t.code.begin(), t.code.end(), type.begin(),
                     [](char a, char b) { return std::toupper(a) == std::toupper(b); })) {
        return t;
      }
    }
    return std::nullopt;
  }

  // Gives the rule at `index` the children of its type (or of the element its content
  // reference names). False when there is no single type to unroll.
  bool Unroll(uint32_t index) {
    const std::string to_id = p_.elements[index].id;
    const std::string to_path = p_.elements[index].path;
    const Profile* src = nullptr;
    uint32_t root = 0;
    if (const std::string& ref = p_.elements[index].content_reference; !ref.empty()) {
      // The referenced element as the resource defines it, not as this profile constrains it.
      src = type_profile_(p_.type);
      if (src == nullptr) return false;
      auto it = std::find_if(src->elements.begin(), src->elements.end(),
                             [&](const ElementRule& r) { return r.id == ref; });
      if (it == src->elements.end()) return false;
      root = static_cast<uint32_t>(it - src->elements.begin());
    } else if (p_.elements[index].types.size() == 1) {
      src = type_profile_(p_.elements[index].types[0].code);
      if (src == nullptr || src->elements.empty()) return false;
    } else {
      return false;
    }
    const std::string from_id = src->elements[root].id;
    const std::string from_path = src->elements[root].path;
    const std::vector<uint32_t> kids = src->elements[root].children;
    for (uint32_t k : kids) {
      const uint32_t c = Copy(*src, k, from_id, from_path, to_id, to_path, true);
      p_.elements[index].children.push_back(c);
    }
    return true;
  }

  // Copies rule `at` of `src` and its subtree into the profile, renaming the id prefix
  // `from_id` to `to_id` and the path prefix `from_path` to `to_path`. `src` may be the profile
  // itself: rules are copied by value before the vector grows.
  uint32_t Copy(const Profile& src, uint32_t at, std::string_view from_id, std::string_view from_path,
                std::string_view to_id, std::string_view to_path, bool with_slices) {
    ElementRule r = src.elements[at];
    const std::vector<uint32_t> kids = std::move(r.children);
    const std::vector<uint32_t> slices = with_slices ? std::move(r.slices) : std::vector<uint32_t>();
    r.children.clear();
    r.slices.clear();
    r.required_children.clear();
    r.child_index = nullptr;  // indices of the source; rebuilt when the registry indexes the profile
    r.child_keys.clear();
    r.has_rare_checks = true;  // the differential may add some; worked out again at indexing
    r.id = Concat(to_id, std::string_view(r.id).substr(std::min(from_id.size(), r.id.size())));
    r.path = Concat(to_path, std::string_view(r.path).substr(std::min(from_path.size(), r.path.size())));
    const size_t dot = r.path.rfind('.');
    r.name_offset = dot == std::string::npos ? 0 : static_cast<uint32_t>(dot + 1);
    const uint32_t index = static_cast<uint32_t>(p_.elements.size());
    by_id_.emplace(r.id, index);
    p_.elements.push_back(std::move(r));
    for (uint32_t k : kids) {
      const uint32_t c = Copy(src, k, from_id, from_path, to_id, to_path, true);
      p_.elements[index].children.push_back(c);
    }
    for (uint32_t s : slices) {
      const uint32_t c = Copy(src, s, from_id, from_path, to_id, to_path, true);
      p_.elements[index].slices.push_back(c);
    }
    return index;
  }

  Profile& p_;
  const std::function<const Profile*(std::string_view)>& type_profile_;
  absl::flat_hash_map<std::string, uint32_t> by_id_;
};

// Ids for differential elements written without one (older profiles): the path, with each
// segment named after the slice last opened at that path, as ElementDefinition.id would be.
class DifferentialIds {
 public:
  std::string IdOf(const fhir::Element& e, const ElementRule& diff) {
    const std::string& path = diff.path;
    const size_t dot = path.rfind('.');
    std::string id = dot == std::string::npos ? path : Concat(Current(path.substr(0, dot)), path.substr(dot));
    if (!diff.slice_name.empty()) Append(&id, ":", diff.slice_name);
    // Opening an element closes whatever was open below its path.
    for (auto it = current_.begin(); it != current_.end();) {
      it = it->first.starts_with(path + ".") ? current_.erase(it) : std::next(it);
    }
    current_[path] = id;
    return e.Find("id") != nullptr ? diff.id : id;
  }

 private:
  std::string Current(const std::string& path) {
    if (auto it = current_.find(path); it != current_.end()) return it->second;
    const size_t dot = path.rfind('.');
    return dot == std::string::npos ? path : Concat(Current(path.substr(0, dot)), path.substr(dot));
  }
  std::map<std::string, std::string> current_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Profile>> CompileFromDifferential(
    const Element& sd, const Profile& base, const std::function<const Profile*(std::string_view)>& type_profile,
    std::vector<std::string>* not_applied) {
  auto profile = std::make_unique<Profile>();
  Profile& p = *profile;
  CompileHeader(sd, p);
  p.elements = base.elements;  // fixed/pattern values stay in the base's arena, which outlives this
  const Element* differential = sd.First("differential");
  const fhir::Property* elements = differential != nullptr ? differential->Find("element") : nullptr;
  if (elements == nullptr) return absl::InvalidArgumentError(Concat(p.url, " has neither snapshot nor differential"));
  SnapshotBuilder builder(p, type_profile);
  DifferentialIds ids;
  for (const Element& e : elements->elements()) {
    ElementRule diff = CompileElement(e, *p.arena);
    diff.id = ids.IdOf(e, diff);
    std::optional<uint32_t> at = builder.Ensure(diff.id);
    if (!at) {
      not_applied->push_back(diff.id);
      continue;
    }
    ElementRule* target = &p.elements[*at];
    if (e.Find("min") != nullptr) target->min = diff.min;
    if (e.Find("max") != nullptr) target->max = diff.max;
    if (!diff.types.empty()) target->types = diff.types;
    if (diff.slicing) target->slicing = diff.slicing;
    if (diff.fixed != nullptr) std::tie(target->fixed, target->fixed_type) = std::tie(diff.fixed, diff.fixed_type);
    if (diff.pattern != nullptr) std::tie(target->pattern, target->pattern_type) = std::tie(diff.pattern, diff.pattern_type);
    if (e.Find("binding") != nullptr) {
      target->binding_strength = diff.binding_strength;
      target->binding_value_set = diff.binding_value_set;
      target->additional_bindings = diff.additional_bindings;
    }
    if (diff.max_length != 0) target->max_length = diff.max_length;
    if (!diff.min_value.empty()) target->min_value = diff.min_value;
    if (!diff.max_value.empty()) target->max_value = diff.max_value;
    if (diff.min_quantity != nullptr) target->min_quantity = diff.min_quantity;
    if (diff.max_quantity != nullptr) target->max_quantity = diff.max_quantity;
    if (e.Find("mustSupport") != nullptr) target->must_support = diff.must_support;
    if (!diff.narrative_language_control.empty()) target->narrative_language_control = diff.narrative_language_control;
    if (!diff.narrative_source_control.empty()) target->narrative_source_control = diff.narrative_source_control;
    if (diff.must_have_value) target->must_have_value = true;
    if (!diff.value_alternatives.empty()) target->value_alternatives = diff.value_alternatives;
    for (Constraint& c : diff.constraints) target->constraints.push_back(std::move(c));
  }
  return profile;
}

}  // namespace conformance
