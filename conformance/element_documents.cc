// File: conformance/element_documents.cc
// ElementWalker's rules for document Bundles (FHIR R4 Documents): a document is the Composition
// and what hangs from it, so each entry must be linked to the Composition by references, and a
// stylesheet the document names must be one it carries (or the FHIR stylesheet).
#include <deque>

#include "absl/container/flat_hash_map.h"
#include "conformance/element_walker.h"
#include "fhir/text.h"

namespace conformance {

using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;

namespace {

// Every Reference.reference value inside `e` (contained resources included).
void CollectReferences(const Element& e, std::vector<std::string_view>* out) {
  for (const fhir::Property& p : e.props()) {
    for (const Element& child : p.elements()) {
      if (p.name == "reference" && child.has_value()) {
        out->push_back(child.value);
      } else if (!child.props().empty()) {
        CollectReferences(child, out);
      }
    }
  }
}

constexpr std::string_view kFhirStylesheet = "https://hl7.org/fhir/fhir.css";

}  // namespace

void ElementWalker::DocumentChecks(const Element& bundle) {
  if (bundles_.empty()) return;
  const BundleIndex& b = *bundles_.back();
  const fhir::Property* entries = bundle.Find("entry");
  const uint32_t n = entries == nullptr ? 0 : entries->size;
  absl::flat_hash_map<const Element*, uint32_t> entry_of;
  for (uint32_t k = 0; k < n; ++k) {
    if (const Element* r = entries->items[k].First("resource")) entry_of.try_emplace(r, k);
  }
  const Element* composition = n == 0 ? nullptr : entries->items[0].First("resource");
  std::string_view composition_url = n == 0 ? std::string_view() : entries->items[0].ValueOf("fullUrl");

  // Stylesheets: one the Bundle carries (found like a reference from the Composition), or an
  // external one, which should be the FHIR stylesheet and should be fetched securely.
  std::vector<uint32_t> roots;
  if (n > 0) roots.push_back(0);
  if (const fhir::Property* links = bundle.Find("link")) {
    for (uint32_t k = 0; k < links->size; ++k) {
      const Element& link = links->items[k];
      const Element* url = link.First("url");
      if (link.ValueOf("relation") != "stylesheet" || url == nullptr) continue;
      path_.push_back({"link", static_cast<int32_t>(k), {}, nullptr});
      path_.push_back({"url", -1, {}, nullptr});
      const Element* carried = ResolveFrom(b, url->value, composition_url);
      if (carried != nullptr) {
        if (auto it = entry_of.find(carried); it != entry_of.end()) roots.push_back(it->second);
      } else if (url->value.find("://") == std::string_view::npos) {
        Report(Severity::kError, IssueType::kNotFound, url->offset, "document-stylesheet-unresolved",
               Concat("the stylesheet '", url->value, "' is not in the document Bundle"));
      } else if (url->value != kFhirStylesheet) {
        Report(Severity::kWarning, IssueType::kBusinessRule, url->offset, "document-stylesheet-external",
               Concat("external stylesheets other than ", kFhirStylesheet, " should not be used: carry it in the Bundle"));
        if (url->value.starts_with("http:")) {
          Report(Severity::kWarning, IssueType::kSecurity, url->offset, "document-stylesheet-insecure",
                 "the stylesheet is fetched without TLS (http:)");
        }
      }
      path_.pop_back();
      path_.pop_back();
    }
  }
  if (composition == nullptr || composition->resource_type() != "Composition") return;  // bdl-11's to say

  // References between entries, both ways.
  std::vector<std::vector<uint32_t>> forward(n), backward(n);
  std::vector<std::string_view> refs;
  for (uint32_t k = 0; k < n; ++k) {
    const Element* resource = entries->items[k].First("resource");
    if (resource == nullptr) continue;
    refs.clear();
    CollectReferences(*resource, &refs);
    const std::string_view own_url = entries->items[k].ValueOf("fullUrl");
    for (std::string_view ref : refs) {
      const Element* target = ResolveFrom(b, ref, own_url);
      auto it = target == nullptr ? entry_of.end() : entry_of.find(target);
      if (it == entry_of.end() || it->second == k) continue;
      forward[k].push_back(it->second);
      backward[it->second].push_back(k);
    }
  }
  // 0: not reached; 1: reached following references from the Composition (or a stylesheet it
  // uses); 2: reached only by also following references backwards (a resource that refers to
  // the document, as a Provenance does).
  std::vector<uint8_t> reached(n, 0);
  auto spread = [&](bool both_ways, uint8_t mark) {
    std::deque<uint32_t> queue;
    for (uint32_t k = 0; k < n; ++k) {
      if (reached[k] != 0) queue.push_back(k);
    }
    while (!queue.empty()) {
      const uint32_t k = queue.front();
      queue.pop_front();
      auto visit = [&](const std::vector<uint32_t>& edges) {
        for (uint32_t j : edges) {
          if (reached[j] != 0) continue;
          reached[j] = mark;
          queue.push_back(j);
        }
      };
      visit(forward[k]);
      if (both_ways) visit(backward[k]);
    }
  };
  for (uint32_t r : roots) reached[r] = 1;
  spread(false, 1);
  spread(true, 2);
  for (uint32_t k = 1; k < n; ++k) {
    const Element& entry = entries->items[k];
    const Element* resource = entry.First("resource");
    if (resource == nullptr || reached[k] == 1) continue;
    path_.push_back({"entry", static_cast<int32_t>(k), {}, nullptr});
    if (reached[k] == 0) {
      Report(Severity::kError, IssueType::kInvalid, entry.offset, "document-entry-unreachable",
             Concat("the entry '", entry.ValueOf("fullUrl"), "' is linked to the Composition by no reference,"
                    " in either direction: a document carries only what its Composition needs"));
    } else if (resource->resource_type() != "Provenance") {
      Report(Severity::kWarning, IssueType::kInvalid, entry.offset, "document-entry-not-referenced",
             Concat("the entry '", entry.ValueOf("fullUrl"), "' is not referenced from the Composition, only refers to"
                    " the document; the Documents page allows that for Provenance"));
    }
    path_.pop_back();
  }
}

}  // namespace conformance
