// File: conformance/registry.h
// Everything loaded from FHIR packages, compiled once and shared read-only across threads:
// profiles by canonical URL, the base types' element trees, value sets and code systems.
// Implements fhir::TypeModel from the base StructureDefinitions.
#ifndef FHIRGW_CONFORMANCE_REGISTRY_H_
#define FHIRGW_CONFORMANCE_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "fhir/text.h"
#include "absl/status/statusor.h"
#include "conformance/package.h"
#include "conformance/profile.h"
#include "conformance/type_name_index.h"
#include "fhir/arena.h"
#include "conformance/terminology.h"
#include "fhir/document.h"
#include "fhir/type_model.h"

namespace conformance {

// A place in a compiled profile: element `index` of `profile`.
struct ElementRef {
  const Profile* profile = nullptr;
  // A full word, not 32 bits: an ElementRef goes by value in two registers, and one built with a
  // 4-byte store then loaded as 8 bytes stalls store forwarding (perf found a quarter of
  // Children's time at one such call).
  uint64_t index = 0;

  explicit operator bool() const { return profile != nullptr; }
  const ElementRule& rule() const { return profile->elements[index]; }
};

// What an instance property name means under a parent element.
struct ChildMatch {
  ElementRef rule;             // the child's rule (for a choice, the `value[x]` rule)
  std::string_view type_code;  // the child's type; for a choice the type the name selects
};

struct LoadReport {
  std::vector<std::string> packages;  // "name#version" in load order
  std::vector<std::string> notes;     // dependency substitutions and gaps, compile problems
  uint32_t profiles = 0;
  uint32_t value_sets = 0;
  uint32_t code_systems = 0;
  uint32_t constraints = 0;           // invariants in all loaded profiles
  uint32_t constraints_compiled = 0;  // of those, compiled (the rest are reported when met)
  uint32_t constraints_corrected = 0;  // compiled from a corrected expression (see the notes)
  uint32_t distinct_expressions = 0;   // compiled once each
  double seconds = 0;
};

class Registry : public fhir::TypeModel {
 public:
  // Loads the packages at `paths` (.tgz or directories) in order, then, for dependencies not
  // among them, the closest version found in `cache_dirs` (folders of `name#version/package`).
  // Missing dependencies are noted in the report, not fatal. Returns an error when a named
  // package cannot be read.
  static absl::StatusOr<std::unique_ptr<Registry>> Load(const std::vector<std::string>& paths,
                                                        const std::vector<std::string>& cache_dirs = {});

  // A registry that holds `resources` (StructureDefinitions, ValueSets, CodeSystems, e.g. a test
  // case's or a user's loose files) and falls back to `base` for everything else. `base` must
  // outlive the result. Unusable resources are noted in its report.
  static std::unique_ptr<Registry> Overlay(const Registry& base,
                                           const std::vector<const fhir::Element*>& resources);

  const LoadReport& report() const { return report_; }
  // Identifies this registry for the lifetime of the process (never reused, unlike addresses):
  // per-thread caches of what it answers are keyed by it.
  uint64_t id() const { return id_; }

  // A profile by canonical URL, optionally "url|version". nullptr when not loaded.
  const Profile* FindProfile(std::string_view canonical) const;
  // The base definition of a resource or data type by name ("Patient", "HumanName").
  const Profile* BaseType(std::string_view type_name) const;
  // The element of a base type at `path` ("Patient.contact.name"), through content references.
  ElementRef BasePath(std::string_view path) const;

  // Resolves instance property `name` under element `parent`: direct children, choice types
  // (`valueQuantity` for `value[x]`), then the children of the parent's own type when the
  // profile does not list them. Returns an empty match when unknown.
  // `hint`, when given, is where in the parent's children the scan starts (wrapping around) and
  // is left just past the match: JSON and XML writers emit properties in definition order, so
  // a caller walking one element's properties finds each child at the first try. Child names
  // are unique, so where the scan starts never changes the answer.
  ChildMatch Child(ElementRef parent, std::string_view name, uint32_t* hint = nullptr) const;
  // Where the children of an element with rule `at` and type `type_code` are described: the
  // element itself when it has children, its content reference, or the root of its type.
  ElementRef ChildrenOf(ElementRef at, std::string_view type_code) const;

