// File: conformance/element_extensions.cc
// ElementWalker's checks of extensions: the url, the definition it names (or what to make of
// one no loaded package defines), the contexts and context invariants of the definition, and
// the parts of a complex extension.
#include <algorithm>

#include "conformance/element_walker.h"
#include "fhir/text.h"

namespace conformance {
namespace {

using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;

// The host of an absolute url ("http://example.org/fhir/x" -> "example.org").
std::string_view Host(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  return rest.substr(0, rest.find_first_of("/:?#"));
}

// Example hosts: RFC 2606's reserved domains, and acme.com, the fictional company of FHIR's own
// examples; a subdomain of one is one too.
bool IsExampleUrl(std::string_view url) {
  std::string_view host = Host(url);
  for (std::string_view domain : {"example.org", "example.com", "example.net", "acme.com"}) {
    if (host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                           host[host.size() - domain.size() - 1] == '.')) {
      return true;
    }
  }
  return false;
}

}  // namespace

void ElementWalker::UnknownExtension(const Element& ext, std::string_view url) {
  const bool example = IsExampleUrl(url);
  if (example && !extension_policy_.examples_allowed) {
    path_.push_back({"url", -1, {}, nullptr});
    Report(Severity::kError, IssueType::kBusinessRule, ext.First("url")->offset, "extension-example-url",
           Concat("example urls are not allowed here (", url, ")"));
    path_.pop_back();
  }
  bool accepted = example && extension_policy_.examples_allowed;
  if (extension_policy_.domains != nullptr) {
    for (const std::string& d : *extension_policy_.domains) accepted = accepted || url.starts_with(d);
  }
  // Severity as for any unknown extension (the HL7 validator and R4's own examples agree); the
  // separate id and text make an unknown *modifier* stand out, as receivers must not process
  // data they do not understand.
  Severity severity = accepted                              ? Severity::kInformation
                      : extension_policy_.unknown_are_errors ? Severity::kError
                                                             : Severity::kWarning;
  Report(severity, IssueType::kStructure, ext.offset, modifier_ ? "modifier-extension-unknown" : "extension-unknown",
         Concat(modifier_ ? "unknown modifier extension " : "unknown extension ", url,
                modifier_ ? " (no loaded package defines it; receivers must not process data they do not understand)"
                          : " (no loaded package defines it)"));
}

void ElementWalker::Extension(const Element& ext, int depth, bool nested) {
  NotRepeatable();  // its context is where it stands (owners_, the resource)
  std::string_view url = ext.ValueOf("url");
  const Profile* def = url.empty() ? nullptr : registry_.FindProfile(url);
  if (mode_ == Mode::kProfile) return;
  const bool absolute = url.find("://") != std::string_view::npos || url.starts_with("urn:");
  if (url.empty()) {
    Report(Severity::kError, IssueType::kStructure, ext.offset, "extension-no-url", "an extension must have a url");
  } else if (url.find('|') != std::string_view::npos) {
    // Located on the extension by its url, as the HL7 validator writes it; the definition (of
    // the bare url) is still applied, and its fixed url then reports the url itself.
    Report(Severity::kError, IssueType::kStructure, ext.First("url")->offset, "extension-url-versioned",
           Concat("an extension url must not carry a version ('", url, "')"));
    out_->back().location += Concat("[url='", url, "']");
  } else if (!absolute && !nested) {
    // Relative URLs only name the parts of a complex extension.
    Report(Severity::kError, IssueType::kStructure, ext.offset, "extension-url-not-absolute",
           Concat("the extension url '", url, "' must be an absolute URL"));
  } else if (def == nullptr) {
    // Relative URLs name sub-extensions of a complex extension; absolute unknown ones are
    // reported so a missing package is noticed.
    if (url.find("://") != std::string_view::npos || url.starts_with("urn:")) UnknownExtension(ext, url);
  } else if (def->type != "Extension") {
    Report(Severity::kError, IssueType::kStructure, ext.offset, "extension-not-an-extension",
           Concat(url, " is a ", def->type, " definition, not an extension"));
    def = nullptr;
  }
  // Structure against the base Extension type; then against its own definition.
  const Profile* base = registry_.BaseType("Extension");
  if (base != nullptr) Node(ext, ElementRef{base, 0}, "Extension", depth);
  if (def != nullptr) {
    ExtensionContext(ext, *def);
    SubExtensionUrls(ext, *def);
    ElementWalker inner(registry_, doc_, out_, Mode::kProfile, def->url);
    inner.ContinueFrom(*this);
    inner.Node(ext, ElementRef{def, 0}, "Extension", depth);
  }
}

