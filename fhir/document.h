// File: fhir/document.h
// A parsed resource: its source text, the arena that holds its element tree, the root element
// and the issues found while reading. JSON exists only at the edges; inside the process a
// resource is one Document, parsed once.
#ifndef FHIRGW_FHIR_DOCUMENT_H_
#define FHIRGW_FHIR_DOCUMENT_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fhir/arena.h"
#include "fhir/element.h"
#include "fhir/issue.h"
#include "fhir/line_index.h"

namespace fhir {

// Movable, not copyable. Views into the tree stay valid across moves (the source text and the
// tree live in arena blocks, which never move). Reading from many threads is safe (PositionOf
// included); building is not.
class Document {
 public:
  // Bytes of zero padding kept after the source text (simdjson reads up to 64 bytes past the end).
  static constexpr size_t kPadding = 64;

  // An empty document with no source (for trees built in memory).
  Document();
  // A document over a private, padded copy of `source`, kept in the document's arena so that
  // string values can point into it without copies.
  explicit Document(std::string_view source);
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  ~Document();

  // The root element (a resource), or nullptr when the source could not be read at all.
  const Element* root() const { return root_; }
  void set_root(const Element* root) { root_ = root; }

  const IssueList& issues() const { return issues_; }
  IssueList& mutable_issues() { return issues_; }
  bool has_errors() const { return HasErrors(issues_); }

  // The source text (without padding); empty for in-memory documents.
  std::string_view source() const { return {source_, source_size_}; }
  Arena& arena() { return arena_; }

  // 1-based line/column of a byte offset in the source; {0,0} for kNoOffset or no source.
  Position PositionOf(uint32_t offset) const;

 private:
  Arena arena_;
  const char* source_ = nullptr;
  size_t source_size_ = 0;
  const Element* root_ = nullptr;
  IssueList issues_;
  // Built on the first PositionOf call; most documents never need it.
  mutable std::atomic<LineIndex*> lines_{nullptr};
};

}  // namespace fhir

#endif  // FHIRGW_FHIR_DOCUMENT_H_
