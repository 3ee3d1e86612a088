// File: conformance/clean_subtrees.h
// Subtrees the base walk has already found clean, so that equal content is not checked again.
//
// Why. Real feeds repeat themselves: the same Coding of the same code system, the same dosage,
// the same category, in resource after resource. The base walk of an element depends on the
// element's definition and type, the registry (rules and terminology) and the element's own
// content, except where it reads its surroundings (the enclosing resources, Bundle, references,
// extension contexts, FHIRPath that names %resource, the clock). A walk that read none of those
// and reported nothing will report nothing for an equal subtree under the same definition.
//
// What is remembered: the JSON source text of such subtrees (equal text reads into an equal
// tree), with the definition and type they were walked under, per thread and per registry. The
// walker marks every step that reads its surroundings or has an effect beyond its issues
// (ElementWalker::NotRepeatable); a subtree with a mark or an issue is not remembered.
// tests/conformance/clean_subtrees_test.cc checks that validation with and without this memo
// gives the same outcome on the corpus, the R4 examples and the HL7 validator's test cases.
#ifndef FHIRGW_CONFORMANCE_CLEAN_SUBTREES_H_
#define FHIRGW_CONFORMANCE_CLEAN_SUBTREES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "conformance/profile.h"

namespace conformance {

struct SubtreeKey {
  const ElementRule* rule;     // the element's definition (identifies its profile too)
  std::string_view type_code;  // the type it was walked as (a choice's chosen type)
  std::string_view text;       // its JSON source text
  // The walk is inside a Bundle: references that resolve nowhere else may resolve there.
  bool in_bundle;
  // A profile walk (ElementWalker::Mode::kProfile) checks other things under the same rule.
  bool profile_walk;
};

class CleanSubtrees {
 public:
  // Longer subtrees are not remembered: each level of a subtree hashes its text again, and
  // long ones (whole narratives, big backbone elements) rarely repeat.
  static constexpr size_t kMaxText = 512;
  // Bytes of remembered text per thread; past it the memo starts afresh.
  static constexpr size_t kBudget = size_t{4} << 20;

  // The calling thread's memo for the registry with id `registry_id` (Registry::id()); it is
  // emptied when the thread moves to another registry.
  static CleanSubtrees& ForThread(uint64_t registry_id);

  static size_t Hash(const SubtreeKey& key);
  bool Contains(const SubtreeKey& key, size_t hash) const;
  void Insert(const SubtreeKey& key, size_t hash);
  void Clear();
  size_t size() const { return entries_.size(); }
  // Since the memo was made or last cleared (for tests and measurements): subtrees found here,
  // and the times it started afresh for want of room.
  size_t hits() const { return hits_; }
  size_t restarts() const { return restarts_; }
  size_t bytes() const { return bytes_.size(); }

 private:
  struct Entry {
    const ElementRule* rule;
    bool in_bundle;
    bool profile_walk;
    uint32_t type_at, type_size;  // in bytes_
    uint32_t text_at, text_size;
  };
  std::string_view Bytes(uint32_t at, uint32_t size) const { return std::string_view(bytes_).substr(at, size); }

  uint64_t registry_id_ = 0;
  // By the key's full hash; a different key with the same hash is not remembered (a miss). A hit
  // compares the whole text: the hash is not cryptographic, and input crafted to collide must
  // not pass for a subtree found clean (nor, colliding, slow the table: it keeps the first).
  absl::flat_hash_map<size_t, Entry> entries_;
  std::string bytes_;  // the remembered keys' type codes and texts
  mutable size_t hits_ = 0;
  size_t restarts_ = 0;
  void Forget();  // drops every entry, keeps the counts
};

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_CLEAN_SUBTREES_H_
