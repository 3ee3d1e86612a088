// File: fhir/line_index.cc
#include "fhir/line_index.h"

#include <algorithm>
#include <cstring>

namespace fhir {

namespace {

uint32_t CountContinuations(const unsigned char* bytes, uint32_t from, uint32_t to) {
  uint32_t n = 0;  // a branch-free sum, so the compiler vectorises it
  for (uint32_t i = from; i < to; ++i) n += (bytes[i] & 0xC0) == 0x80 ? 1u : 0u;
  return n;
}

}  // namespace

Position PositionByScan(std::string_view text, uint32_t offset) {
  if (offset > text.size()) return {};
  uint32_t line = 1;
  uint32_t start = 0;
  const char* begin = text.data();
  for (const char* p = begin; p < begin + offset;) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(begin + offset - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    ++line;
    start = static_cast<uint32_t>(p - begin);
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(begin);
  return {line, offset - start - CountContinuations(bytes, start, offset) + 1};
}

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
  const auto* bytes = reinterpret_cast<const unsigned char*>(begin);
  const auto size = static_cast<uint32_t>(text_.size());
  if (size <= kSmallText) return;  // counting from the start is as cheap as the table
  block_continuations_.reserve(size / kBlock + 1);
  uint32_t total = 0;
  for (uint32_t block = 0; block <= size; block += kBlock) {
    block_continuations_.push_back(total);
    total += CountContinuations(bytes, block, std::min(size, block + kBlock));
  }
}

uint32_t LineIndex::ContinuationsBefore(uint32_t offset) const {
  if (block_continuations_.empty()) {
    return CountContinuations(reinterpret_cast<const unsigned char*>(text_.data()), 0, offset);
  }
  const uint32_t block = offset / kBlock;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text_.data());
  return block_continuations_[block] + CountContinuations(bytes, block * kBlock, offset);
}

Position LineIndex::At(uint32_t offset) const {
  if (offset > text_.size()) return {};
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t start = *(it - 1);
  // Columns count code points: continuation bytes do not start a character.
  return {line, offset - start - (ContinuationsBefore(offset) - ContinuationsBefore(start)) + 1};
}

}  // namespace fhir