  const Terminology& terminology() const { return terminology_; }

  // fhir::TypeModel: type keys are type names or base element paths.
  std::optional<fhir::ChildInfo> Child(std::string_view parent_type, std::string_view name) const override;

  // All loaded profiles, for listings.
  const std::vector<std::unique_ptr<Profile>>& profiles() const { return profiles_; }
  // Whether package `package` ("name" or "name#version") depends on a package that is not
  // loaded: what its profiles name from there cannot be found, for a known reason.
  bool DependenciesMissing(std::string_view package) const;
  // A loaded Questionnaire by canonical url (url|version, else the bare url); null if none.
  const fhir::Element* FindQuestionnaire(std::string_view canonical) const;
  // The profiles loaded ImplementationGuides declare global for resources of `type`.
  std::vector<std::string_view> GlobalProfiles(std::string_view type) const;
  // The profiles the specification itself requires of `resource` whatever it declares: R4's
  // vital signs profiles for an Observation coded with their LOINC code (the table is read
  // from R4 core's own profiles: each fixes its code in Observation.code.coding.code).
  std::vector<std::string_view> MandatedProfiles(const fhir::Element& resource) const;

 private:
  Registry();
  absl::Status AddPackage(const std::string& path);
  void AddResource(const fhir::Element& resource, std::string_view origin, std::vector<std::unique_ptr<Profile>>* added);
  // by_url_ entries for `p`: its url|version, and its bare url unless a newer version has it.
  void IndexCanonical(const Profile* p);
  void Index();
  // Compiles the differential-only StructureDefinitions once their bases are indexed.
  void ResolveDifferentials();
  // Registers the terminology `sd` contains, and points bindings to a contained value set
  // ("#id") at it: by its url, or "<profile url>#id" when it has none.
  void AdoptContained(const fhir::Element& sd, Profile& profile);
  // Resolves every TypeRef's target profiles to their definitions (after all are loaded).
  void LinkTargetProfiles();
  // Compiles every constraint's FHIRPath (once per distinct expression), applying the corrections
  // of conformance/invariant_corrections.tsv; counts and failures go to the report.
  void CompileConstraints();
  // What each slice asks at its discriminators' paths (slice_plans.h), once all are indexed.
  void PlanSlices();
  // Fills Constraint::offenders (dom-3).
  void LocateOffenders();
  // Fills Constraint::presence where the expression is a presence formula.
  void FindPresenceFormulas();
  // Name indexes for elements with many children (Child() is on the validator's hot path).
  static void BuildChildIndexes(Profile& profile);

  struct PendingDifferential {
    const fhir::Element* definition;
    std::string origin;
    std::string package;  // "name#version", empty for supplied resources
  };
  std::vector<PendingDifferential> pending_;
  std::vector<std::unique_ptr<fhir::Document>> pending_documents_;  // keeps package ones alive

  const Registry* base_ = nullptr;  // overlays fall back to it

  LoadReport report_;
  std::vector<PackageManifest> manifests_;
  const Profile* FindExact(std::string_view canonical) const;
  std::vector<std::pair<std::string, std::string>> global_profiles_;  // type, profile url
  fhir::StringMap<std::string> vital_sign_profiles_;                  // LOINC code -> profile url
  void IndexMandatedProfiles();
  fhir::StringSet incomplete_packages_;
  fhir::Arena questionnaire_arena_;
  fhir::StringMap<const fhir::Element*> questionnaires_;  // url and url|version  // names of loaded packages with a dependency not loaded
  const Profile* FindPartialVersion(std::string_view url, std::string_view version) const;
  const uint64_t id_;
  std::vector<std::unique_ptr<Profile>> profiles_;  // owned; TypeRef::base filled by Index()
  fhir::StringMap<const Profile*> by_url_;          // url and url|version
  fhir::StringMap<const Profile*> base_types_;      // type name
  TypeNameIndex base_type_index_;                   // the same, for BaseType (built by Index)
  fhir::StringMap<ElementRef> base_paths_;          // "Patient.contact"
  Terminology terminology_;
};

// True for FHIR primitive type names ("string", "dateTime", ...).
bool IsPrimitiveType(std::string_view type_code);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_REGISTRY_H_
