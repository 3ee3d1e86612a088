// File: conformance/terminology.cc
#include "conformance/terminology.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

#include "conformance/code_formats.h"
#include "fhir/text.h"

namespace conformance {
namespace {

using fhir::Concat;
using fhir::Element;

std::string_view WithoutVersion(std::string_view canonical) {
  size_t bar = canonical.find('|');
  return bar == std::string_view::npos ? canonical : canonical.substr(0, bar);
}

void AddConcepts(const Element& owner, const std::string* parent, CodeSystemInfo& cs) {
  const fhir::Property* concepts = owner.Find("concept");
  if (concepts == nullptr) return;
  for (const Element& c : concepts->elements()) {
    std::string code = std::string(c.ValueOf("code"));
    if (code.empty()) continue;
    cs.display[code] = std::string(c.ValueOf("display"));
    if (const fhir::Property* designations = c.Find("designation")) {
      for (const Element& d : designations->elements()) {
        if (!d.ValueOf("value").empty()) cs.designations[code].emplace_back(d.ValueOf("value"));
      }
    }
    if (parent != nullptr) cs.parents[code].push_back(*parent);
    // Parents may also be declared as properties ("parent" / "subsumedBy").
    if (const fhir::Property* props = c.Find("property")) {
      for (const Element& p : props->elements()) {
        std::string name = std::string(p.ValueOf("code"));
        if (name == "parent" || name == "subsumedBy") {
          if (const Element* v = p.First("valueCode")) cs.parents[code].emplace_back(v->value);
        }
      }
    }
    AddConcepts(c, &code, cs);
  }
}

ConceptSetRule CompileRule(const Element& rule) {
  ConceptSetRule r;
  r.system = std::string(rule.ValueOf("system"));
  r.version = std::string(rule.ValueOf("version"));
  if (const fhir::Property* cs = rule.Find("concept")) {
    for (const Element& c : cs->elements()) r.concepts.insert(std::string(c.ValueOf("code")));
  }
  if (const fhir::Property* fs = rule.Find("filter")) {
    for (const Element& f : fs->elements()) r.filters.push_back({std::string(f.ValueOf("property")), std::string(f.ValueOf("op")), std::string(f.ValueOf("value"))});
  }
  if (const fhir::Property* vs = rule.Find("valueSet")) {
    for (const Element& v : vs->elements()) r.value_sets.emplace_back(v.value);
  }
  return r;
}

// The display and designations a value set gives `entry` (a compose concept or an
// expansion's contains), kept under "system|code" (PruneDisplays drops those that can never
// matter, once everything is loaded).
void AddDisplays(std::string_view system, const Element& entry, ValueSetInfo& vs) {
  std::string_view code = entry.ValueOf("code");
  if (code.empty()) return;
  std::vector<std::string> given;
  if (!entry.ValueOf("display").empty()) given.emplace_back(entry.ValueOf("display"));
  if (const fhir::Property* designations = entry.Find("designation")) {
    for (const Element& d : designations->elements()) {
      if (!d.ValueOf("value").empty()) given.emplace_back(d.ValueOf("value"));
    }
  }
  if (given.empty()) return;
  std::vector<std::string>& slot = vs.displays[Concat(system, "|", code)];
  slot.insert(slot.end(), given.begin(), given.end());
}

// An expansion that says it is incomplete: marked too costly (the R4 expansions package does
// this for LOINC- and SNOMED-wide value sets, listing the first 1,000 codes), a limited
// expansion, a page (offset), or a total above what it lists.
bool IsPartialExpansion(const Element& expansion) {
  if (const fhir::Property* extensions = expansion.Find("extension")) {
    for (const Element& x : extensions->elements()) {
      if (x.ValueOf("url") == "http://hl7.org/fhir/StructureDefinition/valueset-toocostly" &&
          x.ValueOf("valueBoolean") == "true") {
        return true;
      }
    }
  }
  if (const fhir::Property* parameters = expansion.Find("parameter")) {
    for (const Element& p : parameters->elements()) {
      if (p.ValueOf("name") == "limitedExpansion") return true;
    }
  }
  if (!expansion.ValueOf("offset").empty() && expansion.ValueOf("offset") != "0") return true;
  const fhir::Property* contains = expansion.Find("contains");
  const std::string_view total = expansion.ValueOf("total");
  // (Nested contains are not counted: such an expansion may be judged partial needlessly,
  // which only sends its negatives to the compose rules.)
  return !total.empty() && contains != nullptr &&
         std::strtoll(std::string(total).c_str(), nullptr, 10) > static_cast<long long>(contains->size);
}

void AddExpansion(const Element& owner, ValueSetInfo& vs) {
  const fhir::Property* contains = owner.Find("contains");
  if (contains == nullptr) return;
  for (const Element& c : contains->elements()) {
    std::string code = std::string(c.ValueOf("code"));
    if (!code.empty()) vs.expansion[std::string(c.ValueOf("system"))].insert(code);
    // A partial expansion lists codes of systems too large to ship (LOINC, SNOMED CT): their
    // displays are never judged here, so what it says of them is not kept.
    if (!vs.expansion_partial) AddDisplays(c.ValueOf("system"), c, vs);
    AddExpansion(c, vs);
  }
}

bool IsDescendant(const CodeSystemInfo& cs, const std::string& code, const std::string& ancestor, int depth) {
  if (depth > 64) return false;
  auto it = cs.parents.find(code);
  if (it == cs.parents.end()) return false;
  for (const std::string& p : it->second) {
    if (p == ancestor || IsDescendant(cs, p, ancestor, depth + 1)) return true;
  }
  return false;
}

MembershipResult Yes() { return {Membership::kMember, ""}; }
MembershipResult No() { return {Membership::kNotMember, ""}; }
MembershipResult Unknown(std::string why) { return {Membership::kUnknown, std::move(why)}; }

}  // namespace

void Terminology::AddCodeSystem(const Element& e) {
  id_.store(NextId(), std::memory_order_relaxed);
  auto cs = std::make_unique<CodeSystemInfo>();
  cs->url = std::string(e.ValueOf("url"));
  if (cs->url.empty()) return;
  cs->version = std::string(e.ValueOf("version"));
  cs->content = std::string(e.ValueOf("content"));
  cs->case_sensitive = std::string(e.ValueOf("caseSensitive")) != "false";
  AddConcepts(e, nullptr, *cs);
  std::string url = cs->url;
  // A supplement or fragment never replaces a complete definition of the same system.
  auto it = code_systems_.find(url);
  if (it != code_systems_.end() && it->second->content == "complete" && cs->content != "complete") return;
  code_systems_[url] = std::move(cs);
}

void Terminology::AddValueSet(const Element& e, std::string_view named) {
  id_.store(NextId(), std::memory_order_relaxed);
  std::string url = std::string(named.empty() ? e.ValueOf("url") : named);
  if (url.empty()) return;
  auto& slot = value_sets_[url];
  if (slot == nullptr) {
    slot = std::make_unique<ValueSetInfo>();
    slot->url = url;
  }
  ValueSetInfo& vs = *slot;
  if (vs.version.empty()) vs.version = std::string(e.ValueOf("version"));
  if (const Element* compose = e.First("compose"); compose != nullptr && vs.includes.empty()) {
    if (const fhir::Property* inc = compose->Find("include")) {
      for (const Element& r : inc->elements()) {
        vs.includes.push_back(CompileRule(r));
        if (const fhir::Property* concepts = r.Find("concept")) {
          for (const Element& c : concepts->elements()) AddDisplays(r.ValueOf("system"), c, vs);
        }
      }
    }
    if (const fhir::Property* exc = compose->Find("exclude")) {
      for (const Element& r : exc->elements()) vs.excludes.push_back(CompileRule(r));
    }
  }
  // An expansion (from the value set itself or the expansions package) answers directly.
  if (const Element* expansion = e.First("expansion"); expansion != nullptr && !vs.has_expansion) {
    vs.has_expansion = expansion->Find("contains") != nullptr;
    vs.expansion_partial = IsPartialExpansion(*expansion);
    AddExpansion(*expansion, vs);
  }
}

const ValueSetInfo* Terminology::FindValueSet(std::string_view canonical) const {
  return static_cast<const ValueSetInfo*>(Cached(kValueSet, canonical));
}

void Terminology::PruneDisplays() {
  id_.store(NextId(), std::memory_order_relaxed);
  for (auto& [url, vs] : value_sets_) {
    for (auto it = vs->displays.begin(); it != vs->displays.end();) {
      const std::string_view key = it->first;
      const size_t bar = key.rfind('|');
      const CodeSystemInfo* cs = FindCodeSystem(key.substr(0, bar));
      std::vector<std::string>& given = it->second;
      if (cs != nullptr && cs->content == "complete") {
        const std::string code(key.substr(bar + 1));
        auto own = cs->display.find(code);
        auto other = cs->designations.find(code);
        std::erase_if(given, [&](const std::string& d) {
          if (own != cs->display.end() && SameDisplay(d, own->second)) return true;
          if (other == cs->designations.end()) return false;
          for (const std::string& o : other->second) {
            if (SameDisplay(d, o)) return true;
          }
          return false;
        });
      }
      // Displays are judged only for codes of shipped, complete code systems.
      if (cs == nullptr || cs->content != "complete" || given.empty()) {
        vs->displays.erase(it++);
      } else {
        ++it;
      }
    }
  }
}

const std::vector<std::string>* Terminology::DisplaysIn(std::string_view value_set, std::string_view system,
                                                        std::string_view code) const {
  const ValueSetInfo* vs = FindValueSet(value_set);
  if (vs == nullptr || vs->displays.empty()) return nullptr;
  auto it = vs->displays.find(Concat(system, "|", code));
  return it == vs->displays.end() ? nullptr : &it->second;
}

// Displays compare without regard to case or runs of white space (as terminology servers do).
bool SameDisplay(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  auto skip = [](std::string_view s, size_t& k) {
    while (k < s.size() && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r')) ++k;
  };
  skip(a, i);
  skip(b, j);
  while (i < a.size() && j < b.size()) {
    const bool sa = a[i] == ' ' || a[i] == '\t' || a[i] == '\n' || a[i] == '\r';
    const bool sb = b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r';
    if (sa || sb) {
      if (!(sa && sb)) return false;
      skip(a, i);
      skip(b, j);
      continue;
    }
    // ASCII case folding, as std::tolower does in the "C" locale, without a library call per byte.
    auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (fold(a[i]) != fold(b[j])) return false;
    ++i;
    ++j;
  }
  skip(a, i);
  skip(b, j);
  return i == a.size() && j == b.size();
}

const CodeSystemInfo* Terminology::FindCodeSystem(std::string_view canonical) const {
  return static_cast<const CodeSystemInfo*>(Cached(kCodeSystem, canonical));
}

const void* Terminology::LookUp(Kind kind, std::string_view canonical) const {
  if (kind == kValueSet) {
    auto it = value_sets_.find(WithoutVersion(canonical));
    if (it != value_sets_.end()) return it->second.get();
    return fallback_ != nullptr ? fallback_->FindValueSet(canonical) : nullptr;
  }
  auto it = code_systems_.find(WithoutVersion(canonical));
  if (it != code_systems_.end()) return it->second.get();
  return fallback_ != nullptr ? fallback_->FindCodeSystem(canonical) : nullptr;
}

const void* Terminology::Cached(Kind kind, std::string_view canonical) const {
  // Every coding asks for its system and every binding for its value set, and the same few
  // canonicals come back all the time (LOINC, SNOMED CT, a handful of HL7 ones): a small cache
  // per thread answers them with one compare instead of hashing the url in two tables (this
  // terminology and its fallback). Keyed by the terminology's id, which every change renews.
  struct Slot {
    uint64_t owner = 0;
    Kind kind = kCodeSystem;
    uint8_t size = 0;
    char key[110] = {};
    const void* result = nullptr;
  };
  static constexpr size_t kSlots = 64;
  thread_local Slot cache[kSlots];
  if (canonical.empty() || canonical.size() > sizeof(Slot::key)) return LookUp(kind, canonical);
  // Canonicals share long prefixes: hash the length, the kind and the last bytes.
  uint64_t tail = 0;
  const size_t n = std::min<size_t>(8, canonical.size());
  std::memcpy(&tail, canonical.data() + canonical.size() - n, n);
  const uint64_t h = (tail ^ (canonical.size() * 0x9E3779B97F4A7C15ull) ^ kind) * 0xff51afd7ed558ccdull;
  Slot& slot = cache[(h >> 58) % kSlots];
  const uint64_t owner = id_.load(std::memory_order_relaxed);
  if (slot.owner == owner && slot.kind == kind && slot.size == canonical.size() &&
      std::memcmp(slot.key, canonical.data(), canonical.size()) == 0) {
    return slot.result;
  }
  const void* result = LookUp(kind, canonical);
  slot.owner = owner;
  slot.kind = kind;
  slot.size = static_cast<uint8_t>(canonical.size());
  std::memcpy(slot.key, canonical.data(), canonical.size());
  slot.result = result;
  return result;
}

uint64_t Terminology::NextId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

MembershipResult Terminology::Contains(std::string_view value_set, std::string_view system,
                                       std::string_view code) const {
  const ValueSetInfo* vs = FindValueSet(value_set);
  if (vs == nullptr) return Unknown(Concat("value set ", value_set, " is not loaded"));
  return ContainsAt(*vs, system, code, 0);
}

MembershipResult Terminology::ContainsAt(const ValueSetInfo& vs, std::string_view system,
                                         std::string_view code, int depth) const {
  if (depth > 16) return Unknown(Concat("value set ", vs.url, " nests too deeply"));
  if (vs.has_expansion) {
    bool listed = false;
    if (!system.empty()) {
      auto it = vs.expansion.find(system);
      listed = it != vs.expansion.end() && it->second.contains(code);
    } else {
      for (const auto& [sys, codes] : vs.expansion) listed = listed || codes.contains(code);
    }
    if (listed) return Yes();
    if (!vs.expansion_partial) return No();
  }
  MembershipResult result = No();
  for (const ConceptSetRule& rule : vs.includes) {
    MembershipResult r = InRule(rule, system, code, depth);
    if (r.membership == Membership::kMember) {
      result = r;
      break;
    }
    if (r.membership == Membership::kUnknown) result = r;
  }
  if (result.membership != Membership::kMember) return result;
  for (const ConceptSetRule& rule : vs.excludes) {
    if (InRule(rule, system, code, depth).membership == Membership::kMember) return No();
  }
  return result;
}

MembershipResult Terminology::InRule(const ConceptSetRule& rule, std::string_view system,
                                     std::string_view code, int depth) const {
  if (!rule.system.empty() && !system.empty() && rule.system != system) return No();
  MembershipResult result = Yes();
  if (!rule.system.empty()) {
    if (!rule.concepts.empty()) {
      result = rule.concepts.contains(code) ? Yes() : No();
    } else {
      const CodeSystemInfo* cs = FindCodeSystem(rule.system);
      if (cs == nullptr || cs->content == "not-present") {
        // A grammar defines some systems: a code outside it is certainly not a member.
        if (rule.system == kMimeTypeSystem && rule.filters.empty() && !IsValidMimeType(code)) return No();
        return Unknown(Concat("code system ", rule.system, " is not available here"));
      }
      const bool known = cs->display.contains(code);
      if (rule.filters.empty()) {
        if (!known && cs->content != "complete") {
          return Unknown(Concat("code system ", rule.system, " is only partly available (", cs->content, ")"));
        }
        result = known ? Yes() : No();
      } else {
        for (const ConceptFilter& f : rule.filters) {
          bool ok;
          if (f.property == "concept" && (f.op == "is-a" || f.op == "descendent-of")) {
            std::string c(code);
            ok = known && (IsDescendant(*cs, c, f.value, 0) || (f.op == "is-a" && c == f.value));
          } else if (f.property == "concept" && f.op == "=") {
            ok = code == f.value;
          } else if (f.property == "concept" && f.op == "in") {
            ok = false;
            for (std::string_view rest = f.value; !rest.empty();) {
              size_t comma = rest.find(',');
              ok |= rest.substr(0, comma) == code;
              rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            }
          } else {
            return Unknown(Concat("filter ", f.property, " ", f.op, " on ", rule.system, " is not evaluated"));
          }
          if (!ok) return No();
        }
      }
    }
  }
  if (result.membership != Membership::kMember) return result;
  for (const std::string& other : rule.value_sets) {
    const ValueSetInfo* vs = FindValueSet(other);
    if (vs == nullptr) return Unknown(Concat("value set ", other, " is not loaded"));
    MembershipResult r = ContainsAt(*vs, system, code, depth + 1);
    if (r.membership != Membership::kMember) return r;
  }
  return result;
}

}  // namespace conformance
