// File: conformance/clean_subtrees.cc
#include "conformance/clean_subtrees.h"

#include <cstring>

namespace conformance {

CleanSubtrees& CleanSubtrees::ForThread(uint64_t registry_id) {
  thread_local CleanSubtrees memo;
  if (memo.registry_id_ != registry_id) {
    memo.Clear();
    memo.registry_id_ = registry_id;
  }
  return memo;
}

namespace {

constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;

uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

uint64_t Mix(uint64_t h) {
  h *= kMul;
  return h ^ (h >> 32);
}

// A multiply-fold hash over 8-byte words: every text of a subtree is hashed once per level it
// is probed at, so this runs over most of the corpus's bytes a few times (a byte-wise hash cost
// a tenth of the whole validation). Equal keys are compared in full on a hit, so it need only
// spread keys well. The last word overlaps the one before it: no byte loop for the tail.
uint64_t HashBytes(std::string_view s, uint64_t h) {
  const char* p = s.data();
  const size_t n = s.size();
  h = Mix(h ^ n);
  if (n < 8) {
    uint64_t tail = 0;
    for (size_t k = 0; k < n; ++k) tail |= uint64_t{static_cast<unsigned char>(p[k])} << (8 * k);
    return Mix(h ^ tail);
  }
  const char* last = p + n - 8;
  for (; p < last; p += 8) h = Mix(h ^ Load8(p));
  return Mix(h ^ Load8(last));
}

}  // namespace

size_t CleanSubtrees::Hash(const SubtreeKey& key) {
  uint64_t h = reinterpret_cast<uintptr_t>(key.rule) * kMul + (key.in_bundle ? 1 : 0) + (key.profile_walk ? 2 : 0);
  h = HashBytes(key.type_code, h);
  return static_cast<size_t>(HashBytes(key.text, h));
}

bool CleanSubtrees::Contains(const SubtreeKey& key, size_t hash) const {
  auto it = entries_.find(hash);
  if (it == entries_.end()) return false;
  const Entry& e = it->second;
  const bool same = e.rule == key.rule && e.in_bundle == key.in_bundle && e.profile_walk == key.profile_walk &&
                    Bytes(e.type_at, e.type_size) == key.type_code && Bytes(e.text_at, e.text_size) == key.text;
  hits_ += same ? 1 : 0;
  return same;
}

void CleanSubtrees::Insert(const SubtreeKey& key, size_t hash) {
  if (key.text.size() > kMaxText) return;
  if (bytes_.size() + key.type_code.size() + key.text.size() > kBudget) Forget();
  auto [it, fresh] = entries_.try_emplace(hash);
  if (!fresh) return;
  Entry& e = it->second;
  e.rule = key.rule;
  e.in_bundle = key.in_bundle;
  e.profile_walk = key.profile_walk;
  e.type_at = static_cast<uint32_t>(bytes_.size());
  e.type_size = static_cast<uint32_t>(key.type_code.size());
  bytes_.append(key.type_code);
  e.text_at = static_cast<uint32_t>(bytes_.size());
  e.text_size = static_cast<uint32_t>(key.text.size());
  bytes_.append(key.text);
}

void CleanSubtrees::Forget() {
  entries_.clear();
  bytes_.clear();
  ++restarts_;
}

void CleanSubtrees::Clear() {
  Forget();
  hits_ = 0;
  restarts_ = 0;
}

}  // namespace conformance