void ElementWalker::SubExtensionUrls(const Element& ext, const Profile& def) {
  const fhir::Property* parts = ext.Find("extension");
  if (parts == nullptr) return;
  // The parts a complex extension defines: its Extension.extension slices, named by their url.
  std::vector<std::string_view> defined;
  for (const ElementRule& rule : def.elements) {
    if (rule.path != "Extension.extension" || rule.slice_name.empty()) continue;
    defined.push_back(rule.slice_name);
  }
  for (const ElementRule& rule : def.elements) {
    if (rule.path == "Extension.extension.url" && rule.fixed != nullptr) defined.push_back(rule.fixed->value);
  }
  if (defined.empty()) return;  // not a complex extension
  for (uint32_t i = 0; i < parts->size; ++i) {
    std::string_view url = parts->items[i].ValueOf("url");
    if (url.empty() || url.find("://") != std::string_view::npos || url.starts_with("urn:")) continue;
    if (std::find(defined.begin(), defined.end(), url) != defined.end()) continue;
    path_.push_back({"extension", static_cast<int32_t>(i), {}, nullptr});
    Report(Severity::kError, IssueType::kStructure, parts->items[i].offset, "extension-part-undefined",
           Concat("sub-extension url '", url, "' is not defined by the extension ", def.url));
    // Located with its url, as the HL7 validator writes it: ...extension[1][url='x'].
    out_->back().location += Concat("[url='", url, "']");
    path_.pop_back();
  }
}

bool ElementWalker::ContextAllows(const Profile& def) {
  if (def.contexts.empty() || owners_.empty()) return true;
  const Owner& at = owners_.back();
  for (const auto& [type, expression] : def.contexts) {
    if (type == "fhirpath") {
      // The expression, evaluated on the resource, selects the elements that may hold it.
      const Element* res = resources_.empty() ? nullptr : resources_.back();
      if (res != nullptr && at.element != nullptr) {
        if (auto selected = EvaluateAt(expression, *res, res->resource_type(), nullptr)) {
          for (const fhirpath::Item& item : *selected) {
            if (item.is_node() && item.node == at.element) return true;
          }
          continue;
        }
      }
      // When it cannot be evaluated: an expression rooted in a path ("Patient.address
      // .where(...)") can only select elements at that path; one that roams (descendants,
      // resolve) is given the benefit of the doubt.
      std::string_view rooted = expression;
      if (rooted.find("descendants") != std::string_view::npos || rooted.find("resolve") != std::string_view::npos ||
          rooted.find("repeat") != std::string_view::npos) {
        return true;
      }
      size_t call = rooted.find('(');
      if (call != std::string_view::npos) {
        rooted = rooted.substr(0, call);
        size_t dot = rooted.rfind('.');
        rooted = dot == std::string_view::npos ? std::string_view() : rooted.substr(0, dot);
      }
      if (rooted.empty() || rooted == at.path() || rooted == at.type) return true;
      continue;
    }
    if (type == "extension") {
      // Anywhere inside that extension, its value included.
      for (const Owner& o : owners_) {
        if (o.extension_url() == expression) return true;
      }
      continue;
    }
    if (expression == "Element" || expression == at.path() || expression == at.type ||
        (!at.referenced_path().empty() && expression == at.referenced_path())) {
      return true;
    }
    if ((expression == "Resource" || expression == "DomainResource") && at.element->is_resource) return true;
    if (expression == "BackboneElement" && at.type == "BackboneElement") return true;
  }
  return false;
}

void ElementWalker::ExtensionContext(const Element& ext, const Profile& def) {
  if (owners_.empty()) return;
  const Owner& at = owners_.back();
  if (ContextAllows(def)) {
    // Context invariants: FHIRPath rules on the holder, with %extension the extension.
    for (const std::string& invariant : def.context_invariants) {
      if (at.element == nullptr) break;
      std::optional<fhirpath::Collection> r = EvaluateAt(invariant, *at.element, at.type, &ext);
      if (!r) continue;
      if (r->size() == 1 && (*r)[0].type == fhirpath::ValueType::kBoolean && !(*r)[0].boolean) {
        // On the element that holds the extension, as context mismatches are.
        Segment self = path_.back();
        path_.pop_back();
        Report(Severity::kError, IssueType::kInvariant, ext.offset, "extension-context-invariant",
               Concat("the extension ", def.url, " is not allowed here: its context invariant '", invariant,
                      "' is false"));
        path_.push_back(self);
      }
    }
    return;
  }
  // HL7's own packages declare contexts that R4 content (R4's own snapshots included) does not
  // keep to, and the extensions pack writes them for several FHIR versions at once: for their
  // extensions a mismatch is a warning. Other definitions (IGs, a user's own) are held to theirs.
  const bool hl7_core = def.package.starts_with("hl7.fhir.r4.core#") || def.package.starts_with("hl7.fhir.uv.extensions");
  // Reported on the element that holds the extension, as the HL7 validator does.
  Segment self = path_.back();
  path_.pop_back();
  Report(hl7_core ? Severity::kWarning : Severity::kError, IssueType::kStructure, ext.offset, "extension-context",
         Concat("the extension ", def.url, " is not allowed here (this element is ", at.path(),
                at.type != at.path() ? Concat(", ", at.type) : std::string(), ")"));
  path_.push_back(self);
}

}  // namespace conformance
