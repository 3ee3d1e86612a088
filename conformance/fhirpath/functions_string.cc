// File: conformance/fhirpath/functions_string.cc
// String manipulation functions. Positions and lengths count bytes of the UTF-8 text, which is
// exact for ASCII (every invariant in the shipped packages) and documented as such.
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "conformance/fhirpath/function_support.h"
#include "re2/re2.h"

namespace conformance::fhirpath {

// The string input of a string function: nullopt for empty input; an error for a non-string.
absl::Status StringInput(const Node& call, const Collection& input, std::optional<std::string_view>* out) {
  out->reset();
  std::optional<Item> v;
  if (absl::Status s = SingleInput(call, input, &v); !s.ok()) return s;
  if (!v) return absl::OkStatus();
  if (v->type != ValueType::kString) return EvalError(call, fhir::Concat(call.name, "() needs a string input"));
  *out = v->text;
  return absl::OkStatus();
}

absl::Status StringArg(Evaluation& ev, const Node& call, size_t i, const Scope& scope,
                       std::optional<std::string_view>* out) {
  std::optional<Item> v;
  if (absl::Status s = ArgValue(ev, call, i, scope, ValueType::kString, &v); !s.ok()) return s;
  if (v) {
    *out = v->text;
  } else {
    out->reset();
  }
  return absl::OkStatus();
}

namespace {

// Compiled regular expressions by pattern, shared by all threads (patterns are few: they come
// from expressions, and invariants are fixed). Past a bound the cache stops growing and new
// patterns are compiled for the one call, so hostile input cannot grow memory without limit.
std::shared_ptr<const RE2> CachedRegex(std::string_view pattern) {
  // A reader-writer lock: after warm-up every lookup is a hit, and hits only read. (std's lock
  // rather than absl::Mutex, whose deadlock detection is active in Debian's build.)
  static std::shared_mutex mu;
  static auto* cache = new absl::flat_hash_map<std::string, std::shared_ptr<const RE2>, fhir::StringViewHash,
                                               fhir::StringViewEq>();
  {
    std::shared_lock<std::shared_mutex> read(mu);
    auto it = cache->find(pattern);
    if (it != cache->end()) return it->second;
  }
  std::unique_lock<std::shared_mutex> write(mu);
  auto it = cache->find(pattern);
  if (it != cache->end()) return it->second;
  RE2::Options options;
  options.set_log_errors(false);
  options.set_dot_nl(true);
  auto re = std::make_shared<const RE2>(std::string(pattern), options);
  if (cache->size() < 4096) cache->emplace(std::string(pattern), re);
  return re;
}

// A unary string -> string function.
template <typename F>
absl::Status MapString(Evaluation& ev, const Node& call, const Collection& input, Collection* out, F f) {
  std::optional<std::string_view> s;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (s) out->push_back(Item::Str(ev.Keep(f(*s))));
  return absl::OkStatus();
}

}  // namespace

FHIRPATH_FUNCTION(FnIndexOf) {
  std::optional<std::string_view> s, sub;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &sub); !st.ok()) return st;
  if (!s || !sub) return absl::OkStatus();
  size_t p = s->find(*sub);
  out->push_back(Item::Int(p == std::string_view::npos ? -1 : static_cast<int64_t>(p)));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnLastIndexOf) {
  std::optional<std::string_view> s, sub;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &sub); !st.ok()) return st;
  if (!s || !sub) return absl::OkStatus();
  size_t p = s->rfind(*sub);
  out->push_back(Item::Int(p == std::string_view::npos ? -1 : static_cast<int64_t>(p)));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnSubstring) {
  std::optional<std::string_view> s;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  std::optional<Item> start, length;
  if (absl::Status st = ArgValue(ev, call, 0, scope, ValueType::kInteger, &start); !st.ok()) return st;
  if (call.args.size() > 1) {
    if (absl::Status st = ArgValue(ev, call, 1, scope, ValueType::kInteger, &length); !st.ok()) return st;
  }
  if (!s || !start || start->integer < 0 || static_cast<size_t>(start->integer) >= s->size()) return absl::OkStatus();
  size_t n = std::string_view::npos;
  if (call.args.size() > 1) {
    if (!length) return absl::OkStatus();
    n = length->integer <= 0 ? 0 : static_cast<size_t>(length->integer);
  }
  out->push_back(Item::Str(s->substr(static_cast<size_t>(start->integer), n)));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnStartsWith) {
  std::optional<std::string_view> s, p;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &p); !st.ok()) return st;
  if (s && p) out->push_back(Item::Bool(s->starts_with(*p)));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnEndsWith) {
  std::optional<std::string_view> s, p;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &p); !st.ok()) return st;
  if (s && p) out->push_back(Item::Bool(s->ends_with(*p)));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnContainsString) {
  std::optional<std::string_view> s, p;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &p); !st.ok()) return st;
  if (s && p) out->push_back(Item::Bool(s->find(*p) != std::string_view::npos));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnUpper) {
  return MapString(ev, call, input, out, [](std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return r;
  });
}

