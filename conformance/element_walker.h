// File: conformance/element_walker.h
// The recursive walk behind Validator: one instance tree against one definition tree. Internal.
#ifndef FHIRGW_CONFORMANCE_ELEMENT_WALKER_H_
#define FHIRGW_CONFORMANCE_ELEMENT_WALKER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "conformance/clean_subtrees.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/registry_model.h"
#include "conformance/primitive_rules.h"
#include "conformance/registry.h"
#include "fhir/text.h"
#include "fhir/document.h"
#include "fhir/issue.h"

namespace conformance {

class ElementWalker {
 public:
  // kBase checks everything against the base type; kProfile re-walks a resource against a
  // constraining profile and reports only what a profile adds (cardinality, types, fixed and
  // pattern values, bindings), so base problems are not reported twice.
  enum class Mode { kBase, kProfile };

  ElementWalker(const Registry& registry, const fhir::Document& doc, fhir::IssueList* out, Mode mode,
                std::string_view profile_url = {});

  // What to make of extensions no loaded package defines.
  struct ExtensionPolicy {
    bool unknown_are_errors = false;
    bool examples_allowed = true;
    const std::vector<std::string>* domains = nullptr;
  };
  void set_extension_policy(const ExtensionPolicy& p) { extension_policy_ = p; }
  void set_html_in_markdown_is_error(bool v) { html_in_markdown_is_error_ = v; }
  void set_wrong_display_is_error(bool v) { wrong_display_is_error_ = v; }
  void set_assume_valid_rest_references(bool v) { assume_valid_rest_references_ = v; }
  // A Coding and the value set bound where it stands (a value set may give its own displays).
  struct BoundCoding {
    const fhir::Element* coding;
    const std::string* value_set;
  };
  // Where to note the Codings met under a binding. Null: not noted.
  void set_bound_codings(std::vector<BoundCoding>* v) { bound_codings_ = v; }
  // Where the base walk remembers subtrees it found clean, and skips equal ones (null: none).
  void set_clean_subtrees(CleanSubtrees* memo) { clean_ = memo; }

  // Validates resource `res` (the root, or nested when `depth` > 0) against its base type.
  void Resource(const fhir::Element& res, int depth);
  // Validates resource `res` against `profile` (Mode::kProfile).
  void ResourceAgainst(const fhir::Element& res, const Profile& profile);

  enum class SliceDecision { kMatch, kNoMatch, kUndecided };

  // Invariants met on the way that could not be evaluated (their expression does not compile).
  uint32_t unevaluated_invariants() const { return unevaluated_invariants_; }

 private:
  struct Segment {
    std::string_view name;
    int32_t index = -1;
    std::string_view of_type;               // for choice elements: .ofType(type)
    const fhir::Element* resource = nullptr;  // a nested resource starts here
  };

