// File: conformance/narrative_sections.cc
#include "conformance/narrative_sections.h"

namespace conformance {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string Trimmed(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// The value of attribute `name` in the start tag `tag` ("<p class='x'"); empty when absent.
std::string Attribute(std::string_view tag, std::string_view name) {
  for (size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !IsSpace(tag[at - 1])) continue;
    size_t p = at + name.size();
    while (p < tag.size() && IsSpace(tag[p])) ++p;
    if (p >= tag.size() || tag[p] != '=') continue;
    ++p;
    while (p < tag.size() && IsSpace(tag[p])) ++p;
    if (p >= tag.size() || (tag[p] != '"' && tag[p] != '\'')) continue;
    size_t end = tag.find(tag[p], p + 1);
    if (end == std::string_view::npos) return {};
    return std::string(tag.substr(p + 1, end - p - 1));
  }
  return {};
}

}  // namespace

std::vector<NarrativeNode> TopLevelNodes(std::string_view x) {
  std::vector<NarrativeNode> out;
  int depth = 0;  // 1 inside the root element
  size_t i = 0;
  while (i < x.size()) {
    if (x[i] != '<') {
      size_t next = x.find('<', i);
      if (next == std::string_view::npos) next = x.size();
      std::string text = Trimmed(x.substr(i, next - i));
      if (depth == 1 && !text.empty()) out.push_back({true, text, {}, {}});
      i = next;
      continue;
    }
    if (x.substr(i, 4) == "<!--") {
      size_t end = x.find("-->", i);
      i = end == std::string_view::npos ? x.size() : end + 3;
      continue;
    }
    size_t end = x.find('>', i);
    if (end == std::string_view::npos) break;
    std::string_view tag = x.substr(i, end - i);
    i = end + 1;
    if (tag.starts_with("<?") || tag.starts_with("<!")) continue;
    if (tag.starts_with("</")) {
      --depth;
      continue;
    }
    const bool self_closing = tag.ends_with("/");
    if (depth == 1) {
      size_t name_end = 1;
      while (name_end < tag.size() && !IsSpace(tag[name_end]) && tag[name_end] != '/') ++name_end;
      std::string lang = Attribute(tag, "xml:lang");
      if (lang.empty()) lang = Attribute(tag, "lang");
      out.push_back({false, std::string(tag.substr(1, name_end - 1)), lang, Attribute(tag, "class")});
    }
    if (!self_closing) ++depth;
  }
  return out;
}

}  // namespace conformance
