// File: conformance/registry.cc
#include "conformance/registry.h"

#include "conformance/primitive_rules.h"
#include "conformance/slice_plans.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "fhir/element_copy.h"
#include "fhir/json_reader.h"
#include "fhir/text.h"

namespace conformance {

Registry::Registry() : id_([] {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}()) {}

namespace {

namespace fs = std::filesystem;
using fhir::Concat;

constexpr std::string_view kWantedPrefixes[] = {"StructureDefinition-", "ValueSet-", "CodeSystem-"};

// Package files are named "<ResourceType>-<id>.json"; only three types matter to the validator.
// A file outside that convention is read and judged by its resourceType.
bool Wanted(std::string_view file) {
  for (std::string_view p : kWantedPrefixes) {
    if (file.starts_with(p)) return true;
  }
  size_t dash = file.find('-');
  if (dash == std::string_view::npos) return true;
  std::string_view prefix = file.substr(0, dash);
  for (char c : prefix) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return true;
  }
  return prefix.empty() || prefix[0] < 'A' || prefix[0] > 'Z';
}

// Orders versions like "6.2.0" < "7.0.1" (numeric parts compared as numbers).
bool VersionLess(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    auto take = [](std::string_view& s) {
      size_t dot = s.find('.');
      std::string_view part = s.substr(0, dot);
      s = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
      return part;
    };
    std::string_view pa = take(a), pb = take(b);
    if (pa == pb) continue;
    bool na = !pa.empty() && pa.find_first_not_of("0123456789") == std::string_view::npos;
    bool nb = !pb.empty() && pb.find_first_not_of("0123456789") == std::string_view::npos;
    if (na && nb && pa.size() != pb.size()) return pa.size() < pb.size();
    return pa < pb;
  }
  return false;
}

fhir::ValueKind PrimitiveKind(std::string_view code) {
  const PrimitiveType t = PrimitiveTypeOf(code);
  return t == PrimitiveType::kNone ? fhir::ValueKind::kNone : ExpectedKind(t);
}

// "valueQuantity" selects type "Quantity" of "value[x]"; "valueString" selects "string".
bool SuffixNamesType(std::string_view suffix, std::string_view code) {
  if (suffix.size() != code.size() || suffix.empty()) return false;
  if (suffix[0] != code[0] && suffix[0] != code[0] - 'a' + 'A') return false;
  return suffix.substr(1) == code.substr(1);
}

}  // namespace

bool IsPrimitiveType(std::string_view c) { return PrimitiveTypeOf(c) != PrimitiveType::kNone; }

absl::StatusOr<std::unique_ptr<Registry>> Registry::Load(const std::vector<std::string>& paths,
                                                         const std::vector<std::string>& cache_dirs) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Registry> r(new Registry());
  for (const std::string& path : paths) {
    if (absl::Status s = r->AddPackage(path); !s.ok()) return s;
  }
  // Dependencies: use what is loaded (say so when the version differs), else look in the caches.
  for (size_t i = 0; i < r->manifests_.size(); ++i) {
    const auto deps = r->manifests_[i].dependencies;
    for (const auto& [name, version] : deps) {
      const PackageManifest* have = nullptr;
      for (const PackageManifest& m : r->manifests_) {
        if (m.name == name) have = &m;
      }
      if (have == nullptr) {
        std::string best;
        std::string best_version;
        for (const std::string& dir : cache_dirs) {
          std::error_code ec;
          for (const auto& entry : fs::directory_iterator(dir, ec)) {
            std::string folder = entry.path().filename().string();
            if (!folder.starts_with(name + "#")) continue;
            std::string v = folder.substr(name.size() + 1);
            if (best.empty() || v == version || (best_version != version && VersionLess(best_version, v))) {
              best = entry.path().string();
              best_version = v;
            }
          }
        }
        if (!best.empty()) {
          if (absl::Status s = r->AddPackage(best); !s.ok()) {
            r->report_.notes.push_back(Concat("dependency ", name, "#", version, " in the cache could not be read: ", s.message()));
          }
          continue;
        }
        r->incomplete_packages_.insert(r->manifests_[i].name);
        r->report_.notes.push_back(Concat(r->manifests_[i].name, " needs ", name, "#", version,
                                          ", which is not loaded: its definitions are unavailable"));
      } else if (have->version != version) {
        r->report_.notes.push_back(Concat(r->manifests_[i].name, " asks for ", name, "#", version,
                                          "; using the loaded ", have->version));
      }
    }
  }
  r->Index();
  r->ResolveDifferentials();
  r->LinkTargetProfiles();
  r->IndexMandatedProfiles();
  r->terminology_.PruneDisplays();
  r->CompileConstraints();
  r->PlanSlices();
  r->report_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

