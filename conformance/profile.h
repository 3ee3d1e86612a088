// File: conformance/profile.h
// A StructureDefinition compiled once into a per-element rule table, shared read-only across
// threads. Only the snapshot is used (profiles in FHIR packages carry full snapshots).
#ifndef FHIRGW_CONFORMANCE_PROFILE_H_
#define FHIRGW_CONFORMANCE_PROFILE_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "fhir/arena.h"
#include "fhir/element.h"

namespace conformance {
namespace fhirpath {
class Expression;
struct ChildNameSet;
}

enum class BindingStrength : uint8_t { kNone, kRequired, kExtensible, kPreferred, kExample };

struct Profile;
class PresenceFormula;

struct TypeRef {
  // What a walk reads for every element (the code, the invariants, the base) comes first, on one
  // cache line; the profile lists only matter for elements that name profiles.
  std::string code;  // "string", "HumanName", "Reference"; FHIRPath system types as given
  // The invariants a base walk evaluates on an element of this type: the element's own (but not
  // the natively checked ones) and those of the type's root definition, each key once. Filled
  // when the registry compiles its constraints (see Registry::CompileConstraints).
  std::vector<const struct Constraint*> invariants;
  // The base definition of `code`, resolved once when the registry is indexed (null if unknown).
  const Profile* base = nullptr;
  std::vector<std::string> profiles;
  std::vector<std::string> target_profiles;
  // The definitions of `target_profiles`, in the same order, resolved once when the registry is
  // loaded (a reference check ran a hashed lookup per target per Reference); null where one was
  // not loaded then (an overlay registry may still supply it: look it up again).
  std::vector<const Profile*> target_profile_defs;
};

struct Constraint {
  std::string key;
  std::string severity;  // "error" | "warning"
  std::string human;
  std::string expression;
  std::string source;
  // Filled when the registry compiles its constraints (shared by all copies of one expression);
  // null with `compile_error` set when the expression does not compile.
  std::shared_ptr<const fhirpath::Expression> compiled;
  std::string compile_error;
  bool corrected = false;  // the expression came from invariant_corrections.tsv
  // Set at compile time: checked natively by the validator instead (ele-1), or declared by a
  // base type's definition (a profile walk leaves those to the base walk).
  bool native = false;
  // The published ref-1: held without evaluating where Ref1HoldsWithoutLookUp says so.
  bool ref1_shortcut = false;
  bool from_base_type = false;
  // When set, the expression depends on its context only through these child names, and its
  // result on an element without any of them is `holds_when_absent` (see context_names.h).
  std::shared_ptr<const fhirpath::ChildNameSet> guard_names;
  bool holds_when_absent = true;
  // Each a set of child names without which the expression holds whatever else the element
  // has (fhirpath::SufficientAbsences): tried before a full evaluation. Null when none.
  std::shared_ptr<const std::vector<fhirpath::ChildNameSet>> holds_without;
  // dom-3 only: its expression without the final `.empty()`, whose result is the contained
  // resources that break it. The validator reports each one at its own location (as the HL7
  // validator does), not the containing resource: the user learns which one is unreferenced.
  std::shared_ptr<const fhirpath::Expression> offenders;
  // Set when the expression asks only which children the element has (presence_formula.h):
  // the validator answers it from the element's properties.
  std::shared_ptr<const PresenceFormula> presence;
  // The expression reads nothing but the element it is evaluated on (fhirpath/focus_only.h).
  bool focus_only = false;
};

struct Discriminator {
  std::string type;  // value | exists | pattern | type | profile
  std::string path;
  // `path` split at '.', as views into `path`, set by the constructors (a copy's views would
  // point into its source; there is no move, which would carry a short string's bytes away).
  // Change `path` only by assigning a whole Discriminator.
  std::vector<std::string_view> segments;

