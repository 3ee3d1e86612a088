// File: tests/fhir/xhtml_canonical.cc
#include "tests/fhir/xhtml_canonical.h"

#include <expat.h>

namespace fhir::testing {
namespace {

struct State {
  std::string out;
  std::string text;
};

void Flush(State& s) {
  if (s.text.find_first_not_of(" \t\r\n") != std::string::npos) s.out += s.text;
  s.text.clear();
}

void OnStart(void* data, const XML_Char* name, const XML_Char** atts) {
  State& s = *static_cast<State*>(data);
  Flush(s);
  s.out += "<";
  s.out += name;
  for (size_t i = 0; atts[i] != nullptr; i += 2) {
    s.out += " ";
    s.out += atts[i];
    s.out += "=\"";
    s.out += atts[i + 1];
    s.out += "\"";
  }
  s.out += ">";
}

void OnEnd(void* data, const XML_Char* name) {
  State& s = *static_cast<State*>(data);
  Flush(s);
  s.out += "</";
  s.out += name;
  s.out += ">";
}

void OnText(void* data, const XML_Char* text, int len) {
  static_cast<State*>(data)->text.append(text, static_cast<size_t>(len));
}

}  // namespace

std::string CanonicalXhtml(std::string_view xhtml) {
  State state;
  XML_Parser parser = XML_ParserCreateNS(nullptr, '|');
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(parser, OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser, OnText);
  bool ok = XML_Parse(parser, xhtml.data(), static_cast<int>(xhtml.size()), XML_TRUE) == XML_STATUS_OK;
  XML_ParserFree(parser);
  return ok ? state.out : "<unparseable>" + std::string(xhtml);
}

}  // namespace fhir::testing