void Registry::AddResource(const fhir::Element& resource, std::string_view origin,
                           std::vector<std::unique_ptr<Profile>>* added) {
  std::string_view type = resource.resource_type();
  if (type == "StructureDefinition" && !HasSnapshot(resource)) {
    pending_.push_back({&resource, std::string(origin), {}});
  } else if (type == "StructureDefinition") {
    auto profile = CompileProfile(resource);
    if (!profile.ok()) {
      // A malformed snapshot (R4's catalog profile lists a slice before its parent): the
      // differential still says what the profile means, so the snapshot is generated from it.
      const bool regenerate = resource.First("differential") != nullptr && resource.First("baseDefinition") != nullptr;
      report_.notes.push_back(Concat(origin, ": ", profile.status().message(),
                                     regenerate ? "; the snapshot is generated from the differential instead" : ""));
      if (regenerate) pending_.push_back({&resource, std::string(origin), {}});
      return;
    }
    AdoptContained(resource, **profile);
    added->push_back(std::move(*profile));
  } else if (type == "Questionnaire") {
    // Kept (copied: package documents are dropped after loading) to check responses against.
    if (std::string_view url = resource.ValueOf("url"); !url.empty()) {
      const fhir::Element* copy = fhir::CopyTree(resource, questionnaire_arena_);
      questionnaires_.try_emplace(url, copy);
      if (std::string_view version = resource.ValueOf("version"); !version.empty()) {
        questionnaires_.try_emplace(Concat(url, "|", version), copy);
      }
    }
  } else if (type == "ImplementationGuide") {
    // ImplementationGuide.global: every resource of the type must conform to the profile.
    if (const fhir::Property* globals = resource.Find("global")) {
      for (const fhir::Element& g : globals->elements()) {
        if (!g.ValueOf("type").empty() && !g.ValueOf("profile").empty()) {
          global_profiles_.emplace_back(std::string(g.ValueOf("type")), std::string(g.ValueOf("profile")));
        }
      }
    }
  } else if (type == "ValueSet") {
    terminology_.AddValueSet(resource);
  } else if (type == "CodeSystem") {
    terminology_.AddCodeSystem(resource);
  }
}

void Registry::AdoptContained(const fhir::Element& sd, Profile& profile) {
  const fhir::Property* contained = sd.Find("contained");
  if (contained == nullptr) return;
  for (const fhir::Element& c : contained->elements()) {
    if (c.resource_type() == "CodeSystem") terminology_.AddCodeSystem(c);
  }
  for (ElementRule& e : profile.elements) {
    if (!e.binding_value_set.starts_with("#")) continue;
    const std::string id = e.binding_value_set.substr(1);
    for (const fhir::Element& c : contained->elements()) {
      if (c.resource_type() != "ValueSet" || c.ValueOf("id") != id) continue;
      std::string name = c.ValueOf("url").empty() ? Concat(profile.url, "#", id) : std::string(c.ValueOf("url"));
      terminology_.AddValueSet(c, name);
      e.binding_value_set = std::move(name);
      break;
    }
  }
}

std::unique_ptr<Registry> Registry::Overlay(const Registry& base,
                                            const std::vector<const fhir::Element*>& resources) {
  std::unique_ptr<Registry> r(new Registry());
  r->base_ = &base;
  r->terminology_.set_fallback(&base.terminology_);
  for (const fhir::Element* res : resources) r->AddResource(*res, "supplied resource", &r->profiles_);
  r->Index();
  r->ResolveDifferentials();
  r->LinkTargetProfiles();
  r->IndexMandatedProfiles();
  r->terminology_.PruneDisplays();
  r->CompileConstraints();
  r->PlanSlices();
  return r;
}