  Discriminator() = default;
  Discriminator(std::string t, std::string p) : type(std::move(t)), path(std::move(p)) { Split(); }
  Discriminator(const Discriminator& o) : type(o.type), path(o.path) { Split(); }
  Discriminator& operator=(const Discriminator& o) {
    type = o.type;
    path = o.path;
    Split();
    return *this;
  }
  void Split();
};

struct Slicing {
  std::vector<Discriminator> discriminators;
  bool ordered = false;
  std::string rules;  // closed | open | openAtEnd
};

inline constexpr uint32_t kUnbounded = std::numeric_limits<uint32_t>::max();

struct ElementRule {
  // Fields are ordered by how often a walk reads them: the first ones for every element
  // validated, kept on few cache lines (the rule used to spread them over ten: a walk's data
  // cache misses were mostly these), the strings at the end only when something is reported.
  //
  // The first 8 bytes of Name() (choices without "[x]"), zero-filled: child lookups compare this
  // integer before any string.
  uint64_t name_prefix = 0;
  uint32_t name_length = 0;  // of Name() (choices without the [x])
  uint32_t name_offset = 0;  // where the last path segment starts (Name() is on the hot path)
  uint32_t min = 0;
  uint32_t max = kUnbounded;
  bool is_choice = false;           // the path ends in [x]
  bool has_type_profiles = false;  // derived: some type names profiles (set when indexed)
  bool is_modifier = false;
  bool must_support = false;
  // R5's value controls, carried into R4 profiles as cross-version extensions: a primitive must
  // have a value (mustHaveValue), or, without one, one of these extensions (valueAlternatives).
  bool must_have_value = false;
  BindingStrength binding_strength = BindingStrength::kNone;
  // Derived when the registry indexes the profile: false when the rule has none of the rarely
  // used checks below (range, value controls, narrative controls, additional bindings), so a
  // walk tests one flag here instead of reading their strings and vectors (four cache lines).
  // True until then: an unindexed rule is checked in full.
  bool has_rare_checks = true;
  int64_t max_length = 0;  // 0: none
  // fixed[x] / pattern[x] values (copied into the profile's arena); their FHIR type names below.
  const fhir::Element* fixed = nullptr;
  const fhir::Element* pattern = nullptr;
  // minValueQuantity / maxValueQuantity (in the profile's arena), compared after UCUM conversion.
  const fhir::Element* min_quantity = nullptr;
  const fhir::Element* max_quantity = nullptr;
  std::vector<TypeRef> types;
  // Read with `types` for every element (where do its children come from?), so kept beside it.
  std::string content_reference;  // "Questionnaire.item" for contentReference "#Questionnaire.item" (no '#')
  // Derived: indices (in Profile::elements) of the direct children, and of the slices of this
  // element when it is sliced. A slice's own children hang under the slice entry.
  std::vector<uint32_t> children;
  // Derived, one per child in `children` order: what a child look-up compares, side by side, so
  // that a look-up reads one small array instead of each child's rule (a cache miss apiece).
  struct ChildKey {
    uint64_t prefix = 0;   // name bytes 0-7, zero-filled (a choice: its name without "[x]")
    uint64_t prefix2 = 0;  // name bytes 8-15, zero-filled
    uint32_t length = 0;   // of that name
    uint32_t index = 0;    // in Profile::elements
    bool is_choice = false;
  };
  std::vector<ChildKey> child_keys;
  std::vector<uint32_t> slices;
  // Children with min > 0, or with a slice of min > 0 (the only ones a minimum-cardinality
  // check can fail on).
  std::vector<uint32_t> required_children;
  std::vector<Constraint> constraints;
  // Filled with the constraints: what a base walk evaluates when the element has no declared
  // type (a resource root), and what a profile walk evaluates (the profile's own invariants).
  std::vector<const Constraint*> base_invariants;
  std::vector<const Constraint*> profile_invariants;
  // Further value sets the codes are held to (R5's binding.additional, written in R4 as an
  // extension; R4's maxValueSet): purpose "required"/"maximum" (an error when no code is in
  // the value set) or "extensible"/"current" (a warning). Other purposes ask nothing of
  // instances, and bindings limited by `usage` are not checked (their context is not known).
  struct AdditionalBinding {
    std::string purpose;
    std::string value_set;
  };
  std::vector<AdditionalBinding> additional_bindings;
  // For elements with many children: child name (choices without "[x]") -> index in `children`
  // order's element index. Built when the registry is indexed; shared by copies of the rule.
  std::shared_ptr<const absl::flat_hash_map<std::string_view, uint32_t>> child_index;
  std::string path;  // "Observation.component.code"
  // minValue[x] / maxValue[x] (exact text) for numbers, dates and times; empty when none.
  std::string min_value;
  std::string max_value;
  // ElementDefinition extensions that govern a Narrative's xhtml: narrative-language-control
  // (_no, _yes, _resource) and narrative-source-control (the severity of a missing source class).
  std::string narrative_language_control;
  std::string narrative_source_control;
  std::vector<std::string> value_alternatives;  // see must_have_value
  std::string id;  // "Observation.component:systolic.code"
  std::string slice_name;
  std::string fixed_type;
  std::string pattern_type;
  std::string binding_value_set;
  std::optional<Slicing> slicing;
  // For a slice entry, one per discriminator of the sliced element, planned at load
  // (slice_plans.h): the rule the discriminator's path leads to in the slice, and for a value
  // or pattern discriminator the values an item must match there (exactly, when fixed).
  struct DiscriminatorPlan {
    const Profile* at_profile = nullptr;  // null: the path is not a plain one, or not in the slice
    uint32_t at_index = 0;
    std::vector<std::pair<const fhir::Element*, bool>> expected;
  };
  std::vector<DiscriminatorPlan> discriminator_plans;

