// File: fhir/line_index.cc
#include "fhir/line_index.h"

#include <algorithm>
#include <cstring>

namespace fhir {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (const char* p = begin; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));  // vectorised scan
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    line_starts_.push_back(static_cast<uint32_t>(p - begin));
  }
}

Position LineIndex::At(uint32_t offset) const {
  if (offset > text_.size()) return {};
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t start = *(it - 1);
  // Columns count code points: UTF-8 continuation bytes do not start a character. (Written as
  // a branch-free sum over bytes so the compiler vectorises it: one-line NDJSON resources put
  // every position on line 1.)
  const unsigned char* bytes = reinterpret_cast<const unsigned char*>(text_.data());
  uint32_t continuation = 0;
  for (uint32_t i = start; i < offset; ++i) continuation += (bytes[i] & 0xC0) == 0x80 ? 1u : 0u;
  return {line, offset - start - continuation + 1};
}

}  // namespace fhir