absl::Status Registry::AddPackage(const std::string& path) {
  std::string tag;
  const size_t pending_before = pending_.size();
  std::vector<std::unique_ptr<Profile>> added;
  auto sink = [&](std::string_view file, std::string_view content) {
    auto doc = std::make_unique<fhir::Document>(fhir::ReadJson(content));
    if (doc->root() == nullptr) {
      report_.notes.push_back(Concat(path, ": ", file, " is not readable JSON"));
      return;
    }
    const size_t pending = pending_.size();
    AddResource(*doc->root(), Concat(path, ": ", file), &added);
    if (pending_.size() != pending) pending_documents_.push_back(std::move(doc));
  };
  absl::StatusOr<PackageManifest> manifest = ReadPackage(path, Wanted, sink);
  if (!manifest.ok()) return manifest.status();
  tag = Concat(manifest->name, "#", manifest->version);
  for (size_t i = pending_before; i < pending_.size(); ++i) pending_[i].package = tag;
  for (auto& p : added) {
    p->package = tag;
    profiles_.push_back(std::move(p));
  }
  report_.packages.push_back(tag);
  manifests_.push_back(std::move(*manifest));
  return absl::OkStatus();
}

void Registry::IndexCanonical(const Profile* p) {
  // An unversioned canonical names the newest version loaded (the extensions pack's
  // definitions supersede R4 core's copies of the same extensions).
  if (auto [it, added] = by_url_.try_emplace(p->url, p); !added && VersionLess(it->second->version, p->version)) {
    it->second = p;
  }
  if (!p->version.empty()) by_url_.try_emplace(Concat(p->url, "|", p->version), p);
}

void Registry::Index() {
  for (const auto& owned : profiles_) {
    const Profile* p = owned.get();
    IndexCanonical(p);
    if (p->IsBaseType() && p->kind != "logical" && !p->type.empty()) {
      if (base_types_.try_emplace(p->type, p).second) {
        for (uint32_t i = 0; i < p->elements.size(); ++i) base_paths_.try_emplace(p->elements[i].path, ElementRef{p, i});
      }
    }
  }
  // Keyed by the profiles' own type strings, which stay put (the map's keys move on rehash).
  std::vector<std::pair<std::string_view, const Profile*>> types;
  for (const auto& [name, profile] : base_types_) types.emplace_back(profile->type, profile);
  base_type_index_.Build(types);
  for (auto& owned : profiles_) {
    for (ElementRule& e : owned->elements) {
      for (TypeRef& t : e.types) t.base = BaseType(t.code);
    }
    BuildChildIndexes(*owned);
  }
  report_.profiles = static_cast<uint32_t>(profiles_.size());
  report_.value_sets = static_cast<uint32_t>(terminology_.value_set_count());
  report_.code_systems = static_cast<uint32_t>(terminology_.code_system_count());
}

void Registry::PlanSlices() {
  for (auto& p : profiles_) conformance::PlanSlices(*this, *p);
}

void Registry::BuildChildIndexes(Profile& p) {
  // Below this many children a scan over 8-byte name prefixes beats hashing the name.
  constexpr size_t kMinChildren = 40;
  for (ElementRule& e : p.elements) {
    std::string_view own = e.Name();
    if (e.IsChoice()) own.remove_suffix(3);
    e.name_prefix = NamePrefix(own);
    e.name_length = static_cast<uint32_t>(own.size());
  }
  for (ElementRule& e : p.elements) {
    e.child_keys.clear();
    e.child_keys.reserve(e.children.size());
    for (uint32_t idx : e.children) {
      const ElementRule& c = p.elements[idx];
      const std::string_view name = c.Name().substr(0, c.name_length);
      e.child_keys.push_back({c.name_prefix, name.size() > 8 ? NamePrefix(name.substr(8)) : 0, c.name_length, idx,
                              c.IsChoice()});
    }
    e.has_rare_checks = !e.min_value.empty() || !e.max_value.empty() || e.must_have_value ||
                        !e.value_alternatives.empty() || !e.narrative_language_control.empty() ||
                        !e.narrative_source_control.empty() || !e.additional_bindings.empty();
    e.has_type_profiles = std::any_of(e.types.begin(), e.types.end(), [](const TypeRef& t) { return !t.profiles.empty(); });
    e.required_children.clear();
    for (uint32_t idx : e.children) {
      const ElementRule& child = p.elements[idx];
      const bool slice_required = std::any_of(child.slices.begin(), child.slices.end(),
                                              [&](uint32_t s) { return p.elements[s].min > 0; });
      if (child.min > 0 || slice_required) e.required_children.push_back(idx);
    }
  }
  for (ElementRule& e : p.elements) {
    if (e.children.size() < kMinChildren || e.child_index != nullptr) continue;
    auto index = std::make_shared<absl::flat_hash_map<std::string_view, uint32_t>>();
    for (uint32_t idx : e.children) {
      const ElementRule& c = p.elements[idx];
      std::string_view name = c.Name();
      if (c.IsChoice()) name.remove_suffix(3);
      index->try_emplace(name, idx);
    }
    e.child_index = std::move(index);
  }
}

