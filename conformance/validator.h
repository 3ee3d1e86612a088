// File: conformance/validator.h
// Validates FHIR R4 resources and Bundles against the loaded definitions.
//
// Every resource is checked against the base definition of its type (structure, unknown
// elements, cardinality, data types and primitive lexical rules, JSON value kinds, fixed and
// pattern values, required and extensible bindings, references, extensions by URL, contained
// resources and Bundle entries, and every FHIRPath invariant), then against each profile it
// declares in meta.profile that is loaded (a warning names each one that is not) and each
// profile the caller asks for.
//
// Partial, and said so in the issues rather than passing silently: an invariant whose
// expression does not compile (none in the shipped packages) is counted in an information
// issue; slice discriminators through functions or by profile leave the slice undecided; codes
// from code systems that are not shipped are reported as not checked.
#ifndef FHIRGW_CONFORMANCE_VALIDATOR_H_
#define FHIRGW_CONFORMANCE_VALIDATOR_H_

#include <string>
#include <vector>

#include "conformance/registry.h"
#include "fhir/document.h"
#include "fhir/issue.h"

namespace conformance {

struct ValidationOptions {
  // Profiles (canonical URLs) every root resource must conform to, besides its meta.profile.
  std::vector<std::string> profiles;
  // Report the count of invariants not evaluated (information issue per resource).
  bool report_unevaluated_invariants = true;
  // An extension whose definition is not loaded: an error when true (as the HL7 validator's
  // own test harness runs), else a warning (the default: many real documents carry local
  // extensions whose definitions are not published).
  bool unknown_extensions_are_errors = false;
  // Unknown extensions whose url starts with one of these prefixes are accepted silently (a
  // partner's extensions, published where no package carries them).
  std::vector<std::string> extension_domains;
  // Extensions at example urls (hosts example.org/.com/.net, RFC 2606, and acme.com, the
  // fictional company of FHIR's own examples) are fictional by nature: accepted when true (an
  // information issue); when false their use is an error, as in production data.
  bool example_urls_allowed = true;
  // Markdown that seems to hold an HTML tag ("<b>", "</p>"): presentation layers escape it, so
  // readers see the tag as text. A warning (FHIR-38714), or an error when true.
  bool html_in_markdown_is_error = false;
  // A Coding whose display is neither the display nor a designation its (shipped, complete)
  // code system gives the code: a warning, or an error when true (as the HL7 validator reports
  // it). A display that the value set bound to the element gives the code (compose concept,
  // designation, expansion) is right there.
  bool wrong_display_is_error = false;
  // A reference that resolves to nothing here (not contained, not in the Bundle) has only its
  // URL to say what it points at. When its type is not an allowed target: a warning, as the HL7
  // validator leaves such a reference unchecked by default; an error when true (the HL7
  // validator's -assumeValidRestReferences: a RESTful URL names its resource's type).
  bool assume_valid_rest_references = false;
  // Skip subtrees equal to ones this thread found clean before under the same definition
  // (clean_subtrees.h). The outcome is the same either way; off only to measure or compare.
  bool reuse_clean_subtrees = true;
};

// Thread-safe: holds only a reference to the (read-only) registry.
class Validator {
 public:
  explicit Validator(const Registry& registry) : registry_(registry) {}

  // Validates the document's root resource; appends issues to `out`. A document without a root
  // (unreadable input) adds nothing: its reader issues already say why.
  void Validate(const fhir::Document& doc, const ValidationOptions& options, fhir::IssueList* out) const;

 private:
  const Registry& registry_;
};

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_VALIDATOR_H_
