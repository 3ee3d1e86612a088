// File: conformance/fhirpath/xhtml_checks.cc
#include "conformance/fhirpath/xhtml_checks.h"

#include <algorithm>
#include <span>

#include "fhir/text.h"

namespace conformance::fhirpath {
namespace {

// HTML 4.0 chapters 7-11 (minus forms' section of chapter 9) and 11, <a>, images: the FHIR list.
constexpr std::string_view kElements[] = {
    "a", "abbr", "acronym", "address", "area", "b", "bdo", "big", "blockquote", "br", "caption", "cite",
    "code", "col", "colgroup", "dd", "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "kbd", "li", "map", "ol", "p", "pre", "q", "samp", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "ul", "var",
};

constexpr std::string_view kAttributes[] = {
    "abbr", "accesskey", "align", "alt", "axis", "bgcolor", "border", "cellhalign", "cellpadding",
    "cellspacing", "cellvalign", "char", "charoff", "charset", "cite", "class", "colspan", "compact",
    "coords", "datetime", "dir", "frame", "headers", "height", "href", "hreflang", "hspace", "id", "lang",
    "longdesc", "name", "nowrap", "rel", "rev", "rowspan", "rules", "scope", "shape", "span", "src", "start",
    "style", "summary", "tabindex", "title", "type", "valign", "value", "vspace", "width", "xml:lang", "xml:space",
    "xmlns", "xmlns:xhtml",
};

bool Allowed(std::string_view name, std::span<const std::string_view> list) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '-' ||
         c == '_' || c == '.';
}

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return r;
}

}  // namespace

std::string CheckNarrativeXhtml(std::string_view x) {
  bool first = true;
  bool content = false;  // non-whitespace text or an image (txt-2)
  size_t i = 0;
  size_t text_from = 0;
  auto scan_text = [&](size_t end) {
    for (size_t k = text_from; k < end && !content; ++k) {
      content = x[k] != ' ' && x[k] != '\t' && x[k] != '\r' && x[k] != '\n';
    }
  };
  while ((i = x.find('<', i)) != std::string_view::npos) {
    scan_text(i);
    if (x.substr(i).starts_with("<!--")) {
      size_t end = x.find("-->", i + 4);
      if (end == std::string_view::npos) return "unterminated comment";
      i = end + 3;
      text_from = i;
      continue;
    }
    if (x.substr(i).starts_with("<!") || x.substr(i).starts_with("<?")) {
      return "processing instructions and declarations are not allowed";
    }
    bool closing = i + 1 < x.size() && x[i + 1] == '/';
    size_t p = i + (closing ? 2 : 1);
    size_t start = p;
    while (p < x.size() && IsNameChar(x[p])) ++p;
    std::string name = Lower(x.substr(start, p - start));
    // Strip a namespace prefix (xhtml:div).
    if (size_t colon = name.find(':'); colon != std::string::npos) name = name.substr(colon + 1);
    if (!Allowed(name, kElements)) return fhir::Concat("element <", name, "> is not allowed");
    if (name == "img") content = true;
    if (!closing && first) {
      if (name != "div") return "the narrative's root element must be <div>";
    }
    // Attributes up to '>' (quoted values may hold '>').
    while (p < x.size() && x[p] != '>') {
      if (x[p] == ' ' || x[p] == '\t' || x[p] == '\r' || x[p] == '\n' || x[p] == '/') {
        ++p;
        continue;
      }
      size_t a = p;
      while (p < x.size() && IsNameChar(x[p])) ++p;
      if (p == a) return "malformed tag";
      std::string attr = Lower(x.substr(a, p - a));
      std::string_view value;
      while (p < x.size() && x[p] == ' ') ++p;
      if (p < x.size() && x[p] == '=') {
        ++p;
        while (p < x.size() && x[p] == ' ') ++p;
        if (p < x.size() && (x[p] == '"' || x[p] == '\'')) {
          size_t end = x.find(x[p], p + 1);
          if (end == std::string_view::npos) return "unterminated attribute value";
          value = x.substr(p + 1, end - p - 1);
          p = end + 1;
        }
      }
      if (attr.starts_with("on")) return fhir::Concat("event handler attribute '", attr, "' is not allowed");
      if (!Allowed(attr, kAttributes) && !attr.starts_with("xmlns")) {
        return fhir::Concat("attribute '", attr, "' is not allowed on <", name, ">");
      }
      if ((attr == "href" || attr == "src") && Lower(value).find("javascript:") != std::string::npos) {
        return "javascript: links are not allowed";
      }
    }
    first = false;
    i = p;
    text_from = p + 1;
  }
  if (first) return "the narrative has no <div> root";
  scan_text(x.size());
  if (!content) return "the narrative has no content (only whitespace)";
  return {};
}

}  // namespace conformance::fhirpath
