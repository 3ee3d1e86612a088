// File: fhir/line_index.cc
#include "fhir/line_index.h"

#include <algorithm>

namespace fhir {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

Position LineIndex::At(uint32_t offset) const {
  if (offset > text_.size()) return {};
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t start = *(it - 1);
  uint32_t column = 1;
  for (uint32_t i = start; i < offset; ++i) {
    // Count code points: UTF-8 continuation bytes do not start a character.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return {line, column};
}

}  // namespace fhir
