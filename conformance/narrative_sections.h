// File: conformance/narrative_sections.h
// The top level of a narrative's xhtml <div>: its child elements (with their lang and class
// attributes) and its loose text, for the profile rules on language sections and on source
// attribution (narrative-language-control, narrative-source-control).
#ifndef FHIRGW_CONFORMANCE_NARRATIVE_SECTIONS_H_
#define FHIRGW_CONFORMANCE_NARRATIVE_SECTIONS_H_

#include <string>
#include <string_view>
#include <vector>

namespace conformance {

struct NarrativeNode {
  bool is_text = false;  // loose text (not white space) directly in the root div
  std::string text;      // the text, or the element's name
  std::string lang;      // lang or xml:lang
  std::string css_class;
};

// The direct children of the root element of `xhtml` (well-formed XHTML is assumed: the
// readers and the xhtml checks report malformed narrative).
std::vector<NarrativeNode> TopLevelNodes(std::string_view xhtml);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_NARRATIVE_SECTIONS_H_
