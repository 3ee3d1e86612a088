// File: fhir/json_reader.cc
// simdjson's on-demand API walks the text once; the tree is built as it goes. String values
// without escapes and all number text point straight into the Document's own copy of the source
// (no copy); only escaped strings are unescaped into the arena. Issue positions are byte offsets
// turned into line/column only when an issue is actually reported.
#include "fhir/json_reader.h"

#include <simdjson.h>

#include <cstring>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "fhir/text.h"
#include "fhir/json_number.h"
#include "fhir/json_syntax.h"

namespace fhir {
namespace {

namespace od = simdjson::ondemand;

// A property as read, before `name` / `_name` pairs are merged.
struct RawProperty {
  std::string_view name;  // without the leading '_' for companions
  Element* items = nullptr;
  uint32_t size = 0;
  uint32_t offset = 0;
  bool is_array = false;
  bool is_companion = false;
  bool dropped = false;
  bool has_null = false;   // an item is a JSON null hole
  bool has_value = false;  // an item is a primitive value
  bool merged = false;     // a `_name` companion was merged into this property
};

struct PathSegment {
  std::string_view name;
  int32_t index = -1;
};

// Reused across documents on one thread so the hot path does not allocate.
struct Scratch {
  od::parser parser;
  std::vector<Element> elements;
  std::vector<RawProperty> properties;
  std::vector<PathSegment> path;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

class Reader {
 public:
  Reader(Document& doc, const JsonReadOptions& options, Scratch& scratch)
      : doc_(doc), options_(options), s_(scratch), base_(doc.source().data()) {}

  void Run();

 private:
  // Each returns false on a hard failure (malformed JSON, too deep); the caller unwinds.
  bool ParseObject(od::object object, Element& out, uint32_t depth);
  bool ParseField(od::field& field, size_t props_base, uint32_t depth, Element& out);
  bool ParseProperty(od::value value, RawProperty& prop, uint32_t depth);
  // `token` and `type` are the value's raw text and kind, already peeked by the caller.
  bool ParseValue(od::value& value, std::string_view token, od::json_type type, Element& out,
                  uint32_t depth);
  bool ParseString(std::string_view token, od::value& value, Element& out, uint32_t depth);
  void MergeCompanions(size_t props_base, size_t props_end, bool any_companion);
  void MergeInto(RawProperty& primary, RawProperty& companion);
  void ReportNullHoles(const RawProperty& prop);

  bool Fail(simdjson::error_code code, const char* at) {
    hard_error_ = code;
    if (at != nullptr) hard_offset_ = Offset(at);
    return false;
  }
  uint32_t Offset(const char* p) const { return static_cast<uint32_t>(p - base_); }
  void Note(uint32_t end, uint32_t depth) {
    last_end_ = end;
    last_depth_ = depth;
  }
  void AddIssue(Severity severity, IssueType type, uint32_t offset, std::string id,
                std::string text, bool with_path = true);
  std::string PathText() const;
  void CheckTrailingContent();
  void ReportHardError();

