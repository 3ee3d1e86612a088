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

// The position of byte `offset` in `text`, found by scanning the text up to it: for short texts
// and few look-ups, cheaper than building a LineIndex (an allocation and a scan of the whole
// text). {0,0} when the offset is past the text.
Position PositionByScan(std::string_view text, uint32_t offset);

// Immutable after construction; safe to share across threads.
class LineIndex {
 public:
  // Below this size a look-up counts from the start of the text (no block table).
  static constexpr uint32_t kSmallText = 4096;

  // Scans `text` once for line starts and UTF-8 continuation bytes. The text must outlive the
  // index.
  explicit LineIndex(std::string_view text);

  // Returns the position of byte `offset`; {0,0} when the offset is past the text.
  Position At(uint32_t offset) const;

 private:
  // UTF-8 continuation bytes (which do not start a character) before byte `offset`.
  uint32_t ContinuationsBefore(uint32_t offset) const;

  static constexpr uint32_t kBlock = 256;
  std::string_view text_;
  std::vector<uint32_t> line_starts_;
  // Continuation bytes before each kBlock-byte block: a column costs at most two block scans
  // however long its line (one-line NDJSON Bundles put every position on line 1, and counting
  // from the line start made each issue's position cost a scan of the Bundle up to it).
  std::vector<uint32_t> block_continuations_;
};

}  // namespace fhir

#endif  // FHIRGW_FHIR_LINE_INDEX_H_
