// File: fhir/json_tree_builder.h
// Stage 2 of the JSON reader (see json_reader.cc): walks simdjson's structural index once,
// checking the JSON grammar and FHIR's JSON rules, and builds the element tree.
// Internal to the fhir library; use ReadJson.
#ifndef FHIRGW_FHIR_JSON_TREE_BUILDER_H_
#define FHIRGW_FHIR_JSON_TREE_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/document.h"
#include "fhir/json_reader.h"

namespace simdjson::internal {
class dom_parser_implementation;
}

namespace fhir {

class JsonTreeBuilder {
 public:
  struct Input {
    std::string_view source;  // the whole (padded) source held by the Document
    uint32_t base;            // offset of the text stage 1 saw (after a byte order mark)
    const uint32_t* index;    // structural offsets relative to `base`
    uint32_t count;
    const simdjson::internal::dom_parser_implementation* strings;  // unescapes strings
  };

  // A property as read, before `name` / `_name` pairs are merged.
  struct RawProperty {
    std::string_view name;  // without the leading '_' for companions
    uint64_t name_prefix = 0;  // the name's first 8 bytes, zero-filled: cheap duplicate checks
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
    std::vector<Element> elements;
    std::vector<RawProperty> properties;
    std::vector<PathSegment> path;
  };

  JsonTreeBuilder(Document& doc, const JsonReadOptions& options, Scratch& scratch, Input input);

  // Builds the tree and adds issues to the document; sets its root unless a fatal issue.
  void Run();

 private:
  // Each returns false after a fatal issue; callers unwind without building further.
  bool ParseObject(Element& out, uint32_t depth);
  // `seen`: a 64-bit mask of the names read so far in this object (duplicates are searched for
  // only when a new name's bit is already set).
  bool ParseField(size_t props_base, uint32_t depth, Element& out, uint64_t& seen);
  bool ParseProperty(RawProperty& prop, uint32_t depth);
  bool ParseValue(Element& out, uint32_t depth);
  bool ParseString(Element& out);
  bool ParseScalar(Element& out);
  void MergeCompanions(size_t props_base, size_t props_end, bool any_companion);
  void MergeInto(RawProperty& primary, RawProperty& companion);
  void ReportNullHoles(const RawProperty& prop);

  // The cursor over the structural index. simdjson ends the index with two entries equal to the
  // text length, and the Document's padding byte there is '\0': so past the last token Current()
  // is '\0' and Here() the end, without bounds checks (the cursor never moves past a '\0').
  char Current() const { return text_[index_[pos_]]; }
  uint32_t Here() const { return base_ + index_[pos_]; }
  uint32_t NextStart() const { return base_ + index_[pos_ + 1]; }
  // The current token: from here to the next structural, without trailing white space.
  std::string_view Token() const;

  bool Fatal(uint32_t offset, std::string id, std::string text, IssueType type = IssueType::kStructure);
  void AddIssue(Severity severity, IssueType type, uint32_t offset, std::string id, std::string text);
  std::string PathText() const;

  Document& doc_;
  const JsonReadOptions& options_;
  Scratch& s_;
  const char* source_;
  const char* text_;  // source_ + base_
  uint32_t base_;
  uint32_t end_;
  const uint32_t* index_;
  uint32_t count_;
  uint32_t pos_ = 0;
  const simdjson::internal::dom_parser_implementation* strings_;
  IssueList pending_;  // locations relative to the root; prefixed with resourceType at the end
  bool failed_ = false;
};

}  // namespace fhir

#endif  // FHIRGW_FHIR_JSON_TREE_BUILDER_H_
