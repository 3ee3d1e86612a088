// File: fhir/arena.h
// A bump allocator for element trees. A tree is built once and freed at once, so nodes never
// pay for individual heap allocations (the JSON reader's hot path allocates only here).
#ifndef FHIRGW_FHIR_ARENA_H_
#define FHIRGW_FHIR_ARENA_H_

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

namespace fhir {

// Not thread-safe: one arena belongs to one tree being built. Memory is released when the arena
// is destroyed. Only trivially destructible objects may live here (destructors never run).
class Arena {
 public:
  Arena() = default;
  // The first block holds at least `first_block_bytes` (callers that know the size of what they
  // are about to build avoid growing through several blocks).
  explicit Arena(size_t first_block_bytes) : first_block_(first_block_bytes) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) = default;
  Arena& operator=(Arena&&) = default;

  // Returns `bytes` of storage aligned to `align` (a power of two, at most alignof(max_align_t)).
  void* Allocate(size_t bytes, size_t align) {
    size_t pos = (used_ + align - 1) & ~(align - 1);
    if (pos + bytes > capacity_) return AllocateSlow(bytes, align);
    used_ = pos + bytes;
    return current_ + pos;
  }

  // Returns uninitialised storage for `n` objects of T.
  template <typename T>
  T* AllocateArray(size_t n) {
    static_assert(std::is_trivially_destructible_v<T>);
    if (n == 0) return nullptr;
    return static_cast<T*>(Allocate(sizeof(T) * n, alignof(T)));
  }

  // Copies `n` objects into the arena and returns the copy (nullptr when n is 0).
  template <typename T>
  T* CopyArray(const T* src, size_t n) {
    T* dst = AllocateArray<T>(n);
    if (n != 0) std::memcpy(static_cast<void*>(dst), src, sizeof(T) * n);
    return dst;
  }

  // Copies the characters of `s` into the arena; the view stays valid for the arena's life.
  std::string_view CopyString(std::string_view s) {
    if (s.empty()) return {};
    char* p = static_cast<char*>(Allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  // Bytes handed out so far (for memory accounting in benchmarks and limits).
  size_t BytesUsed() const { return retired_bytes_ + used_; }

 private:
  void* AllocateSlow(size_t bytes, size_t align);

  // The first block is held apart so that a small tree costs one allocation, not two.
  std::unique_ptr<char[]> first_;
  std::vector<std::unique_ptr<char[]>> more_;
  char* current_ = nullptr;
  size_t used_ = 0;
  size_t capacity_ = 0;
  size_t retired_bytes_ = 0;
  size_t first_block_ = 0;
};

}  // namespace fhir

#endif  // FHIRGW_FHIR_ARENA_H_
