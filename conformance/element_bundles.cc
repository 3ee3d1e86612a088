// File: conformance/element_bundles.cc
// ElementWalker's Bundle rules: entry fullUrls and requests, and references resolved inside the
// Bundle (entries are indexed by fullUrl once per Bundle, in Resource()).
#include "conformance/element_walker.h"

#include <algorithm>
#include "fhir/text.h"

namespace conformance {

using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;

bool ElementWalker::InDocumentComposition() const {
  if (resources_.size() < 2) return false;
  const Element* entry_resource = resources_[resources_.size() - 1];
  for (size_t i = resources_.size(); i-- > 0;) {
    if (resources_[i]->resource_type() == "Bundle") break;
    entry_resource = resources_[i];
  }
  return entry_resource->resource_type() == "Composition";
}

namespace {

std::string_view VersionIdOf(const Element& resource) {
  const Element* meta = resource.First("meta");
  return meta == nullptr ? std::string_view() : meta->ValueOf("versionId");
}

}  // namespace

const Element* ElementWalker::ResolveInBundle(std::string_view target) const {
  if (bundles_.empty()) return nullptr;
  const BundleIndex& b = *bundles_.back();
  // Relative references resolve against the innermost enclosing entry's fullUrl.
  std::string_view referrer;
  for (auto r = resources_.rbegin(); r != resources_.rend() && referrer.empty(); ++r) {
    if (auto own = b.full_url_of.find(*r); own != b.full_url_of.end()) referrer = own->second;
  }
  return ResolveFrom(b, target, referrer);
}

const Element* ElementWalker::ResolveFrom(const BundleIndex& b, std::string_view target, std::string_view referrer) {
  // A versioned reference (".../Type/id/_history/2") names the entry of that fullUrl whose
  // meta.versionId is 2.
  if (size_t history = target.find("/_history/"); history != std::string_view::npos) {
    const std::string_view version = target.substr(history + 10);
    const Element* first = ResolveFrom(b, target.substr(0, history), referrer);
    if (first == nullptr || VersionIdOf(*first) == version) return first;
    // An entry that does not say its version is taken to be the one meant.
    if (VersionIdOf(*first).empty()) return first;
    const std::string_view full_url = b.full_url_of.at(first);
    for (const Element* other : b.versions) {
      if (b.full_url_of.at(other) == full_url && VersionIdOf(*other) == version) return other;
    }
    return nullptr;
  }
  if (target.find("://") != std::string_view::npos || target.starts_with("urn:")) {
    auto it = b.by_full_url.find(target);
    return it == b.by_full_url.end() ? nullptr : it->second;
  }
  // Relative: against the base of the referring entry's RESTful fullUrl (".../Type/id").
  if (referrer.empty()) return nullptr;
  if (referrer.starts_with("urn:uuid:")) {
    // Entries named by UUID: "Type/id" stands for the entry urn:uuid:id (as the HL7
    // validator resolves it), whose type must then be Type.
    size_t slash = target.find('/');
    if (slash == std::string_view::npos) return nullptr;
    auto it = b.by_full_url.find(Concat("urn:uuid:", target.substr(slash + 1)));
    return it == b.by_full_url.end() ? nullptr : it->second;
  }
  size_t id_slash = referrer.rfind('/');
  size_t type_slash = id_slash == std::string_view::npos || id_slash == 0 ? std::string_view::npos
                                                                         : referrer.rfind('/', id_slash - 1);
  if (type_slash == std::string_view::npos || referrer.find("://") == std::string_view::npos) return nullptr;
  auto it = b.by_full_url.find(Concat(referrer.substr(0, type_slash + 1), target));
  return it == b.by_full_url.end() ? nullptr : it->second;
}

bool ElementWalker::HasOtherVersions(const Element& resource) const {
  if (bundles_.empty()) return false;
  const BundleIndex& b = *bundles_.back();
  auto own = b.full_url_of.find(&resource);
  if (own == b.full_url_of.end()) return false;
  for (const Element* other : b.versions) {
    if (other != &resource && b.full_url_of.at(other) == own->second) return true;
  }
  // `resource` may itself be a later version: the first of its fullUrl is then another.
  auto first = b.by_full_url.find(own->second);
  return first != b.by_full_url.end() && first->second != &resource;
}

void ElementWalker::BundleEntries(const Element& bundle) {
  // Navigation links (self, first, previous, next, last) name one page each: once per Bundle.
  if (const fhir::Property* links = bundle.Find("link")) {
    std::vector<std::string_view> seen;
    for (uint32_t k = 0; k < links->size; ++k) {
      std::string_view relation = links->items[k].ValueOf("relation");
      if (relation != "self" && relation != "first" && relation != "previous" && relation != "prev" &&
          relation != "next" && relation != "last") {
        continue;
      }
      if (std::find(seen.begin(), seen.end(), relation) == seen.end()) {
        seen.push_back(relation);
        continue;
      }
      path_.push_back({"link", static_cast<int32_t>(k), {}, nullptr});
      Report(Severity::kError, IssueType::kInvalid, links->items[k].offset, "bundle-link-repeated",
             Concat("the link relationship type '", relation, "' can only occur once"));
      path_.pop_back();
    }
  }
  const fhir::Property* entries = bundle.Find("entry");
  if (entries == nullptr) return;
  std::string_view type = bundle.ValueOf("type");
  const bool exchange = type == "transaction" || type == "batch" || type == "transaction-response" ||
                        type == "batch-response";
  for (uint32_t k = 0; k < entries->size; ++k) {
    const Element& entry = entries->items[k];
    path_.push_back({"entry", static_cast<int32_t>(k), {}, nullptr});
    const Element* full_url = entry.First("fullUrl");
    const Element* resource = entry.First("resource");
    // bdl-3 / bdl-4: requests belong to batches and transactions, responses to their responses.
    const bool request_type = type == "transaction" || type == "batch";
    const bool response_type = type == "transaction-response" || type == "batch-response";
    if (request_type != (entry.First("request") != nullptr)) {
      Report(Severity::kError, IssueType::kInvalid, entry.offset, "bundle-entry-request",
             request_type ? "every entry of a batch or transaction needs a request"
                          : "only batch and transaction entries may have a request");
    }
    if (response_type && entry.First("response") == nullptr) {
      Report(Severity::kError, IssueType::kInvalid, entry.offset, "bundle-entry-response",
             "every entry of a batch or transaction response needs a response");
    }
    // A RESTful fullUrl (".../Type/id") names the resource: it must be that type and id.
    if (full_url != nullptr && resource != nullptr && full_url->value.find("://") != std::string_view::npos) {
      std::string_view url = full_url->value;
      size_t id_slash = url.rfind('/');
      size_t type_slash = id_slash == std::string_view::npos || id_slash == 0 ? std::string_view::npos : url.rfind('/', id_slash - 1);
      if (type_slash != std::string_view::npos) {
        std::string_view url_type = url.substr(type_slash + 1, id_slash - type_slash - 1);
        std::string_view url_id = url.substr(id_slash + 1);
        const Profile* known = registry_.BaseType(url_type);
        if (known != nullptr && known->kind == "resource" &&
            (url_type != resource->resource_type() || url_id != resource->ValueOf("id"))) {
          Report(Severity::kError, IssueType::kInvalid, full_url->offset, "bundle-fullurl-mismatch",
                 Concat("the fullUrl '", url, "' looks like a RESTful URL, so it must end with the resource's type and id (/",
                        resource->resource_type(), "/", resource->ValueOf("id"), ")"));
        }
      }
    }
    // Search results may carry an OperationOutcome about the search itself (search.mode
    // "outcome"): it has no identity of its own.
    const Element* search = entry.First("search");
    const bool outcome = search != nullptr && search->ValueOf("mode") == "outcome";
    if (full_url == nullptr) {
      if (!exchange && !outcome && entry.First("resource") != nullptr) {
        Report(Severity::kError, IssueType::kInvalid, entry.offset, "bundle-entry-no-fullurl",
               "except in transactions and batches, every entry with a resource needs a fullUrl");
      }
    } else if (full_url->value.find(':') == std::string_view::npos) {
      Report(Severity::kError, IssueType::kInvalid, full_url->offset, "bundle-fullurl-not-absolute",
             Concat("the fullUrl must be an absolute URL (not '", full_url->value, "')"));
    }
    path_.pop_back();
  }
}

}  // namespace conformance
