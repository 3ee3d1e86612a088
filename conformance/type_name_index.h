// File: conformance/type_name_index.h
// Type names to their base definitions, for the walker's most frequent look-up by name (every
// resource's type, every reference's type). A general hash map took about 145 instructions a
// look-up here (hashing the bytes, probing, a library compare); this table hashes the name's
// length and first and last eight bytes, and compares whole names only on a candidate.
#ifndef FHIRGW_CONFORMANCE_TYPE_NAME_INDEX_H_
#define FHIRGW_CONFORMANCE_TYPE_NAME_INDEX_H_

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "conformance/profile.h"

namespace conformance {

class TypeNameIndex {
 public:
  // Replaces the contents; the names must outlive the index.
  void Build(const std::vector<std::pair<std::string_view, const Profile*>>& entries) {
    size_t size = 16;
    while (size < entries.size() * 4) size *= 2;  // at most a quarter full: short probes
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    for (const auto& [name, profile] : entries) {
      const uint64_t head = NamePrefix(name);
      for (size_t i = Hash(name, head) & mask_;; i = (i + 1) & mask_) {
        if (slots_[i].profile == nullptr) {
          slots_[i] = Slot{name, head, profile};
          break;
        }
        if (slots_[i].name == name) break;  // the first one stays
      }
    }
  }

  // Null when the name is not in the table.
  const Profile* Find(std::string_view name) const {
    if (slots_.empty()) return nullptr;
    const uint64_t head = NamePrefix(name);
    for (size_t i = Hash(name, head) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.profile == nullptr) return nullptr;
      if (s.head == head && s.name.size() == name.size() && (name.size() <= 8 || s.name == name)) return s.profile;
    }
  }

 private:
  struct Slot {
    std::string_view name;
    uint64_t head = 0;  // NamePrefix(name)
    const Profile* profile = nullptr;
  };
  // Names sharing their first eight bytes (MedicationRequest, MedicationStatement) differ in
  // length or in their last eight.
  static size_t Hash(std::string_view name, uint64_t head) {
    const uint64_t tail = name.size() > 8 ? NamePrefix(name.substr(name.size() - 8)) : 0;
    const uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15ull) ^ name.size()) * 0xff51afd7ed558ccdull;
    return static_cast<size_t>(h >> 32);
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_TYPE_NAME_INDEX_H_
