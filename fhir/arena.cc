// File: fhir/arena.cc
#include "fhir/arena.h"

#include <algorithm>

namespace fhir {
namespace {
// Blocks start small (most resources are a few KB) and double up to this size.
constexpr size_t kFirstBlock = 4096;
constexpr size_t kMaxBlock = 1 << 20;
}  // namespace

void* Arena::AllocateSlow(size_t bytes, size_t align) {
  size_t next = capacity_ == 0 ? std::max(kFirstBlock, first_block_) : std::min(capacity_ * 2, kMaxBlock);
  size_t need = bytes + align;
  size_t size = std::max(next, need);
  retired_bytes_ += used_;
  std::unique_ptr<char[]>& block = first_ == nullptr ? first_ : more_.emplace_back();
  block = std::make_unique_for_overwrite<char[]>(size);
  current_ = block.get();
  capacity_ = size;
  used_ = 0;
  return Allocate(bytes, align);
}

}  // namespace fhir
