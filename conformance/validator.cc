// File: conformance/validator.cc
#include "conformance/validator.h"

#include <set>
#include <tuple>

#include "conformance/element_walker.h"
#include "fhir/text.h"

namespace conformance {

namespace {

// A value set may give its own display for a code (compose.include.concept.display, a
// designation, its expansion): where it is bound, that display is right, whatever the code
// system's own. The positions of such displays among those reported wrong since `first`
// (looked up only when one was: this is rare, and Codings under bindings are not).
std::set<std::pair<uint32_t, uint32_t>> VouchedDisplays(const Terminology& terminology, const fhir::Document& doc,
                                                        const std::vector<ElementWalker::BoundCoding>& bound,
                                                        size_t first, const fhir::IssueList& issues) {
  std::set<std::pair<uint32_t, uint32_t>> wrong, vouched;
  for (size_t i = first; i < issues.size(); ++i) {
    if (issues[i].message_id == "code-display-wrong") wrong.emplace(issues[i].line, issues[i].column);
  }
  if (wrong.empty()) return vouched;
  for (const ElementWalker::BoundCoding& b : bound) {
    const fhir::Element* display = b.coding->First("display");
    if (display == nullptr) continue;
    fhir::Position pos = doc.PositionOf(display->offset);
    if (!wrong.contains({pos.line, pos.column})) continue;
    const std::vector<std::string>* given = terminology.DisplaysIn(
        *b.value_set, b.coding->ValueOf("system"), b.coding->ValueOf("code"));
    for (size_t k = 0; given != nullptr && k < given->size(); ++k) {
      if (SameDisplay(display->value, (*given)[k])) vouched.emplace(pos.line, pos.column);
    }
  }
  return vouched;
}

// The base walk and the walks against each profile that applies, into `out`; the Codings met
// under bindings into `bound`. Returns the base walk's count of invariants not evaluated.
uint32_t Walk(const Registry& registry, const fhir::Document& doc, const ValidationOptions& options,
              CleanSubtrees* memo, fhir::IssueList* out, std::vector<ElementWalker::BoundCoding>* bound) {
  const fhir::Element* root = doc.root();
  ElementWalker base(registry, doc, out, ElementWalker::Mode::kBase);
  base.set_extension_policy({options.unknown_extensions_are_errors, options.example_urls_allowed,
                             &options.extension_domains});
  base.set_html_in_markdown_is_error(options.html_in_markdown_is_error);
  base.set_wrong_display_is_error(options.wrong_display_is_error);
  base.set_assume_valid_rest_references(options.assume_valid_rest_references);
  base.set_bound_codings(bound);
  base.set_clean_subtrees(memo);
  base.Resource(*root, 0);

  std::vector<std::pair<std::string_view, uint32_t>> profiles;  // url, source offset
  if (const fhir::Element* meta = root->First("meta")) {
    if (const fhir::Property* declared = meta->Find("profile")) {
      for (const fhir::Element& p : declared->elements()) profiles.emplace_back(p.value, p.offset);
    }
  }
  for (const std::string& p : options.profiles) profiles.emplace_back(p, root->offset);
  for (std::string_view p : registry.GlobalProfiles(root->resource_type())) profiles.emplace_back(p, root->offset);
  for (std::string_view p : registry.MandatedProfiles(*root)) profiles.emplace_back(p, root->offset);
  // A profile named twice (declared and global, say) is checked once.
  std::set<std::string_view> distinct;
  std::erase_if(profiles, [&](const auto& p) { return !distinct.insert(p.first).second; });
  for (const auto& [url, offset] : profiles) {
    const Profile* profile = registry.FindProfile(url);
    if (profile == nullptr) {
      fhir::Issue issue;
      issue.severity = fhir::Severity::kWarning;
      issue.type = fhir::IssueType::kNotFound;
      issue.location = std::string(root->resource_type());
      fhir::Position pos = doc.PositionOf(offset);
      issue.line = pos.line;
      issue.column = pos.column;
      issue.message_id = "profile-not-loaded";
      issue.text = fhir::Concat("profile ", url, " is not loaded, so the resource was not checked against it");
      out->push_back(std::move(issue));
      continue;
    }
    ElementWalker against(registry, doc, out, ElementWalker::Mode::kProfile, profile->url);
    against.set_bound_codings(bound);
    against.set_clean_subtrees(memo);
    against.set_assume_valid_rest_references(options.assume_valid_rest_references);
    against.ResourceAgainst(*root, *profile);
  }
  return base.unevaluated_invariants();
}

bool ReportsWrongDisplay(const fhir::IssueList& issues, size_t first) {
  for (size_t i = first; i < issues.size(); ++i) {
    if (issues[i].message_id == "code-display-wrong") return true;
  }
  return false;
}

}  // namespace

void Validator::Validate(const fhir::Document& doc, const ValidationOptions& options,
                         fhir::IssueList* out) const {
  const fhir::Element* root = doc.root();
  if (root == nullptr) return;
  const size_t first_new = out->size();
  std::vector<ElementWalker::BoundCoding> bound_codings;
  CleanSubtrees* memo = options.reuse_clean_subtrees ? &CleanSubtrees::ForThread(registry_.id()) : nullptr;
  uint32_t unevaluated = Walk(registry_, doc, options, memo, out, &bound_codings);
  // Skipped subtrees noted none of their Codings. The notes are read only to vouch for a display
  // reported wrong (rare): then the walks run again without the memo.
  if (memo != nullptr && ReportsWrongDisplay(*out, first_new)) {
    out->resize(first_new);
    bound_codings.clear();
    unevaluated = Walk(registry_, doc, options, nullptr, out, &bound_codings);
  }

  const std::set<std::pair<uint32_t, uint32_t>> vouched = VouchedDisplays(registry_.terminology(), doc, bound_codings, first_new, *out);
  // A fault both the base type and a profile see (a missing required element, a code outside a
  // required value set) is one fault: keep the first report.
  // (Most resources have at most one issue: nothing to merge, nothing to copy into the set.)
  std::set<std::tuple<std::string, std::string, uint32_t, uint32_t>> seen;
  const bool may_repeat = out->size() - first_new > 1;
  size_t kept = first_new;
  for (size_t i = first_new; i < out->size(); ++i) {
    fhir::Issue& issue = (*out)[i];
    if (may_repeat && !seen.emplace(issue.message_id, issue.location, issue.line, issue.column).second) continue;
    if (issue.message_id == "code-display-wrong" && vouched.contains({issue.line, issue.column})) continue;
    if (kept != i) (*out)[kept] = std::move(issue);
    ++kept;
  }
  out->resize(kept);
  if (options.report_unevaluated_invariants && unevaluated > 0) {
    fhir::Issue issue;
    issue.severity = fhir::Severity::kInformation;
    issue.type = fhir::IssueType::kNotSupported;
    issue.location = std::string(root->resource_type());
    issue.message_id = "invariants-not-evaluated";
    issue.text = fhir::Concat(unevaluated,
                              " invariant checks (FHIRPath constraints) were not evaluated: their expressions do not compile");
    out->push_back(std::move(issue));
  }
}

}  // namespace conformance