  Document& doc_;
  const JsonReadOptions& options_;
  Scratch& s_;
  const char* base_;
  IssueList pending_;  // locations relative to the root; prefixed with resourceType at the end
  simdjson::error_code hard_error_ = simdjson::SUCCESS;
  uint32_t hard_offset_ = 0;
  uint32_t last_end_ = 0;
  uint32_t last_depth_ = 0;
};

void Reader::AddIssue(Severity severity, IssueType type, uint32_t offset, std::string id,
                      std::string text, bool with_path) {
  Issue issue;
  issue.severity = severity;
  issue.type = type;
  issue.location = with_path ? PathText() : std::string();
  Position pos = doc_.PositionOf(offset);
  issue.line = pos.line;
  issue.column = pos.column;
  issue.message_id = std::move(id);
  issue.text = std::move(text);
  pending_.push_back(std::move(issue));
}

std::string Reader::PathText() const {
  std::string out;
  for (const PathSegment& seg : s_.path) {
    if (!out.empty()) out.push_back('.');
    out.append(seg.name);
    if (seg.index >= 0) Append(&out, "[", seg.index, "]");
  }
  return out;
}

void Reader::Run() {
  s_.path.clear();
  s_.elements.clear();
  s_.properties.clear();
  std::string_view src = doc_.source();
  simdjson::padded_string_view input(src.data(), src.size(), src.size() + Document::kPadding);
  od::document json;
  od::object root_object;
  Element* root = doc_.arena().AllocateArray<Element>(1);
  new (root) Element();
  od::json_type type;
  bool ok = false;
  if (auto err = s_.parser.iterate(input).get(json); err) {
    Fail(err, nullptr);
  } else if (auto err2 = json.type().get(type); err2) {
    Fail(err2, nullptr);
  } else if (type != od::json_type::object) {
    AddIssue(Severity::kFatal, IssueType::kStructure, 0, "json-root-not-object",
             "a FHIR resource must be a JSON object", false);
  } else {
    std::string_view token;
    const char* start = (json.raw_json_token().get(token) == simdjson::SUCCESS) ? token.data() : src.data();
    root->offset = Offset(start);
    Note(root->offset + 1, 1);
    if (auto err3 = json.get_object().get(root_object); err3) {
      Fail(err3, start);
    } else {
      ok = ParseObject(root_object, *root, 1);
    }
  }
  if (ok) CheckTrailingContent();
  if (hard_error_ != simdjson::SUCCESS) {
    ReportHardError();
    ok = false;
  }
  if (ok) {
    if (root->resource_type.empty()) {
      s_.path.clear();
      AddIssue(Severity::kError, IssueType::kStructure, root->offset, "json-missing-resource-type",
               "the resource has no resourceType property", false);
    }
    doc_.set_root(root);
  }
  std::string_view root_name = (ok && !root->resource_type.empty()) ? root->resource_type : "Resource";
  for (Issue& issue : pending_) {
    if (issue.severity == Severity::kFatal && issue.location.empty()) {
      doc_.mutable_issues().push_back(std::move(issue));
      continue;
    }
    issue.location = issue.location.empty() ? std::string(root_name)
                                            : Concat(root_name, ".", issue.location);
    doc_.mutable_issues().push_back(std::move(issue));
  }
}

void Reader::ReportHardError() {
  pending_.clear();  // the tree is abandoned: only the reason it could not be read counts
  s_.path.clear();
  if (hard_error_ == simdjson::DEPTH_ERROR) {
    AddIssue(Severity::kFatal, IssueType::kTooCostly, hard_offset_, "json-too-deep",
             Concat("nesting deeper than ", options_.max_depth, " levels"), false);
    return;
  }
  if (auto located = FindJsonSyntaxError(doc_.source(), options_.max_depth)) {
    IssueType type = located->message_id == "json-too-deep" ? IssueType::kTooCostly : IssueType::kStructure;
    AddIssue(Severity::kFatal, type, located->offset, located->message_id,
             Concat("malformed JSON: ", located->text), false);
    return;
  }
  AddIssue(Severity::kFatal, IssueType::kStructure, hard_offset_, "json-syntax",
           Concat("malformed JSON: ", simdjson::error_message(hard_error_)), false);
}

// simdjson's on-demand iteration stops at the end of the root object; whatever follows must be
// the closing brackets still open at the last token read, then only white space.
void Reader::CheckTrailingContent() {
  std::string_view src = doc_.source();
  size_t i = last_end_;
  uint32_t closers = 0;
  for (; i < src.size(); ++i) {
    char c = src[i];
    if (IsSpace(c)) continue;
    if ((c == '}' || c == ']') && closers < last_depth_) {
      ++closers;
      continue;
    }
    break;
  }
  if (i < src.size() || closers != last_depth_) {
    Fail(simdjson::TAPE_ERROR, base_ + std::min(i, src.size()));
  }
}

bool Reader::ParseObject(od::object object, Element& out, uint32_t depth) {
  const size_t props_base = s_.properties.size();
  for (auto field_result : object) {
    od::field field;
    if (auto err = std::move(field_result).get(field); err) return Fail(err, nullptr);
    if (!ParseField(field, props_base, depth, out)) return false;
  }
  const size_t props_end = s_.properties.size();
  bool any_companion = false;
  bool any_null = false;
  for (size_t i = props_base; i < props_end; ++i) {
    any_companion |= s_.properties[i].is_companion;
    any_null |= s_.properties[i].has_null;
  }
  if (any_companion || any_null) MergeCompanions(props_base, props_end, any_companion);
  uint32_t kept = 0;
  for (size_t i = props_base; i < props_end; ++i) kept += s_.properties[i].dropped ? 0 : 1;
  Property* props = doc_.arena().AllocateArray<Property>(kept);
  uint32_t k = 0;
  for (size_t i = props_base; i < props_end; ++i) {
    const RawProperty& raw = s_.properties[i];
    if (raw.dropped) continue;
    Property& p = props[k++];
    new (&p) Property();
    p.name = raw.name;
    p.items = raw.items;
    p.size = raw.size;
    p.offset = raw.offset;
    p.is_array = raw.is_array;
    p.is_primitive = raw.is_companion || raw.has_value || raw.merged;
  }
  s_.properties.resize(props_base);
  out.properties = props;
  out.property_count = kept;
  return true;
}

bool Reader::ParseField(od::field& field, size_t props_base, uint32_t depth, Element& out) {
  const char* raw_key = field.key().raw();
  const uint32_t key_offset = Offset(raw_key) - 1;  // the opening quote
  std::string_view key;
  // Keys almost never contain escapes: then the key is a slice of the source, found by a short
  // scan; otherwise simdjson unescapes it and the arena keeps a copy.
  const char* p = raw_key;
  while (*p != '"' && *p != '\\') ++p;
  if (*p == '"') {
    key = std::string_view(raw_key, static_cast<size_t>(p - raw_key));
  } else {
    std::string_view unescaped;
    if (auto err = field.unescaped_key().get(unescaped); err) return Fail(err, raw_key);
    key = doc_.arena().CopyString(unescaped);
  }
  od::value value = field.value();

  if (key == "resourceType") {
    Element rt;
    s_.path.push_back({"resourceType", -1});
    std::string_view token = value.raw_json_token();
    od::json_type type;
    if (auto err = value.type().get(type); err) return Fail(err, token.data());
    bool ok = true;
    if (type == od::json_type::array) {
      RawProperty ignored;
      ok = ParseProperty(value, ignored, depth);
    } else {
      ok = ParseValue(value, token, type, rt, depth);
    }
    if (ok && rt.kind == ValueKind::kString && !rt.value.empty()) {
      if (!out.resource_type.empty()) {
        AddIssue(Severity::kError, IssueType::kStructure, key_offset, "json-duplicate-property",
                 "duplicate property 'resourceType'");
      }
      out.resource_type = rt.value;
    } else if (ok) {
      AddIssue(Severity::kError, IssueType::kStructure, rt.offset, "json-resource-type-not-string",
               "resourceType must be a non-empty string");
    }
    s_.path.pop_back();
    return ok;
  }

  RawProperty prop;
  prop.is_companion = key.size() > 1 && key[0] == '_';
  prop.name = prop.is_companion ? key.substr(1) : key;
  prop.offset = key_offset;
  if (key.empty()) {
    AddIssue(Severity::kError, IssueType::kStructure, key_offset, "json-empty-property-name",
             "property names must not be empty");
  }
  // Duplicate names: FHIR objects are small, so a linear scan beats hashing; a hash set guards
  // against adversarial objects with very many properties.
  bool duplicate = false;
  const size_t count = s_.properties.size() - props_base;
  if (count <= 32) {
    for (size_t i = props_base; i < s_.properties.size() && !duplicate; ++i) {
      const RawProperty& other = s_.properties[i];
      duplicate = other.is_companion == prop.is_companion && other.name == prop.name;
    }
  } else {
    absl::flat_hash_set<std::string_view> seen;
    for (size_t i = props_base; i < s_.properties.size(); ++i) {
      if (s_.properties[i].is_companion == prop.is_companion) seen.insert(s_.properties[i].name);
    }
    duplicate = seen.contains(prop.name);
  }

  s_.path.push_back({prop.name, -1});
  bool ok = ParseProperty(value, prop, depth);
  if (ok && duplicate) {
    AddIssue(Severity::kError, IssueType::kStructure, key_offset, "json-duplicate-property",
             Concat("duplicate property '", key, "' (the first one is kept)"));
  }
  s_.path.pop_back();
  if (!ok) return false;
  if (!duplicate && !prop.dropped) s_.properties.push_back(prop);
  return true;
}

bool Reader::ParseProperty(od::value value, RawProperty& prop, uint32_t depth) {
  od::json_type type;
  std::string_view token = value.raw_json_token();
  const uint32_t offset = Offset(token.data());
  if (auto err = value.type().get(type); err) return Fail(err, token.data());

  if (type == od::json_type::null) {
    Note(offset + 4, depth);
    AddIssue(Severity::kError, IssueType::kStructure, offset, "json-null",
             "null is not allowed here (only as a placeholder inside primitive arrays)");
    prop.dropped = true;
    return true;
  }
  if (type != od::json_type::array) {
    Element* e = doc_.arena().AllocateArray<Element>(1);
    new (e) Element();
    prop.items = e;
    prop.size = 1;
    if (!ParseValue(value, token, type, *e, depth)) return false;
    prop.has_value = e->has_value();
    return true;
  }

  prop.is_array = true;
  if (depth + 1 > options_.max_depth) return Fail(simdjson::DEPTH_ERROR, token.data());
  od::array array;
  if (auto err = value.get_array().get(array); err) return Fail(err, token.data());
  Note(offset + 1, depth + 1);
  const size_t base = s_.elements.size();
  int32_t index = 0;
  for (auto item_result : array) {
    od::value item;
    if (auto err = std::move(item_result).get(item); err) return Fail(err, nullptr);
    s_.path.back().index = index++;
    Element e;
    std::string_view item_token = item.raw_json_token();
    od::json_type item_type;
    if (auto err = item.type().get(item_type); err) return Fail(err, item_token.data());
    if (item_type == od::json_type::null) {
      e.offset = Offset(item_token.data());
      e.is_null = true;  // reported in MergeCompanions unless a companion fills it
      prop.has_null = true;
      Note(e.offset + 4, depth + 1);
    } else if (item_type == od::json_type::array) {
      AddIssue(Severity::kError, IssueType::kStructure, Offset(item_token.data()),
               "json-nested-array", "arrays must not directly contain arrays in FHIR JSON");
      RawProperty ignored;
      if (!ParseProperty(item, ignored, depth + 1)) return false;
      continue;
    } else if (!ParseValue(item, item_token, item_type, e, depth + 1)) {
      return false;
    }
    prop.has_value |= e.has_value();
    s_.elements.push_back(e);
  }
  s_.path.back().index = -1;
  const size_t n = s_.elements.size() - base;
  if (index == 0) {
    AddIssue(Severity::kError, IssueType::kStructure, offset, "json-empty-array",
             "arrays must not be empty");
  }
  prop.items = doc_.arena().CopyArray(s_.elements.data() + base, n);
  prop.size = static_cast<uint32_t>(n);
  s_.elements.resize(base);
  return true;
}

bool Reader::ParseValue(od::value& value, std::string_view token, od::json_type type,
                        Element& out, uint32_t depth) {
  out.offset = Offset(token.data());
  switch (type) {
    case od::json_type::object: {
      if (depth + 1 > options_.max_depth) return Fail(simdjson::DEPTH_ERROR, token.data());
      od::object object;
      if (auto err = value.get_object().get(object); err) return Fail(err, token.data());
      Note(out.offset + 1, depth + 1);
      if (!ParseObject(object, out, depth + 1)) return false;
      if (out.property_count == 0 && out.resource_type.empty()) {
        AddIssue(Severity::kError, IssueType::kStructure, out.offset, "json-empty-object",
                 "objects must not be empty");
      }
      return true;
    }
    case od::json_type::string:
      return ParseString(TrimRight(token), value, out, depth);
    case od::json_type::number: {
      std::string_view text = TrimRight(token);
      Note(out.offset + static_cast<uint32_t>(text.size()), depth);
      switch (CheckJsonNumber(text)) {
        case JsonNumberError::kNone:
          break;
        case JsonNumberError::kLeadingZero:
          AddIssue(Severity::kError, IssueType::kValue, out.offset, "json-number-leading-zero",
                   Concat("the number '", text, "' has a leading zero"));
          break;
        case JsonNumberError::kMalformed:
          return Fail(simdjson::NUMBER_ERROR, token.data());
      }
      out.kind = ValueKind::kNumber;
      out.value = text;
      return true;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto err = value.get_bool().get(b); err) return Fail(err, token.data());
      out.kind = ValueKind::kBoolean;
      out.value = b ? std::string_view("true") : std::string_view("false");
      Note(out.offset + (b ? 4 : 5), depth);
      return true;
    }
    case od::json_type::null:
      // Only reachable for values the caller does not pre-check (resourceType): leave it empty.
      out.is_null = true;
      Note(out.offset + 4, depth);
      return true;
    case od::json_type::array:
      // Callers route arrays through ParseProperty; a stray one here is a nested array.
      return Fail(simdjson::INCORRECT_TYPE, token.data());
  }
  return Fail(simdjson::TAPE_ERROR, token.data());
}

bool Reader::ParseString(std::string_view token, od::value& value, Element& out, uint32_t depth) {
  // token is the quoted string with nothing after it.
  Note(out.offset + static_cast<uint32_t>(token.size()), depth);
  std::string_view inner = token.substr(1, token.size() >= 2 ? token.size() - 2 : 0);
  if (inner.find('\\') == std::string_view::npos) {
    out.value = inner;
  } else {
    std::string_view unescaped;
    if (auto err = value.get_string().get(unescaped); err) return Fail(err, token.data());
    out.value = doc_.arena().CopyString(unescaped);
  }
  out.kind = ValueKind::kString;  // raw control characters never get here: simdjson refuses them
  if (out.value.empty()) {
    AddIssue(Severity::kError, IssueType::kValue, out.offset, "json-empty-string",
             "strings must not be empty");
  }
  return true;
}

void Reader::MergeCompanions(size_t base, size_t end, bool any_companion) {
  for (size_t i = base; i < end && any_companion; ++i) {
    RawProperty& companion = s_.properties[i];
    if (!companion.is_companion || companion.dropped) continue;
    RawProperty* primary = nullptr;
    for (size_t j = base; j < end; ++j) {
      RawProperty& other = s_.properties[j];
      if (!other.is_companion && !other.dropped && other.name == companion.name) primary = &other;
    }
    s_.path.push_back({companion.name, -1});
    for (uint32_t k = 0; k < companion.size; ++k) {
      const Element& item = companion.items[k];
      if (item.has_value() || !item.resource_type.empty()) {
        if (companion.is_array) s_.path.back().index = static_cast<int32_t>(k);
        AddIssue(Severity::kError, IssueType::kStructure, item.offset, "json-companion-not-object",
                 Concat("'_", companion.name, "' must hold objects with id and extension"));
        s_.path.back().index = -1;
      }
    }
    // A lone `_name` stays as it is: a primitive property whose items carry no value.
    if (primary != nullptr) MergeInto(*primary, companion);
    s_.path.pop_back();
  }
  for (size_t i = base; i < end; ++i) {
    RawProperty& prop = s_.properties[i];
    if (!prop.dropped && prop.has_null) {
      s_.path.push_back({prop.name, -1});
      ReportNullHoles(prop);
      s_.path.pop_back();
    }
  }
}

void Reader::MergeInto(RawProperty& primary, RawProperty& companion) {
  companion.dropped = true;
  primary.merged = true;
  if (primary.is_array != companion.is_array || primary.size != companion.size) {
    AddIssue(Severity::kError, IssueType::kStructure, companion.offset, "json-companion-mismatch",
             Concat("'", companion.name, "' and '_", companion.name,
                          "' must both be single values or arrays of the same length"));
    return;
  }
  for (uint32_t k = 0; k < primary.size; ++k) {
    Element& target = primary.items[k];
    const Element& extra = companion.items[k];
    if (extra.is_null) {
      continue;  // a hole in the companion: the value alone is fine, a double null is reported later
    }
    if (target.property_count != 0) {
      if (primary.is_array) s_.path.back().index = static_cast<int32_t>(k);
      AddIssue(Severity::kError, IssueType::kStructure, extra.offset, "json-companion-on-complex",
               Concat("'_", companion.name, "' is only allowed beside primitive values"));
      s_.path.back().index = -1;
      continue;
    }
    target.properties = extra.properties;
    target.property_count = extra.property_count;
    if (target.is_null) {
      target.is_null = false;
      target.offset = extra.offset;
    }
  }
}

void Reader::ReportNullHoles(const RawProperty& prop) {
  for (uint32_t k = 0; k < prop.size; ++k) {
    const Element& item = prop.items[k];
    if (!item.is_null) continue;
    s_.path.back().index = static_cast<int32_t>(k);
    AddIssue(Severity::kError, IssueType::kStructure, item.offset, "json-null",
             "null is only allowed in a primitive array when the matching '_' entry is not null");
  }
  s_.path.back().index = -1;
}

}  // namespace

Document ReadJson(std::string_view json, const JsonReadOptions& options) {
  thread_local Scratch scratch;
  Document doc(json);
  Reader(doc, options, scratch).Run();
  return doc;
}

}  // namespace fhir
