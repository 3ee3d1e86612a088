// File: fhir/xml_reader.cc
// Expat (SAX) events build the tree bottom-up: each open element is a Frame; finished children
// wait on a shared stack until their parent closes, then same-named siblings become one property.
#include "fhir/xml_reader.h"

#include <expat.h>

#include <string>
#include <vector>

#include "fhir/text.h"

namespace fhir {
namespace {

constexpr std::string_view kFhirNs = "http://hl7.org/fhir";
constexpr std::string_view kXhtmlNs = "http://www.w3.org/1999/xhtml";
constexpr std::string_view kSchemaInstanceNs = "http://www.w3.org/2001/XMLSchema-instance";
constexpr char kNsSeparator = '|';

struct Child {
  std::string_view name;
  Element element;
  std::optional<ChildInfo> info;
  uint32_t offset = 0;
  bool is_attribute = false;
};

struct Frame {
  std::string_view name;
  std::string_view type;  // type key for model lookups; empty when unknown
  Element element;
  std::optional<ChildInfo> info;
  size_t child_base = 0;
  bool is_resource = false;     // a resource nested in its parent (`<contained><Patient>`)
  bool holds_resource = false;  // the parent of such a resource
  bool text_reported = false;
};

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

class XmlTreeBuilder {
 public:
  XmlTreeBuilder(Document& doc, const XmlReadOptions& options) : doc_(doc), options_(options) {}

  void Run();

 private:
  static void OnStart(void* self, const XML_Char* name, const XML_Char** atts) {
    static_cast<XmlTreeBuilder*>(self)->Start(name, atts);
  }
  static void OnEnd(void* self, const XML_Char* name) { static_cast<XmlTreeBuilder*>(self)->End(name); }
  static void OnText(void* self, const XML_Char* s, int len) {
    static_cast<XmlTreeBuilder*>(self)->Text(std::string_view(s, static_cast<size_t>(len)));
  }
  static void OnDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<XmlTreeBuilder*>(self)->Stop("xml-doctype-not-allowed", IssueType::kSecurity,
                                             "DOCTYPE declarations are not allowed in FHIR XML");
  }
  static void OnEntity(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                       const XML_Char*, const XML_Char*, const XML_Char*) {
    static_cast<XmlTreeBuilder*>(self)->Stop("xml-entity-not-allowed", IssueType::kSecurity,
                                             "entity declarations are not allowed in FHIR XML");
  }

  void Start(const XML_Char* qname, const XML_Char** atts);
  void End(const XML_Char* qname);
  void Text(std::string_view text);
  void Stop(std::string id, IssueType type, std::string text);
  void BuildProperties(Frame& frame);
  void AddAttribute(std::string_view name, std::string_view value, uint32_t offset);
  void Report(Severity severity, IssueType type, uint32_t offset, std::string id, std::string text);
  std::string PathText() const;
  uint32_t Offset() const { return static_cast<uint32_t>(XML_GetCurrentByteIndex(parser_)); }

  Document& doc_;
  const XmlReadOptions& options_;
  XML_Parser parser_ = nullptr;
  std::vector<Frame> frames_;
  std::vector<Child> children_;
  Element* root_ = nullptr;
  bool stopped_ = false;
  uint32_t xhtml_depth_ = 0;  // > 0 while inside a narrative div, whose text is kept raw
  uint32_t skip_depth_ = 0;   // > 0 while inside an element that was reported and left out
  uint32_t xhtml_start_ = 0;
};

void XmlTreeBuilder::Run() {
  parser_ = XML_ParserCreateNS(nullptr, kNsSeparator);
  if (parser_ == nullptr) {
    Report(Severity::kFatal, IssueType::kException, Element::kNoOffset, "xml-parser-unavailable",
           "could not create an XML parser (out of memory)");
    return;
  }
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &OnStart, &OnEnd);
  XML_SetCharacterDataHandler(parser_, &OnText);
  XML_SetStartDoctypeDeclHandler(parser_, &OnDoctype);
  XML_SetEntityDeclHandler(parser_, &OnEntity);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
  std::string_view src = doc_.source();
  XML_Status status = XML_Parse(parser_, src.data(), static_cast<int>(src.size()), XML_TRUE);
  if (status == XML_STATUS_ERROR && !stopped_) {
    Report(Severity::kFatal, IssueType::kStructure, Offset(), "xml-syntax",
           Concat("malformed XML: ", XML_ErrorString(XML_GetErrorCode(parser_))));
    stopped_ = true;
  }
  XML_ParserFree(parser_);
  if (!stopped_ && root_ == nullptr) {
    Report(Severity::kFatal, IssueType::kStructure, 0, "xml-no-root", "the document has no root element");
    stopped_ = true;
  }
  if (!stopped_) doc_.set_root(root_);
}