void Registry::ResolveDifferentials() {
  bool progress = true;
  while (progress && !pending_.empty()) {
    progress = false;
    for (size_t i = 0; i < pending_.size();) {
      const fhir::Element& sd = *pending_[i].definition;
      const fhir::Element* base_url = sd.First("baseDefinition");
      const Profile* base = base_url != nullptr ? FindProfile(base_url->value) : nullptr;
      if (base == nullptr) {
        ++i;
        continue;
      }
      std::vector<std::string> not_applied;
      auto compiled = CompileFromDifferential(
          sd, *base, [this](std::string_view type) { return BaseType(type); }, &not_applied);
      if (compiled.ok()) {
        Profile* p = compiled->get();
        p->package = pending_[i].package;
        if (!not_applied.empty()) {
          report_.notes.push_back(Concat(pending_[i].origin, ": ", p->url, " has no snapshot; generated from its base, but ",
                                         not_applied.size(), " differential element(s) could not be placed (first: ",
                                         not_applied[0], ")"));
        }
        IndexCanonical(p);
        for (ElementRule& e : p->elements) {
          for (TypeRef& t : e.types) t.base = BaseType(t.code);
        }
        BuildChildIndexes(*p);
        AdoptContained(sd, *p);
        profiles_.push_back(std::move(*compiled));
        ++report_.profiles;
      } else {
        report_.notes.push_back(Concat(pending_[i].origin, ": ", compiled.status().message()));
      }
      pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(i));
      progress = true;
    }
  }
  for (const PendingDifferential& p : pending_) {
    const fhir::Element* url = p.definition->First("url");
    report_.notes.push_back(Concat(p.origin, ": ", url != nullptr ? url->value : std::string_view("a StructureDefinition"),
                                   " has no snapshot and its base definition is not loaded"));
  }
  pending_.clear();
  pending_documents_.clear();
}

void Registry::LinkTargetProfiles() {
  for (auto& owned : profiles_) {
    for (ElementRule& e : owned->elements) {
      for (TypeRef& t : e.types) {
        t.target_profile_defs.clear();
        for (const std::string& url : t.target_profiles) t.target_profile_defs.push_back(FindProfile(url));
      }
    }
  }
}

const fhir::Element* Registry::FindQuestionnaire(std::string_view canonical) const {
  for (std::string_view key : {canonical, canonical.substr(0, canonical.find('|'))}) {
    if (auto it = questionnaires_.find(key); it != questionnaires_.end()) return it->second;
  }
  return base_ != nullptr ? base_->FindQuestionnaire(canonical) : nullptr;
}

bool Registry::DependenciesMissing(std::string_view package) const {
  std::string_view name = package.substr(0, package.find('#'));
  if (incomplete_packages_.contains(name)) return true;
  return base_ != nullptr && base_->DependenciesMissing(package);
}

std::vector<std::string_view> Registry::GlobalProfiles(std::string_view type) const {
  std::vector<std::string_view> out = base_ != nullptr ? base_->GlobalProfiles(type) : std::vector<std::string_view>();
  for (const auto& [t, url] : global_profiles_) {
    if (t == type) out.push_back(url);
  }
  return out;
}

void Registry::IndexMandatedProfiles() {
  for (const auto& p : profiles_) {
    if (p->base_definition != "http://hl7.org/fhir/StructureDefinition/vitalsigns" ||
        !p->package.starts_with("hl7.fhir.r4.core")) {
      continue;
    }
    for (const ElementRule& e : p->elements) {
      if (e.path == "Observation.code.coding.code" && e.fixed != nullptr && e.fixed->has_value()) {
        vital_sign_profiles_.try_emplace(e.fixed->value, p->url);
      }
    }
  }
}

