// File: fhir/text.h
// String concatenation over std::string_view and numbers. (Debian's Abseil is built with its own
// absl::string_view, which absl::StrCat requires; this keeps our code on std::string_view.)
#ifndef FHIRGW_FHIR_TEXT_H_
#define FHIRGW_FHIR_TEXT_H_

#include <charconv>
#include <concepts>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace fhir {

// `s` equals the literal `lit`. The length is a constant, so the compiler expands the compare
// inline; string_view's == calls memcmp with the run-time length, a library call each time
// (perf: memcmp was 7% of the validator's time, much of it names and type codes against literals).
template <size_t N>
inline bool EqualsLiteral(std::string_view s, const char (&lit)[N]) {
  return s.size() == N - 1 && std::memcmp(s.data(), lit, N - 1) == 0;
}

namespace text_internal {

inline void AppendPiece(std::string& out, std::string_view s) { out.append(s); }
inline void AppendPiece(std::string& out, const char* s) { out.append(s); }
inline void AppendPiece(std::string& out, const std::string& s) { out.append(s); }
// absl::Status::message() and friends (Debian's Abseil has its own string_view).
inline void AppendPiece(std::string& out, absl::string_view s) { out.append(s.data(), s.size()); }
inline void AppendPiece(std::string& out, char c) { out.push_back(c); }
template <std::integral T>
  requires(!std::same_as<T, char> && !std::same_as<T, bool>)
void AppendPiece(std::string& out, T n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), n);
  out.append(buf, static_cast<size_t>(end - buf));
}

}  // namespace text_internal

// Appends every piece (strings, characters, integers) to `out`.
template <typename... Pieces>
void Append(std::string* out, const Pieces&... pieces) {
  (text_internal::AppendPiece(*out, pieces), ...);
}

// Returns the pieces (strings, characters, integers) joined.
template <typename... Pieces>
std::string Concat(const Pieces&... pieces) {
  std::string out;
  Append(&out, pieces...);
  return out;
}

// Hash and equality that let maps keyed by std::string be searched with a std::string_view
// without building a string.
struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct StringViewEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};
template <typename V>
using StringMap = absl::flat_hash_map<std::string, V, StringViewHash, StringViewEq>;
// A set of strings looked up by string_view without a copy.
using StringSet = absl::flat_hash_set<std::string, StringViewHash, StringViewEq>;

}  // namespace fhir

#endif  // FHIRGW_FHIR_TEXT_H_