  // Node's checks, skipped for a subtree the memo holds (clean_subtrees.h).
  void Node(const fhir::Element& e, ElementRef def, std::string_view type_code, int depth);
  void NodeChecks(const fhir::Element& e, ElementRef def, std::string_view type_code, int depth);
  // Marks the subtree being walked as one whose outcome may differ elsewhere: the step just
  // taken reads the walk's surroundings (enclosing resources, Bundle, owners, the clock) or has
  // an effect beyond its issues. Every such step calls it; a marked subtree is not remembered.
  void NotRepeatable() { ++not_repeatable_; }
  void Children(const fhir::Element& e, ElementRef children_def, int depth);
  void Cardinality(const fhir::Element& e, ElementRef children_def);
  // The items of sliced property `p` of `holder`, whose (unsliced) rule is `base`.
  void Sliced(const fhir::Element& holder, const fhir::Property& p, ElementRef base, std::string_view type_code,
              int depth);
  SliceDecision SliceMatch(const fhir::Element& item, const ElementRule& owner, ElementRef slice,
                           std::string_view item_type);
  // A type or profile discriminator whose path ends in resolve().
  SliceDecision ResolvedMatch(const fhir::Element& item, const ElementRule& owner, ElementRef slice,
                              std::string_view item_type, const Discriminator& d);
  // Walks `value` (an element or a resource) against `profile` in profile mode, with this
  // walker's place (path, enclosing resources, Bundles), into `out`.
  void WalkAgainst(const fhir::Element& value, const Profile& profile, int depth, fhir::IssueList* out);
  // Whether `value` has no errors against `profile` (element_type_profiles.cc).
  bool Conforms(const fhir::Element& value, const Profile& profile);
  // Whether the profile being walked comes from a package with a dependency that is not
  // loaded: a profile it names that cannot be found is then a known gap (a warning), not a
  // broken reference (an error).
  bool DependencyNotLoaded() const;
  // Conforms() for a reference's target, remembered per target and profile.
  bool TargetConforms(const fhir::Element& target, const Profile& profile);
  absl::flat_hash_map<std::pair<const fhir::Element*, const Profile*>, bool> target_conforms_;
  void Primitive(const fhir::Element& e, PrimitiveType type, std::string_view type_code);
  // A primitive without a value, where the profile requires one or names the extensions that
  // may stand in for it.
  void ValueControls(const fhir::Element& e, const ElementRule& rule);
  // Forms (questionnaire_checks.cc): a response against its questionnaire, a questionnaire's
  // enableWhen references.
  void QuestionnaireResponseChecks(const fhir::Element& response);
  void QuestionnaireChecks(const fhir::Element& questionnaire);
  void ResponseItems(const fhir::Element& holder, const fhir::Property* items, const fhir::Property* questions,
                     std::vector<const fhir::Property*>& scopes, bool completed);
  bool ItemEnabled(const fhir::Element& question_item, const std::vector<const fhir::Property*>& scopes);
  // A profile's rules on a Narrative's language sections and source classes.
  void NarrativeControls(const fhir::Element& narrative, const ElementRule& rule);
  // The profiles the element's type names (a type's profile list is a choice).
  void TypeProfiles(const fhir::Element& e, const ElementRule& rule, std::string_view type_code, int depth);
  // A nested resource (Bundle.entry.resource, contained, Parameters.parameter.resource) must be
  // of a type the rule lists.
  void ResourceTypeAllowed(const fhir::Element& res, const ElementRule& rule);
  // The FHIRPath constraints of `def` (and of the root of complex type `type_code`) on `e`.
  void Invariants(const fhir::Element& e, ElementRef def, std::string_view type_code);
  // `name_bits`: fhirpath::ChildNameBits(e) for the constraints' guards, shared by the calls for
  // one element; 0 until the first guard computes it.
  void Invariant(const fhir::Element& e, std::string_view type_key, const Constraint& c, uint64_t* name_bits);
  // A failed constraint with Constraint::offenders, reported at each offending contained
  // resource of `e`; false when none could be named (the caller reports at `e`).
  bool ReportAtOffenders(const fhir::Element& e, const Constraint& c, fhir::Severity severity);
  // Sets env_ for the innermost resource being walked (%resource, %rootResource, the Bundle).
  void PrepareInvariantEnvironment();
  // `nested`: a part of a complex extension (its url may be relative).
  void Extension(const fhir::Element& ext, int depth, bool nested);
  void BundleEntries(const fhir::Element& bundle);
  void Reference(const fhir::Element& ref, const ElementRule& rule);
  void Binding(const fhir::Element& e, const ElementRule& rule, std::string_view type_code);
  // One binding of `rule`'s: to `value_set`, an error when `required` (else a warning);
  // `additional` names an additional binding's purpose (empty: the element's own binding).
  void BindingTo(const fhir::Element& e, const ElementRule& rule, std::string_view type_code,
                 const std::string& value_set, bool required, std::string_view additional);
  void FixedAndPattern(const fhir::Element& e, const ElementRule& rule);
  // A complex fixed value (no value of its own): each differing part reported at its place.
  void FixedComplex(const fhir::Element& e, const fhir::Element& fixed, const ElementRule& rule);
  void CodeFormat(const fhir::Element& coding);
  // A Coding's display against its (shipped, complete) code system's display and designations.
  void Display(std::string_view system, std::string_view code, const fhir::Element& display);