void XmlTreeBuilder::Stop(std::string id, IssueType type, std::string text) {
  if (stopped_) return;
  Report(Severity::kFatal, type, Offset(), std::move(id), std::move(text));
  stopped_ = true;
  XML_StopParser(parser_, XML_FALSE);
}

void XmlTreeBuilder::Report(Severity severity, IssueType type, uint32_t offset, std::string id,
                            std::string text) {
  Issue issue;
  issue.severity = severity;
  issue.type = type;
  if (severity != Severity::kFatal) issue.location = PathText();
  Position pos = doc_.PositionOf(offset);
  issue.line = pos.line;
  issue.column = pos.column;
  issue.message_id = std::move(id);
  issue.text = std::move(text);
  doc_.mutable_issues().push_back(std::move(issue));
}

// Problems in the XML itself are located by XPath, e.g. "/f:Bundle/f:entry[2]/f:resource", as
// the HL7 validator does (positions are 1-based and given from the second sibling on).
std::string XmlTreeBuilder::PathText() const {
  std::string out;
  for (size_t i = 0; i < frames_.size(); ++i) {
    const Frame& f = frames_[i];
    Append(&out, "/f:", f.name);
    if (i == 0) continue;
    // The position counts the same-named siblings already finished in the parent.
    size_t index = 0;
    for (size_t c = frames_[i - 1].child_base; c < f.child_base && c < children_.size(); ++c) {
      if (children_[c].name == f.name) ++index;
    }
    if (index > 0) Append(&out, "[", index + 1, "]");
  }
  return out;
}

void XmlTreeBuilder::Start(const XML_Char* qname, const XML_Char** atts) {
  if (stopped_) return;
  if (xhtml_depth_ > 0) {
    ++xhtml_depth_;
    return;
  }
  if (skip_depth_ > 0) {
    ++skip_depth_;
    return;
  }
  std::string_view full(qname);
  size_t sep = full.rfind(kNsSeparator);
  std::string_view ns = sep == std::string_view::npos ? std::string_view() : full.substr(0, sep);
  std::string_view local = sep == std::string_view::npos ? full : full.substr(sep + 1);
  const uint32_t offset = Offset();

  if (frames_.size() >= options_.max_depth) {
    Stop("xml-too-deep", IssueType::kTooCostly, Concat("nesting deeper than ", options_.max_depth, " levels"));
    return;
  }
  if (!frames_.empty() && local == "div" && ns == kXhtmlNs) {
    xhtml_depth_ = 1;
    xhtml_start_ = offset;
    return;
  }

  // A primitive holds its value in an attribute and may have only extensions as elements:
  // anything else is reported where it is (as the HL7 validator's XML parser does) and left out.
  if (!frames_.empty() && frames_.back().info && frames_.back().info->primitive != ValueKind::kNone &&
      local != "extension") {
    Report(Severity::kError, IssueType::kStructure, offset, "xml-element-in-primitive",
           Concat("element '", local, "' is not allowed in '", frames_.back().name,
                  "': a primitive has a value attribute and may hold only extensions"));
    skip_depth_ = 1;
    return;
  }

  Frame frame;
  frame.name = doc_.arena().CopyString(local);
  frame.element.offset = offset;
  frame.child_base = children_.size();
  const bool is_resource = frames_.empty() || (!local.empty() && local[0] >= 'A' && local[0] <= 'Z');
  if (is_resource) {
    frame.element.set_resource_type(frame.name);
    frame.type = frame.name;
    frame.is_resource = !frames_.empty();
  } else if (options_.model != nullptr && !frames_.back().type.empty()) {
    frame.info = options_.model->Child(frames_.back().type, local);
    if (frame.info) frame.type = frame.info->type;
  }
  frames_.push_back(frame);
  if (ns != kFhirNs) {
    Report(Severity::kError, IssueType::kStructure, offset, "xml-wrong-namespace",
           Concat("element '", local, "' must be in the FHIR namespace ", kFhirNs));
  }

  for (size_t i = 0; atts[i] != nullptr; i += 2) {
    std::string_view name(atts[i]);
    std::string_view value(atts[i + 1]);
    if (name == "value" && !is_resource) {
      Element& e = frames_.back().element;
      e.value = doc_.arena().CopyString(value);
      ValueKind kind = frames_.back().info ? frames_.back().info->primitive : ValueKind::kNone;
      e.kind = kind == ValueKind::kNone ? ValueKind::kString : kind;
    } else if ((name == "id" || name == "url") && !is_resource) {
      AddAttribute(name, value, offset);
    } else if (name.starts_with(kSchemaInstanceNs)) {
      // xsi:schemaLocation and friends only point at schemas; FHIR XML permits them.
    } else {
      Report(Severity::kError, IssueType::kStructure, offset, "xml-unknown-attribute",
             Concat("attribute '", name, "' is not allowed on '", local, "'"));
    }
  }
}

