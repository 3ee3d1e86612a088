// File: mappers/common.cc
// Small builders every mapper uses.
#include <charconv>

#include "mappers/mappers.h"

namespace mappers {

fhir::Node CodeableExtension(std::string_view url, fhir::Node codeable) {
  fhir::Node ext;
  ext.Set("url", url).Put("valueCodeableConcept", std::move(codeable));
  return ext;
}

fhir::Node SingleCoding(std::string_view system, std::string_view code, std::string_view display) {
  fhir::Node coding;
  coding.Set("system", system).Set("code", code);
  if (!display.empty()) coding.Set("display", display);
  fhir::Node codeable;
  codeable.Add("coding", std::move(coding));
  return codeable;
}

std::string DecimalText(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, end);
}

fhir::Node Narrative(std::string_view text) {
  std::string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";
  for (char c : text) {
    switch (c) {
      case '<': div += "&lt;"; break;
      case '>': div += "&gt;"; break;
      case '&': div += "&amp;"; break;
      default: div.push_back(c);
    }
  }
  div += "</div>";
  fhir::Node n;
  n.Set("status", "generated").Set("div", div);
  return n;
}

}  // namespace mappers
