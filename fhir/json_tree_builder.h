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
  // A stack on a buffer sized once per document (Reset), so a push checks no capacity: the
  // pushes and pops of std::vector were a twentieth of the reader's instructions. Every element
  // and every property starts at a structural index, so the index's length bounds both stacks.
  template <typename T>
  class ScratchStack {
   public:
    void Reset(size_t capacity) {
      if (buffer_.size() < capacity) buffer_.resize(capacity);
      top_ = 0;
    }
    T& emplace_back() { return buffer_[top_++] = T(); }
    void pop_back() { --top_; }
    void resize(size_t smaller) { top_ = smaller; }  // only ever shrinks
    size_t size() const { return top_; }
    T& operator[](size_t i) { return buffer_[i]; }
    T* data() { return buffer_.data(); }

   private:
    std::vector<T> buffer_;
    size_t top_ = 0;
  };

  // Reused across documents on one thread so the hot path does not allocate.
  struct Scratch {
    ScratchStack<Element> elements;
    ScratchStack<RawProperty> properties;
    std::vector<PathSegment> path;
  };

  JsonTreeBuilder(Document& doc, const JsonReadOptions& options, Scratch& scratch, Input input);

  // Builds the tree and adds issues to the document; sets its root unless a fatal issue.
  void Run();

 private:
  // Each returns false after a fatal issue; callers unwind without building further.
  bool ParseObject(Element& out, uint32_t depth);
  // What ParseField tells ParseObject about the fields read so far.
  struct ObjectState {
    // A 64-bit mask of the names read (duplicates are searched for only when a new name's bit
    // is already set).
    uint64_t seen = 0;
    bool any_companion = false;  // a `_name` property (merged after the object is read)
    bool any_null = false;       // an array with a null hole
  };
  bool ParseField(size_t props_base, uint32_t depth, Element& out, ObjectState& state);
  bool ParseProperty(RawProperty& prop, uint32_t depth);
  bool ParseArray(RawProperty& prop, uint32_t depth);  // at '['
  bool ParseValue(Element& out, uint32_t depth);
  // A string value. Inline: every key and most values are strings without escapes, and the
  // call itself was a tenth of the reader's instructions.
  bool ParseString(Element& out) {
    out.offset = Here();
    if (!ReadString(out.value)) return false;
    out.kind = ValueKind::kString;
    return true;
  }
  // A string as a property value or array item (where FHIR forbids empty strings). Inline in
  // ParseValue's callers: most values are strings, and the call was a twentieth of the reader.
  bool ParseStringValue(Element& out) {
    if (!ParseString(out)) return false;
    if (out.value.empty()) {
      AddIssue(Severity::kError, IssueType::kValue, out.offset, "json-empty-string", "strings must not be empty");
    }
    return true;
  }
  // The current string token's text, unescaped; advances past it. False after a fatal issue.
  bool ReadString(std::string_view& value) {
    const std::string_view token = Token();
    // Stage 1 guarantees every string is closed, so the token is the whole quoted string.
    const std::string_view inner = token.substr(1, token.size() >= 2 ? token.size() - 2 : 0);
    // Strings are read in source order, so one forward cursor at the next backslash (found by
    // the C library's vectorised memchr) tells whether this string has an escape: each byte of
    // the document is searched at most once, instead of scanning every string.
    if (next_backslash_ < inner.data()) FindNextBackslash(inner.data());
    if (next_backslash_ >= inner.data() + inner.size()) {
      value = inner;
      ++at_;
      return true;
    }
    // Through a local: were `value`'s address taken here, the caller's string_view would live
    // in memory, written as two words and read back as one 16-byte load, which stalls store
    // forwarding (a tenth of ParseField's time under perf).
    std::string_view unescaped;
    if (!ReadEscapedString(token, unescaped)) return false;
    value = unescaped;
    return true;
  }
  void FindNextBackslash(const char* from);
  bool ReadEscapedString(std::string_view token, std::string_view& value);
  bool ParseScalar(Element& out);
  void MergeCompanions(size_t props_base, size_t props_end, bool any_companion);
  void MergeInto(RawProperty& primary, RawProperty& companion);
  void ReportNullHoles(const RawProperty& prop);

  // The cursor over the structural index. simdjson ends the index with two entries equal to the
  // text length, and the Document's padding byte there is '\0': so past the last token Current()
  // is '\0' and Here() the end, without bounds checks (the cursor never moves past a '\0').
  char Current() const { return text_[*at_]; }
  uint32_t Here() const { return base_ + *at_; }
  uint32_t NextStart() const { return base_ + at_[1]; }
  // The current token: from here to the next structural, without trailing white space.
  std::string_view Token() const {
    const uint32_t start = Here();
    uint32_t stop = NextStart();
    while (stop > start && IsJsonSpace(source_[stop - 1])) --stop;
    return {source_ + start, stop - start};
  }
  static bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  // Cold: calls and the messages built for them move out of the hot reading code.
  [[gnu::cold]] bool Fatal(uint32_t offset, std::string id, std::string text, IssueType type = IssueType::kStructure);
  [[gnu::cold]] void AddIssue(Severity severity, IssueType type, uint32_t offset, std::string id, std::string text);
  std::string PathText() const;

  Document& doc_;
  const JsonReadOptions& options_;
  Scratch& s_;
  const char* source_;
  const char* text_;  // source_ + base_
  uint32_t base_;
  uint32_t end_;
  uint32_t count_;
  const uint32_t* at_;    // the current entry of the structural index (a pointer, not a position: one load less)
  const uint32_t* last_;  // one past the index's last entry
  const simdjson::internal::dom_parser_implementation* strings_;
  // The first backslash at or after the last string start searched from (see ParseString);
  // the source end when there is none.
  const char* next_backslash_;
  IssueList pending_;  // locations relative to the root; prefixed with resourceType at the end
  bool failed_ = false;
};

}  // namespace fhir

#endif  // FHIRGW_FHIR_JSON_TREE_BUILDER_H_
