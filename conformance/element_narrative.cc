// File: conformance/element_narrative.cc
// ElementWalker's check of a Narrative against a profile's narrative controls (extensions on
// its ElementDefinition): language sections prohibited (_no), required (_yes) or required for
// the resource's language (_resource); and source attribution, a class of boilerplate,
// generated, original, extensions or additional on each top-level part, at the severity the
// profile asks for.
#include <algorithm>

#include "conformance/element_walker.h"
#include "conformance/narrative_sections.h"
#include "fhir/text.h"

namespace conformance {

using fhir::Append;
using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;

namespace {

bool HasSourceClass(std::string_view classes) {
  for (std::string_view source : {"boilerplate", "generated", "original", "extensions", "additional"}) {
    for (size_t at = classes.find(source); at != std::string_view::npos; at = classes.find(source, at + 1)) {
      const size_t end = at + source.size();
      if ((at == 0 || classes[at - 1] == ' ') && (end == classes.size() || classes[end] == ' ')) return true;
    }
  }
  return false;
}

}  // namespace

void ElementWalker::NarrativeControls(const Element& narrative, const ElementRule& rule) {
  NotRepeatable();  // may read the resource's language
  const Element* div = narrative.First("div");
  if (div == nullptr) return;
  const std::vector<NarrativeNode> nodes = TopLevelNodes(div->value);
  std::vector<std::string_view> langs;
  for (const NarrativeNode& n : nodes) {
    if (!n.is_text && !n.lang.empty()) langs.push_back(n.lang);
  }
  std::string listed;
  for (std::string_view l : langs) Append(&listed, listed.empty() ? "" : ", ", l);
  const std::string& control = rule.narrative_language_control;
  if (control == "_no" && !langs.empty()) {
    Report(Severity::kError, IssueType::kBusinessRule, narrative.offset, "narrative-language-sections-prohibited",
           Concat("the narrative has language sections (", listed, "), but the profile prohibits them here"));
  } else if (control == "_yes" && langs.empty()) {
    Report(Severity::kError, IssueType::kBusinessRule, narrative.offset, "narrative-language-sections-required",
           "the narrative has no language sections, but the profile requires them here");
  } else if (control == "_resource" && !resources_.empty()) {
    std::string_view language = resources_.back()->ValueOf("language");
    if (!language.empty() && std::find(langs.begin(), langs.end(), language) == langs.end()) {
      Report(Severity::kError, IssueType::kBusinessRule, narrative.offset, "narrative-language-section-missing",
             Concat("the profile requires a section of the narrative in the resource's language (", language,
                    "); it has ", listed.empty() ? std::string("none") : listed));
    }
  }
  if (rule.narrative_source_control.empty()) return;
  const std::string_view level = rule.narrative_source_control;
  const Severity severity = level == "fatal"         ? Severity::kFatal
                            : level == "error"       ? Severity::kError
                            : level == "information" ? Severity::kInformation
                                                     : Severity::kWarning;
  for (const NarrativeNode& n : nodes) {
    if (!n.is_text && HasSourceClass(n.css_class)) continue;
    Report(severity, IssueType::kBusinessRule, narrative.offset, "narrative-source-missing",
           Concat(n.is_text ? Concat("the text '", std::string_view(n.text).substr(0, 40), "'")
                            : Concat("the <", n.text, "> element"),
                  " has no class saying its source (boilerplate, generated, original, extensions or additional),"
                  " which the profile requires"));
  }
}

}  // namespace conformance
