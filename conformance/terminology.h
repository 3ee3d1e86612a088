// File: conformance/terminology.h
// Code systems and value sets from the loaded packages, compiled for membership checks.
//
// A value set is answered from its expansion when a package ships one (the R4 expansions
// package does for core value sets), else from its compose: enumerated concepts, whole shipped
// code systems, `is-a` / `descendent-of` / `=` filters over shipped hierarchies, other value
// sets, and excludes. Anything that cannot be decided here (a code system that is not shipped,
// such as SNOMED CT, LOINC or RxNorm, or a filter fhirgw does not evaluate) is answered
// kUnknown with the reason, never as valid.
#ifndef FHIRGW_CONFORMANCE_TERMINOLOGY_H_
#define FHIRGW_CONFORMANCE_TERMINOLOGY_H_

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "fhir/text.h"
#include "absl/container/flat_hash_set.h"
#include "fhir/element.h"

namespace conformance {

struct CodeSystemInfo {
  std::string url;
  std::string version;
  std::string content;  // complete | fragment | example | not-present | supplement
  bool case_sensitive = true;
  fhir::StringMap<std::string> display;  // code -> display
  fhir::StringMap<std::vector<std::string>> designations;  // code -> other displays (languages, uses)
  fhir::StringMap<std::vector<std::string>> parents;  // code -> parent codes
};

struct ConceptFilter {
  std::string property;
  std::string op;
  std::string value;
};

struct ConceptSetRule {
  std::string system;
  std::string version;
  absl::flat_hash_set<std::string, fhir::StringViewHash, fhir::StringViewEq> concepts;
  std::vector<ConceptFilter> filters;
  std::vector<std::string> value_sets;
};

struct ValueSetInfo {
  std::string url;
  std::string version;
  std::vector<ConceptSetRule> includes;
  std::vector<ConceptSetRule> excludes;
  bool has_expansion = false;
  // The expansion lists only some of the codes (too costly to list all, or a page of them):
  // a code it lists is a member, one it does not is decided by the compose rules.
  bool expansion_partial = false;
  // system -> codes (looked up without building strings: this runs for every coded element)
  fhir::StringMap<absl::flat_hash_set<std::string, fhir::StringViewHash, fhir::StringViewEq>> expansion;
  // "system|code" -> the displays and designations the value set itself gives the concept (in
  // compose.include.concept or the expansion): valid displays where the value set is bound.
  fhir::StringMap<std::vector<std::string>> displays;
};

// Displays compare without regard to case or runs of white space (as terminology servers do).
bool SameDisplay(std::string_view a, std::string_view b);

enum class Membership { kMember, kNotMember, kUnknown };

struct MembershipResult {
  Membership membership = Membership::kUnknown;
  std::string reason;  // for kUnknown: why it could not be decided
};

// Read-only after loading; safe to share across threads.
class Terminology {
 public:
  void AddCodeSystem(const fhir::Element& code_system);
  // `url`, when given, names the value set instead of its own url (a contained one may have none).
  void AddValueSet(const fhir::Element& value_set, std::string_view url = {});

  // `value_set` is a canonical, optionally with "|version" (ignored: the loaded one answers).
  // `system` may be empty for a bare code (then any system of the value set matches).
  MembershipResult Contains(std::string_view value_set, std::string_view system,
                            std::string_view code) const;
  const ValueSetInfo* FindValueSet(std::string_view canonical) const;
  // Once everything is loaded: drops the displays value sets give that can never matter (the
  // code system's own, or of a code system not shipped complete, whose displays are not judged).
  void PruneDisplays();
  // The displays `value_set` gives system#code itself (none: null).
  const std::vector<std::string>* DisplaysIn(std::string_view value_set, std::string_view system,
                                             std::string_view code) const;
  const CodeSystemInfo* FindCodeSystem(std::string_view canonical) const;

  size_t value_set_count() const { return value_sets_.size(); }
  // Lookups not answered here go to `fallback` (an overlay's base); it must outlive this.
  void set_fallback(const Terminology* fallback) {
    fallback_ = fallback;
    id_.store(NextId(), std::memory_order_relaxed);
  }
  size_t code_system_count() const { return code_systems_.size(); }

 private:
  MembershipResult InRule(const ConceptSetRule& rule, std::string_view system, std::string_view code,
                          int depth) const;
  MembershipResult ContainsAt(const ValueSetInfo& vs, std::string_view system, std::string_view code,
                              int depth) const;

  fhir::StringMap<std::unique_ptr<CodeSystemInfo>> code_systems_;
  fhir::StringMap<std::unique_ptr<ValueSetInfo>> value_sets_;
  const Terminology* fallback_ = nullptr;

  // FindValueSet / FindCodeSystem through a per-thread cache (see Cached).
  enum Kind : uint8_t { kCodeSystem, kValueSet };
  const void* Cached(Kind kind, std::string_view canonical) const;
  const void* LookUp(Kind kind, std::string_view canonical) const;
  static uint64_t NextId();
  // Never reused, and renewed by every change (so cached answers of an earlier state, or of a
  // destroyed terminology at the same address, are never taken). Atomic only so that a
  // terminology can be moved or copied; it changes only while loading.
  std::atomic<uint64_t> id_{NextId()};
};

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_TERMINOLOGY_H_