void XmlTreeBuilder::AddAttribute(std::string_view name, std::string_view value, uint32_t offset) {
  Child c;
  c.name = name == "id" ? std::string_view("id") : std::string_view("url");
  c.element.value = doc_.arena().CopyString(value);
  c.element.kind = ValueKind::kString;
  c.element.offset = offset;
  c.offset = offset;
  c.is_attribute = true;
  children_.push_back(c);
}

void XmlTreeBuilder::Text(std::string_view text) {
  if (stopped_ || xhtml_depth_ > 0 || skip_depth_ > 0 || frames_.empty() || IsBlank(text)) return;
  Frame& f = frames_.back();
  if (f.text_reported) return;
  f.text_reported = true;
  Report(Severity::kError, IssueType::kStructure, Offset(), "xml-text-not-allowed",
         Concat("text content is not allowed in '", f.name, "' (values go in the value attribute)"));
}

void XmlTreeBuilder::End(const XML_Char*) {
  if (stopped_) return;
  if (skip_depth_ > 0) {
    --skip_depth_;
    return;
  }
  if (xhtml_depth_ > 0) {
    if (--xhtml_depth_ > 0) return;
    uint32_t end = Offset() + static_cast<uint32_t>(XML_GetCurrentByteCount(parser_));
    Child c;
    c.name = "div";
    c.element.kind = ValueKind::kString;
    c.element.value = doc_.source().substr(xhtml_start_, end - xhtml_start_);
    c.element.offset = xhtml_start_;
    c.offset = xhtml_start_;
    children_.push_back(c);
    return;
  }
  Frame frame = frames_.back();
  // A wrapper that received a resource already has that resource's properties.
  if (!frame.holds_resource) BuildProperties(frame);
  children_.resize(frame.child_base);
  frames_.pop_back();
  if (frames_.empty()) {
    root_ = doc_.arena().AllocateArray<Element>(1);
    new (root_) Element(frame.element);
    return;
  }
  if (frame.is_resource) {
    Frame& wrapper = frames_.back();
    if (wrapper.holds_resource || wrapper.element.has_value() ||
        children_.size() > wrapper.child_base) {
      Report(Severity::kError, IssueType::kStructure, frame.element.offset, "xml-resource-wrapper",
             Concat("'", wrapper.name, "' must hold exactly one resource and nothing else"));
    }
    wrapper.holds_resource = true;
    // The wrapper's own element becomes the resource (JSON has no wrapper level).
    wrapper.element.set_resource_type(frame.element.value);
    wrapper.element.properties = frame.element.properties;
    wrapper.element.property_count = frame.element.property_count;
    wrapper.element.offset = frame.element.offset;
    return;
  }
  Child c;
  c.name = frame.name;
  c.element = frame.element;
  c.info = frame.info;
  c.offset = frame.element.offset;
  children_.push_back(c);
}

void XmlTreeBuilder::BuildProperties(Frame& frame) {
  const size_t base = frame.child_base;
  const size_t end = children_.size();
  // Distinct names in first-seen order; FHIR XML keeps repeats together, so a name that comes
  // back after another element is out of order.
  std::vector<std::string_view> names;
  for (size_t i = base; i < end; ++i) {
    std::string_view name = children_[i].name;
    bool seen = false;
    for (std::string_view n : names) seen |= n == name;
    if (!seen) {
      names.push_back(name);
    } else if (children_[i - 1].name != name) {
      Report(Severity::kError, IssueType::kStructure, children_[i].offset, "xml-element-out-of-order",
             Concat("'", name, "' appears again after other elements; repeats must be adjacent"));
    }
  }
  Property* props = doc_.arena().AllocateArray<Property>(names.size());
  for (size_t k = 0; k < names.size(); ++k) {
    uint32_t count = 0;
    const Child* first = nullptr;
    for (size_t i = base; i < end; ++i) {
      if (children_[i].name != names[k]) continue;
      if (first == nullptr) first = &children_[i];
      ++count;
    }
    Element* items = doc_.arena().AllocateArray<Element>(count);
    uint32_t j = 0;
    bool any_value = false;
    for (size_t i = base; i < end; ++i) {
      if (children_[i].name != names[k]) continue;
      new (&items[j++]) Element(children_[i].element);
      any_value |= children_[i].element.has_value();
    }
    Property& p = *new (&props[k]) Property();
    p.name = names[k];
    p.items = items;
    p.size = count;
    p.offset = first->offset;
    if (first->info) {
      p.is_array = first->info->repeats;
      p.is_primitive = first->info->primitive != ValueKind::kNone;
    } else {
      p.is_array = count > 1;
      p.is_primitive = any_value || first->is_attribute;
    }
  }
  frame.element.properties = props;
  frame.element.property_count = static_cast<uint32_t>(names.size());
}

}  // namespace

Document ReadXml(std::string_view xml, const XmlReadOptions& options) {
  Document doc(xml);
  XmlTreeBuilder(doc, options).Run();
  return doc;
}

}  // namespace fhir
