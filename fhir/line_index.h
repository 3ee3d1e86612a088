// File: fhir/line_index.h
// Maps byte offsets in a source text to 1-based line and column.
#ifndef FHIRGW_FHIR_LINE_INDEX_H_
#define FHIRGW_FHIR_LINE_INDEX_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace fhir {

struct Position {
  uint32_t line = 0;    // 1-based; 0 when unknown
  uint32_t column = 0;  // 1-based, counted in Unicode code points; 0 when unknown
};

// Immutable after construction; safe to share across threads.
class LineIndex {
 public:
  // Scans `text` once for line starts. The text must outlive the index.
  explicit LineIndex(std::string_view text);

  // Returns the position of byte `offset`; {0,0} when the offset is past the text.
  Position At(uint32_t offset) const;

 private:
  std::string_view text_;
  std::vector<uint32_t> line_starts_;
};

}  // namespace fhir

#endif  // FHIRGW_FHIR_LINE_INDEX_H_
