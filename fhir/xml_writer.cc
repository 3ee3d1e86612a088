// File: fhir/xml_writer.cc
#include "fhir/xml_writer.h"

#include <string_view>

namespace fhir {
namespace {

// Escapes for an attribute value. White space other than the plain space is written as a
// character reference, because XML attribute normalisation would turn it into a space.
void AppendAttributeValue(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      case '\n': out.append("&#10;"); break;
      case '\r': out.append("&#13;"); break;
      case '\t': out.append("&#9;"); break;
      default: out.push_back(c);
    }
  }
}

class Writer {
 public:
  Writer(const XmlWriteOptions& options, std::string& out) : pretty_(options.pretty), out_(out) {}

  void Resource(const Element& e, int depth, bool root) {
    Indent(depth);
    out_.append("<").append(e.value);
    if (root) out_.append(" xmlns=\"http://hl7.org/fhir\"");
    if (e.property_count == 0) {
      out_.append("/>");
      return;
    }
    out_.append(">");
    Children(e, depth + 1, /*in_resource=*/true, /*in_extension=*/false);
    Indent(depth);
    out_.append("</").append(e.value).append(">");
  }

 private:
  // Writes element `e` named `name`. Attributes: `id` (on non-resources), `url` (on extensions),
  // `value`; everything else as child elements in tree order.
  void Element_(std::string_view name, const Element& e, int depth, bool is_extension) {
    if (e.is_resource) {
      Indent(depth);
      out_.append("<").append(name).append(">");
      Resource(e, depth + 1, false);
      Indent(depth);
      out_.append("</").append(name).append(">");
      return;
    }
    if (name == "div" && e.kind == ValueKind::kString) {
      Indent(depth);
      out_.append(e.value);  // narrative XHTML, kept as its text
      return;
    }
    Indent(depth);
    out_.append("<").append(name);
    bool has_children = false;
    for (const Property& p : e.props()) {
      if (IsAttribute(p, is_extension)) {
        out_.append(" ").append(p.name).append("=\"");
        AppendAttributeValue(p.items[0].value, out_);
        out_.append("\"");
      } else {
        has_children = true;
      }
    }
    if (e.has_value()) {
      out_.append(" value=\"");
      AppendAttributeValue(e.value, out_);
      out_.append("\"");
    }
    if (!has_children) {
      out_.append("/>");
      return;
    }
    out_.append(">");
    Children(e, depth + 1, false, is_extension);
    Indent(depth);
    out_.append("</").append(name).append(">");
  }

  static bool IsAttribute(const Property& p, bool in_extension) {
    if (p.size != 1 || !p.items[0].has_value() || p.items[0].property_count != 0) return false;
    return p.name == "id" || (in_extension && p.name == "url");
  }

  void Children(const Element& e, int depth, bool in_resource, bool in_extension) {
    for (const Property& p : e.props()) {
      if (!in_resource && IsAttribute(p, in_extension)) continue;
      const bool child_is_extension = p.name == "extension" || p.name == "modifierExtension";
      for (const Element& item : p.elements()) {
        if (item.is_null) continue;
        Element_(p.name, item, depth, child_is_extension);
      }
    }
  }

  void Indent(int depth) {
    if (!pretty_) return;
    if (!out_.empty()) out_.push_back('\n');
    out_.append(static_cast<size_t>(depth) * 2, ' ');
  }

  bool pretty_;
  std::string& out_;
};

}  // namespace

std::string WriteXml(const Element& resource, const XmlWriteOptions& options) {
  std::string out;
  if (options.declaration) out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  Writer(options, out).Resource(resource, 0, true);
  if (options.pretty) out.push_back('\n');
  return out;
}

}  // namespace fhir