std::vector<std::string_view> Registry::MandatedProfiles(const fhir::Element& resource) const {
  std::vector<std::string_view> out = base_ != nullptr ? base_->MandatedProfiles(resource) : std::vector<std::string_view>();
  if (vital_sign_profiles_.empty() || !fhir::EqualsLiteral(resource.resource_type(), "Observation")) return out;
  const fhir::Element* code = resource.First("code");
  const fhir::Property* codings = code == nullptr ? nullptr : code->Find("coding");
  for (uint32_t k = 0; codings != nullptr && k < codings->size; ++k) {
    if (!fhir::EqualsLiteral(codings->items[k].ValueOf("system"), "http://loinc.org")) continue;
    auto it = vital_sign_profiles_.find(codings->items[k].ValueOf("code"));
    if (it != vital_sign_profiles_.end()) out.push_back(it->second);
  }
  return out;
}

const Profile* Registry::FindExact(std::string_view canonical) const {
  auto it = by_url_.find(canonical);
  if (it != by_url_.end()) return it->second;
  return base_ != nullptr ? base_->FindExact(canonical) : nullptr;
}

const Profile* Registry::FindPartialVersion(std::string_view url, std::string_view version) const {
  // "|0.2" names the latest 0.2.x: a version that continues the given one at a '.'.
  const Profile* best = base_ != nullptr ? base_->FindPartialVersion(url, version) : nullptr;
  for (const auto& p : profiles_) {
    if (p->url != url || p->version.size() <= version.size() || !p->version.starts_with(version) ||
        p->version[version.size()] != '.') {
      continue;
    }
    if (best == nullptr || VersionLess(best->version, p->version)) best = p.get();
  }
  return best;
}

const Profile* Registry::FindProfile(std::string_view canonical) const {
  if (const Profile* p = FindExact(canonical)) return p;
  size_t bar = canonical.find('|');
  if (bar == std::string_view::npos) return nullptr;
  if (const Profile* p = FindPartialVersion(canonical.substr(0, bar), canonical.substr(bar + 1))) return p;
  return FindExact(canonical.substr(0, bar));
}

const Profile* Registry::BaseType(std::string_view type_name) const {
  if (const Profile* p = base_type_index_.Find(type_name)) return p;
  return base_ != nullptr ? base_->BaseType(type_name) : nullptr;
}

ElementRef Registry::BasePath(std::string_view path) const {
  auto it = base_paths_.find(path);
  if (it != base_paths_.end()) return it->second;
  return base_ != nullptr ? base_->BasePath(path) : ElementRef{};
}

ElementRef Registry::ChildrenOf(ElementRef at, std::string_view type_code) const {
  const ElementRule& rule = at.rule();
  if (!rule.children.empty()) return at;
  if (!rule.content_reference.empty()) {
    // A content reference names an element of the resource's own definition: a profile that
    // constrains Parameters.parameter does not thereby constrain every nested part (to do so it
    // unrolls the part, which then has children of its own).
    if (at.profile->IsBaseType()) {
      for (uint32_t i = 0; i < at.profile->elements.size(); ++i) {
        if (at.profile->elements[i].id == rule.content_reference) return ElementRef{at.profile, i};
      }
    }
    return BasePath(rule.content_reference);
  }
  if (type_code.empty() && rule.types.size() == 1) type_code = rule.types[0].code;
  if (type_code.empty()) return ElementRef{};
  const Profile* type = nullptr;
  for (const TypeRef& t : rule.types) {
    // The walker's type codes mostly point at these very strings: compare addresses first.
    if ((t.code.data() == type_code.data() && t.code.size() == type_code.size()) || t.code == type_code) {
      type = t.base;
      break;
    }
  }
  if (type == nullptr) type = BaseType(type_code);
  return type == nullptr ? ElementRef{} : ElementRef{type, 0};
}

