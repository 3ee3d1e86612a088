// File: fhir/document.cc
#include "fhir/document.h"

#include <cstring>
#include <utility>

namespace fhir {
namespace {
// The tree of a JSON resource takes several times its text (an Element is 56 bytes, a JSON
// primitive ~10); sizing the first block for both saves growing through small blocks.
constexpr size_t kTreeBytesPerSourceByte = 6;
}  // namespace

Document::Document() = default;

Document::Document(std::string_view source)
    : arena_(source.size() * (kTreeBytesPerSourceByte + 1) + kPadding), source_size_(source.size()) {
  char* copy = static_cast<char*>(arena_.Allocate(source.size() + kPadding, 1));
  if (!source.empty()) std::memcpy(copy, source.data(), source.size());
  std::memset(copy + source.size(), 0, kPadding);
  source_ = copy;
}

Document::Document(Document&& other) noexcept
    : arena_(std::move(other.arena_)),
      source_(std::exchange(other.source_, nullptr)),
      source_size_(std::exchange(other.source_size_, 0)),
      root_(std::exchange(other.root_, nullptr)),
      issues_(std::move(other.issues_)),
      lines_(other.lines_.exchange(nullptr)) {}

Document& Document::operator=(Document&& other) noexcept {
  if (this == &other) return *this;
  delete lines_.exchange(other.lines_.exchange(nullptr));
  arena_ = std::move(other.arena_);
  source_ = std::exchange(other.source_, nullptr);
  source_size_ = std::exchange(other.source_size_, 0);
  root_ = std::exchange(other.root_, nullptr);
  issues_ = std::move(other.issues_);
  return *this;
}

Document::~Document() { delete lines_.load(); }

Position Document::PositionOf(uint32_t offset) const {
  if (offset == Element::kNoOffset || source_ == nullptr) return {};
  // A short text (most resources) is scanned up to the offset each time: cheaper than building
  // the index for the one or two issues such a resource usually has.
  if (source_size_ <= LineIndex::kSmallText) return PositionByScan(source(), offset);
  LineIndex* index = lines_.load(std::memory_order_acquire);
  if (index == nullptr) {
    auto* fresh = new LineIndex(source());
    if (lines_.compare_exchange_strong(index, fresh, std::memory_order_acq_rel)) {
      index = fresh;
    } else {
      delete fresh;  // another thread won; `index` now holds its table
    }
  }
  return index->At(offset);
}

}  // namespace fhir