  // Where an extension sits: the element that holds it, for context checks.
  // An element whose children are being walked (extensions ask where they are). Three words,
  // pushed for every complex element: the rest is derived where an extension asks.
  struct Owner {
    const ElementRule* rule = nullptr;  // the holder's definition
    std::string_view type;  // its type, e.g. "date"; the resource type for a resource
    const fhir::Element* element = nullptr;  // the holder itself
    std::string_view path() const { return rule->path; }  // e.g. "Patient.birthDate"
    // For a content reference, the path it stands for.
    std::string_view referenced_path() const { return rule->content_reference; }
    // When the holder is itself an extension, its url.
    std::string_view extension_url() const { return type == "Extension" ? element->ValueOf("url") : std::string_view(); }
  };
  void ExtensionContext(const fhir::Element& ext, const Profile& def);
  // The relative urls of a complex extension's parts must be parts its definition names.
  void SubExtensionUrls(const fhir::Element& ext, const Profile& def);
  // Whether the extension's declared contexts allow it on the innermost owner.
  bool ContextAllows(const Profile& def);
  // Evaluates FHIRPath `expression` with `focus` as $this (and %extension when given); nullopt
  // when it does not parse or evaluate. Strings made during evaluation do not outlive it: callers
  // look at nodes and booleans only.
  std::optional<fhirpath::Collection> EvaluateAt(std::string_view expression, const fhir::Element& focus,
                                                 std::string_view focus_key, const fhir::Element* extension);
  void Range(const fhir::Element& e, const ElementRule& rule, std::string_view type_code);
  // minValueQuantity / maxValueQuantity, with the value converted to the limit's unit.
  void QuantityRange(const fhir::Element& quantity, const ElementRule& rule);

  // Cold: the compiler moves each call, with the message built for it, out of the hot code, so
  // the walk's code stays dense in the instruction cache (simulated L1 misses, see PERFORMANCE.md).
  [[gnu::cold]] void Report(fhir::Severity severity, fhir::IssueType type, uint32_t offset, std::string id,
              std::string text);
  std::string PathText() const;

  const Registry& registry_;
  fhirpath::RegistryModel model_;
  fhirpath::Environment env_;
  const fhir::Element* env_resource_ = nullptr;
  bool env_ready_ = false;
  const fhir::Document& doc_;
  fhir::IssueList* out_;
  Mode mode_;
  std::string_view profile_url_;
  std::vector<Segment> path_;
  std::vector<const fhir::Element*> resources_;  // enclosing resources, innermost last
  std::vector<Owner> owners_;                    // elements whose children are being walked

  // The entries of a Bundle being walked, for resolving references inside it.
  struct BundleIndex {
    std::string_view type;
    fhir::StringMap<const fhir::Element*> by_full_url;
    absl::flat_hash_map<const fhir::Element*, std::string_view> full_url_of;
    std::vector<const fhir::Element*> versions;  // entries whose fullUrl an earlier entry has
  };
  // Shared with the inner walkers of profiles (type, extension, slice and target profiles).
  std::vector<std::shared_ptr<const BundleIndex>> bundles_;
  // Resolves `target` (a reference value) inside the innermost Bundle; null when it is not there.
  const fhir::Element* ResolveInBundle(std::string_view target) const;
  // Resolves `target` in `b` as written in the entry whose fullUrl is `referrer` (may be empty).
  static const fhir::Element* ResolveFrom(const BundleIndex& b, std::string_view target, std::string_view referrer);
  // True when another entry of the innermost Bundle has `resource`'s fullUrl (another version).
  bool HasOtherVersions(const fhir::Element& resource) const;
  // A nested resource (contained, a Bundle entry) against the profiles its meta.profile
  // declares and those the specification requires of it (the Validator does the root's).
  void DeclaredProfiles(const fhir::Element& res, int depth);
  void WalkDeclared(const fhir::Element& res, const Profile& profile, int depth);
  // For a walk inside this one (a profile of a part): the same place, resources, Bundles, and
  // the caller's policies (what counts as an error holds in every walk of one validation).
  void ContinueFrom(const ElementWalker& outer);
  // Document Bundles: every entry reachable from the Composition, stylesheet links resolved.
  void DocumentChecks(const fhir::Element& bundle);
  // Pushes the index of Bundle `res` onto bundles_ (the caller pops it).
  void IndexBundle(const fhir::Element& res);
  // True while walking the Composition of the innermost document Bundle.
  bool InDocumentComposition() const;
  uint32_t unevaluated_invariants_ = 0;
  ExtensionPolicy extension_policy_;
  bool html_in_markdown_is_error_ = false;
  bool wrong_display_is_error_ = false;
  bool assume_valid_rest_references_ = false;  // see ValidationOptions
  std::vector<BoundCoding>* bound_codings_ = nullptr;
  CleanSubtrees* clean_ = nullptr;
  uint32_t not_repeatable_ = 0;  // NotRepeatable() calls so far
  void NoteBoundCoding(const fhir::Element& coding, const ElementRule& rule);
  void UnknownExtension(const fhir::Element& ext, std::string_view url);
  bool modifier_ = false;  // the extension being checked is a modifierExtension
};

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_ELEMENT_WALKER_H_