FHIRPATH_FUNCTION(FnLower) {
  return MapString(ev, call, input, out, [](std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return r;
  });
}

FHIRPATH_FUNCTION(FnTrim) {
  return MapString(ev, call, input, out, [](std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return std::string();
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
  });
}

FHIRPATH_FUNCTION(FnReplace) {
  std::optional<std::string_view> s, pattern, subst;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &pattern); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 1, scope, &subst); !st.ok()) return st;
  if (!s || !pattern || !subst) return absl::OkStatus();
  std::string r;
  if (pattern->empty()) {
    for (char c : *s) fhir::Append(&r, *subst, c);
    r.append(*subst);
  } else {
    size_t pos = 0;
    while (true) {
      size_t hit = s->find(*pattern, pos);
      if (hit == std::string_view::npos) break;
      fhir::Append(&r, s->substr(pos, hit - pos), *subst);
      pos = hit + pattern->size();
    }
    r.append(s->substr(pos));
  }
  out->push_back(Item::Str(ev.Keep(std::move(r))));
  return absl::OkStatus();
}

absl::Status Match(Evaluation& ev, const Node& call, const Scope& scope, const Collection& input, bool full,
                   Collection* out) {
  std::optional<std::string_view> s, pattern;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &pattern); !st.ok()) return st;
  if (!s || !pattern) return absl::OkStatus();
  std::shared_ptr<const RE2> re = CachedRegex(*pattern);
  if (!re->ok()) return EvalError(call, fhir::Concat("invalid regular expression: ", re->error()));
  bool m = full ? RE2::FullMatch(*s, *re) : RE2::PartialMatch(*s, *re);
  out->push_back(Item::Bool(m));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnMatches) { return Match(ev, call, scope, input, false, out); }
FHIRPATH_FUNCTION(FnMatchesFull) { return Match(ev, call, scope, input, true, out); }

FHIRPATH_FUNCTION(FnReplaceMatches) {
  std::optional<std::string_view> s, pattern, subst;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &pattern); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 1, scope, &subst); !st.ok()) return st;
  if (!s || !pattern || !subst) return absl::OkStatus();
  if (pattern->empty()) {  // an empty pattern matches nowhere worth replacing
    out->push_back(Item::Str(*s));
    return absl::OkStatus();
  }
  std::shared_ptr<const RE2> re = CachedRegex(*pattern);
  if (!re->ok()) return EvalError(call, fhir::Concat("invalid regular expression: ", re->error()));
  // FHIRPath writes group references as $1; RE2 as \1.
  std::string rewrite;
  for (size_t i = 0; i < subst->size(); ++i) {
    char c = (*subst)[i];
    if (c == '$' && i + 1 < subst->size() && (*subst)[i + 1] >= '0' && (*subst)[i + 1] <= '9') {
      rewrite.push_back('\\');
    } else if (c == '\\') {
      rewrite.push_back('\\');
    }
    rewrite.push_back(c);
  }
  std::string r(*s);
  RE2::GlobalReplace(&r, *re, rewrite);
  out->push_back(Item::Str(ev.Keep(std::move(r))));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnLength) {
  std::optional<std::string_view> s;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (s) out->push_back(Item::Int(static_cast<int64_t>(s->size())));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnToChars) {
  std::optional<std::string_view> s;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (!s) return absl::OkStatus();
  for (size_t i = 0; i < s->size(); ++i) out->push_back(Item::Str(s->substr(i, 1)));
  return ev.Charge(s->size());
}

FHIRPATH_FUNCTION(FnSplit) {
  std::optional<std::string_view> s, sep;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &sep); !st.ok()) return st;
  if (!s || !sep) return absl::OkStatus();
  if (sep->empty()) {
    for (size_t i = 0; i < s->size(); ++i) out->push_back(Item::Str(s->substr(i, 1)));
    return ev.Charge(s->size());
  }
  size_t pos = 0;
  while (true) {
    size_t hit = s->find(*sep, pos);
    out->push_back(Item::Str(s->substr(pos, hit == std::string_view::npos ? std::string_view::npos : hit - pos)));
    if (hit == std::string_view::npos) break;
    pos = hit + sep->size();
  }
  return ev.Charge(out->size());
}

FHIRPATH_FUNCTION(FnJoin) {
  std::optional<std::string_view> sep;
  if (!call.args.empty()) {
    if (absl::Status st = StringArg(ev, call, 0, scope, &sep); !st.ok()) return st;
  }
  std::string r;
  for (size_t i = 0; i < input.size(); ++i) {
    std::optional<Item> v = ToSystem(input[i]);
    if (!v || v->type != ValueType::kString) return EvalError(call, "join() needs strings");
    if (i > 0 && sep) r.append(*sep);
    r.append(v->text);
  }
  out->push_back(Item::Str(ev.Keep(std::move(r))));
  return absl::OkStatus();
}

}  // namespace conformance::fhirpath
