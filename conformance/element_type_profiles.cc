// File: conformance/element_type_profiles.cc
// ElementWalker's walks against other profiles: WalkAgainst / Conforms (used by slicing,
// reference targets and conformsTo()), and the check of an element against the profiles its
// type names (HumanName with profile X, Quantity with SimpleQuantity, a Bundle entry's resource
// with an IG's profile): with one profile the element must conform to it; with several, to at
// least one, and when it conforms to none each profile's findings are reported under an error
// that names them all. And a contained or entry resource's own meta.profile.
#include "conformance/element_walker.h"
#include "fhir/text.h"

namespace conformance {

using fhir::Append;
using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;

namespace {

// How deep Conforms() may nest (a profile walk inside a profile walk...).
constexpr int kMaxConformsDepth = 6;

}  // namespace

void ElementWalker::ContinueFrom(const ElementWalker& outer) {
  path_ = outer.path_;
  resources_ = outer.resources_;
  bundles_ = outer.bundles_;
  extension_policy_ = outer.extension_policy_;
  html_in_markdown_is_error_ = outer.html_in_markdown_is_error_;
  wrong_display_is_error_ = outer.wrong_display_is_error_;
  assume_valid_rest_references_ = outer.assume_valid_rest_references_;
}

void ElementWalker::WalkAgainst(const Element& value, const Profile& profile, int depth, fhir::IssueList* out) {
  ElementWalker inner(registry_, doc_, out, Mode::kProfile, profile.url);
  inner.ContinueFrom(*this);
  inner.owners_ = owners_;
  const bool bundle = value.is_resource && value.resource_type() == "Bundle";
  if (bundle) inner.IndexBundle(value);  // references inside it resolve to its entries
  if (value.is_resource) inner.resources_.push_back(&value);
  inner.Node(value, ElementRef{&profile, 0}, value.is_resource ? value.resource_type() : std::string_view(profile.type),
             depth);
  // The inner walk starts from this one's place: what it read of it, this walk read.
  not_repeatable_ += inner.not_repeatable_;
}

bool ElementWalker::Conforms(const Element& value, const Profile& profile) {
  NotRepeatable();  // its answer depends on how deep conformance checks nest here
  if (value.is_resource && value.resource_type() != profile.type) return false;
  // Targets that reference each other through target profiles would recurse without end: past
  // a few levels the question is taken as answered (the outer levels still check their own).
  thread_local int depth = 0;
  if (depth >= kMaxConformsDepth) return true;
  struct Level {
    Level() { ++depth; }
    ~Level() { --depth; }
  } level;
  fhir::IssueList findings;
  WalkAgainst(value, profile, 0, &findings);
  return !fhir::HasErrors(findings);
}

void ElementWalker::TypeProfiles(const Element& e, const ElementRule& rule, std::string_view type_code, int depth) {
  // The profiles of the element's type; a nested resource also takes those listed under
  // Resource (Bundle.entry.resource: Resource with a profile per kind of entry).
  std::vector<const std::string*> urls;
  for (const TypeRef& t : rule.types) {
    if (t.code == type_code || (e.is_resource && (t.code == "Resource" || t.code == "DomainResource"))) {
      for (const std::string& url : t.profiles) urls.push_back(&url);
    }
  }
  if (urls.empty()) return;
  std::vector<const Profile*> profiles;
  for (const std::string* url_ptr : urls) {
    const std::string& url = *url_ptr;
    const Profile* p = registry_.FindProfile(url);
    if (p == nullptr) {
      // What the profile asks cannot be checked: say so rather than pass the element.
      const bool known_gap = DependencyNotLoaded();
      Report(known_gap ? Severity::kWarning : Severity::kError, IssueType::kNotFound, e.offset, "type-profile-unknown",
             Concat("the profile ", url, " that this ", type_code, " must conform to is not loaded",
                    known_gap ? " (a package this profile's package depends on is not loaded)" : ""));
      continue;
    }
    // A profile that only restates the type (R4's own snapshots name the base type) adds nothing.
    if (p != nullptr && !p->IsBaseType() && p->type == type_code) profiles.push_back(p);
  }
  if (profiles.empty()) return;
  std::vector<fhir::IssueList> findings(profiles.size());
  for (size_t k = 0; k < profiles.size(); ++k) {
    WalkAgainst(e, *profiles[k], depth + 1, &findings[k]);
    if (!fhir::HasErrors(findings[k])) {
      // It conforms to this one: warnings and information of the matching profile still count.
      for (fhir::Issue& i : findings[k]) out_->push_back(std::move(i));
      return;
    }
  }
  if (profiles.size() > 1) {
    std::string names;
    for (const Profile* p : profiles) Append(&names, names.empty() ? "" : ", ", p->url);
    Report(Severity::kError, IssueType::kStructure, e.offset, "type-profile-no-match",
           Concat("the ", type_code, " matches none of the profiles its type allows: ", names));
  }
  for (fhir::IssueList& list : findings) {
    for (fhir::Issue& i : list) out_->push_back(std::move(i));
  }
}

void ElementWalker::DeclaredProfiles(const Element& res, int depth) {
  const Element* meta = res.First("meta");
  const fhir::Property* declared = meta == nullptr ? nullptr : meta->Find("profile");
  for (std::string_view url : registry_.MandatedProfiles(res)) {
    bool named = false;  // declared too: walked once, below
    for (uint32_t k = 0; declared != nullptr && k < declared->size; ++k) named = named || declared->items[k].value == url;
    if (const Profile* profile = registry_.FindProfile(url); profile != nullptr && !named) WalkDeclared(res, *profile, depth);
  }
  for (uint32_t k = 0; declared != nullptr && k < declared->size; ++k) {
    const Element& url = declared->items[k];
    const Profile* profile = registry_.FindProfile(url.value);
    if (profile == nullptr) {
      path_.push_back({"meta", -1, {}, nullptr});
      path_.push_back({"profile", declared->is_array ? static_cast<int32_t>(k) : -1, {}, nullptr});
      Report(Severity::kWarning, IssueType::kNotFound, url.offset, "profile-not-loaded",
             Concat("profile ", url.value, " is not loaded, so the resource was not checked against it"));
      path_.pop_back();
      path_.pop_back();
      continue;
    }
    if (profile->type != res.resource_type()) {
      Report(Severity::kError, IssueType::kStructure, res.offset, "profile-wrong-type",
             Concat("the profile ", profile->url, " is for ", profile->type, ", not ", res.resource_type()));
      continue;
    }
    WalkDeclared(res, *profile, depth);
  }
}

void ElementWalker::WalkDeclared(const Element& res, const Profile& profile, int depth) {
  ElementWalker inner(registry_, doc_, out_, Mode::kProfile, profile.url);
  inner.ContinueFrom(*this);
  inner.bound_codings_ = bound_codings_;
  if (res.resource_type() == "Bundle") inner.IndexBundle(res);
  inner.resources_.push_back(&res);
  inner.Node(res, ElementRef{&profile, 0}, res.resource_type(), depth);
}

}  // namespace conformance