ChildMatch Registry::Child(ElementRef parent, std::string_view name, uint32_t* hint) const {
  const ElementRule& pr = parent.rule();
  if (pr.child_index != nullptr) {
    auto it = pr.child_index->find(name);
    if (it != pr.child_index->end() && !parent.profile->elements[it->second].IsChoice()) {
      const ElementRule& rule = parent.profile->elements[it->second];
      std::string_view code = rule.types.size() == 1 ? std::string_view(rule.types[0].code) : std::string_view();
      return ChildMatch{ElementRef{parent.profile, it->second}, code};
    }
    // A choice: the name up to its type, cut at an upper-case letter ("value" of "valueQuantity",
    // "doseNumber" of "doseNumberPositiveInt").
    for (size_t cut = 1; cut < name.size(); ++cut) {
      if (name[cut] < 'A' || name[cut] > 'Z') continue;
      it = pr.child_index->find(name.substr(0, cut));
      if (it == pr.child_index->end() || !parent.profile->elements[it->second].IsChoice()) continue;
      const ElementRule& rule = parent.profile->elements[it->second];
      for (const TypeRef& t : rule.types) {
        if (SuffixNamesType(name.substr(cut), t.code)) return ChildMatch{ElementRef{parent.profile, it->second}, t.code};
      }
    }
    return {};
  }
  // One or two integer comparisons per child, over the parent's array of child keys; a rule is
  // read only for the child found (and for a name longer than 16 bytes, its full name).
  const uint64_t wanted = NamePrefix(name);
  // Bytes 9-16 are compared only once the first eight and the length match (once a look-up).
  auto second_prefix = [&name] { return name.size() > 8 ? NamePrefix(name.substr(8)) : 0; };
  const size_t n = pr.child_keys.size();
  const size_t start = hint != nullptr && *hint < n ? *hint : 0;
  for (size_t step = 0, k = start; step < n; ++step, k = k + 1 == n ? 0 : k + 1) {
    const ElementRule::ChildKey& key = pr.child_keys[k];
    if (!key.is_choice) {
      if (key.prefix != wanted || key.length != name.size() || key.prefix2 != second_prefix()) continue;
      const ElementRule& rule = parent.profile->elements[key.index];
      if (name.size() > 16 && rule.Name() != name) continue;
      std::string_view code = rule.types.size() == 1 ? std::string_view(rule.types[0].code) : std::string_view();
      if (hint != nullptr) *hint = static_cast<uint32_t>(k + 1);
      return ChildMatch{ElementRef{parent.profile, key.index}, code};
    }
    if (name.size() <= key.length) continue;
    const uint64_t mask = key.length >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * key.length)) - 1;
    if ((wanted & mask) != key.prefix) continue;
    const ElementRule& rule = parent.profile->elements[key.index];
    std::string_view stem = rule.Name().substr(0, key.length);
    if (!name.starts_with(stem)) continue;
    std::string_view suffix = name.substr(stem.size());
    for (const TypeRef& t : rule.types) {
      if (SuffixNamesType(suffix, t.code)) {
        if (hint != nullptr) *hint = static_cast<uint32_t>(k + 1);
        return ChildMatch{ElementRef{parent.profile, key.index}, t.code};
      }
    }
  }
  if (pr.children.empty() && parent.index == 0 && parent.profile->IsBaseType()) return {};
  if (pr.children.empty()) {
    ElementRef via = ChildrenOf(parent, {});
    if (via && !(via.profile == parent.profile && via.index == parent.index)) return Child(via, name);
  }
  return {};
}

std::optional<fhir::ChildInfo> Registry::Child(std::string_view parent_type, std::string_view name) const {
  ElementRef parent;
  if (parent_type.find('.') != std::string_view::npos) {
    parent = BasePath(parent_type);
  } else if (const Profile* p = BaseType(parent_type)) {
    parent = ElementRef{p, 0};
  }
  if (!parent) return std::nullopt;
  ChildMatch m = Child(parent, name);
  if (!m.rule) return std::nullopt;
  const ElementRule& rule = m.rule.rule();
  fhir::ChildInfo info;
  info.repeats = rule.max > 1;
  info.primitive = PrimitiveKind(m.type_code);
  if (!rule.children.empty()) {
    info.type = rule.path;
  } else if (!rule.content_reference.empty()) {
    info.type = rule.content_reference;
  } else {
    info.type = m.type_code;
  }
  return info;
}

}  // namespace conformance