  bool IsChoice() const { return is_choice; }
  // The element's own name (last path segment), e.g. "value[x]".
  std::string_view Name() const { return std::string_view(path).substr(name_offset); }
};

struct Profile {
  std::string url;
  std::string version;
  std::string name;
  std::string type;  // the type it constrains, e.g. "Observation"
  std::string kind;  // primitive-type | complex-type | resource | logical
  std::string derivation;  // specialization | constraint
  std::string base_definition;
  std::string package;  // "name#version" it came from
  bool is_abstract = false;
  // For extensions: where they may be used (StructureDefinition.context: type, expression).
  std::vector<std::pair<std::string, std::string>> contexts;
  // For extensions: FHIRPath rules on where they are used (StructureDefinition.contextInvariant),
  // evaluated with the holder as $this and %extension.
  std::vector<std::string> context_invariants;
  std::vector<ElementRule> elements;  // elements[0] is the root
  std::unique_ptr<fhir::Arena> arena = std::make_unique<fhir::Arena>();

  bool IsBaseType() const { return derivation == "specialization" || base_definition.empty(); }
};

// The first 8 bytes of `name`, zero-filled (a cheap first comparison of element names).
uint64_t NamePrefix(std::string_view name);

// Compiles a StructureDefinition resource. Returns InvalidArgument when it has no snapshot or
// its snapshot is malformed (an element without a path, a child before its parent).
absl::StatusOr<std::unique_ptr<Profile>> CompileProfile(const fhir::Element& structure_definition);

// For a StructureDefinition with only a differential: its snapshot generated from `base` (the
// compiled baseDefinition). Differential elements constrain the element of the same id
// (cardinality, types, slicing, fixed/pattern, binding, ranges, max length, constraints); an
// element below one without children is reached by unrolling that element's type (its
// definition from `type_profile`, or the element a content reference names), and a new slice
// starts as a copy of the sliced element. Ids that still cannot be placed (below a choice of
// several types, say) are listed in `not_applied`, so the caller can say so.
absl::StatusOr<std::unique_ptr<Profile>> CompileFromDifferential(
    const fhir::Element& structure_definition, const Profile& base,
    const std::function<const Profile*(std::string_view type)>& type_profile, std::vector<std::string>* not_applied);

// True when the StructureDefinition carries a snapshot.
bool HasSnapshot(const fhir::Element& structure_definition);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_PROFILE_H_
