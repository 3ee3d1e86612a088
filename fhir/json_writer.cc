// File: fhir/json_writer.cc
#include "fhir/json_writer.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace fhir {
namespace {

constexpr char kHex[] = "0123456789abcdef";

class Writer {
 public:
  Writer(const JsonWriteOptions& options, std::string* out) : pretty_(options.pretty), out_(*out) {}

  void Object(const Element& e, int depth) {
    out_.push_back('{');
    bool first = true;
    if (e.is_resource) {
      Key("resourceType", first, depth + 1);
      AppendJsonString(e.value, &out_);
    }
    for (const Property& p : e.props()) {
      if (p.is_primitive) {
        PrimitiveProperty(p, first, depth + 1);
      } else {
        Key(p.name, first, depth + 1);
        if (p.is_array) {
          Array(p, depth + 1, [&](const Element& item) { ObjectOrNull(item, depth + 2); });
        } else if (p.size > 0) {
          ObjectOrNull(p.items[0], depth + 1);
        }
      }
    }
    if (!first) Newline(depth);
    out_.push_back('}');
  }

 private:
  void PrimitiveProperty(const Property& p, bool& first, int depth) {
    bool any_value = false;
    bool any_extra = false;
    for (const Element& item : p.elements()) {
      any_value |= item.has_value();
      any_extra |= item.property_count != 0;
    }
    if (any_value) {
      Key(p.name, first, depth);
      auto value = [&](const Element& item) {
        if (item.has_value()) {
          Value(item);
        } else {
          out_.append("null");
        }
      };
      if (p.is_array) {
        Array(p, depth, value);
      } else if (p.size > 0) {
        value(p.items[0]);
      }
    }
    if (any_extra || !any_value) {
      std::string companion = "_";
      companion.append(p.name);
      Key(companion, first, depth);
      auto extra = [&](const Element& item) {
        if (item.property_count != 0) {
          Object(WithoutValue(item), depth + (p.is_array ? 1 : 0));
        } else {
          out_.append("null");
        }
      };
      if (p.is_array) {
        Array(p, depth, extra);
      } else if (p.size > 0) {
        extra(p.items[0]);
      }
    }
  }

  static Element WithoutValue(const Element& e) {
    Element copy = e;
    copy.kind = ValueKind::kNone;
    copy.value = {};
    return copy;
  }

  void ObjectOrNull(const Element& e, int depth) {
    if (e.is_null) {
      out_.append("null");
    } else {
      Object(e, depth);
    }
  }

  template <typename F>
  void Array(const Property& p, int depth, F&& item_writer) {
    out_.push_back('[');
    for (uint32_t i = 0; i < p.size; ++i) {
      if (i != 0) out_.push_back(',');
      Newline(depth + 1);
      item_writer(p.items[i]);
    }
    if (p.size != 0) Newline(depth);
    out_.push_back(']');
  }

  void Value(const Element& e) {
    if (e.kind == ValueKind::kString) {
      AppendJsonString(e.value, &out_);
    } else {
      out_.append(e.value);  // numbers keep their exact source text; booleans are true/false
    }
  }

  void Key(std::string_view name, bool& first, int depth) {
    if (!first) out_.push_back(',');
    first = false;
    Newline(depth);
    AppendJsonString(name, &out_);
    out_.push_back(':');
    if (pretty_) out_.push_back(' ');
  }

  void Newline(int depth) {
    if (!pretty_) return;
    out_.push_back('\n');
    out_.append(static_cast<size_t>(depth) * 2, ' ');
  }

  bool pretty_;
  std::string& out_;
};

}  // namespace

namespace {

// True when one of the 8 bytes of `w` is a control character, '"' or '\\' (the bytes JSON
// escapes): bit tricks over a word, since most text has none and this runs for every string
// written (issue texts, resource values).
bool WordNeedsEscape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  const uint64_t control = (w - kOnes * 0x20) & ~w & kHighs;  // a byte below 0x20
  return (control | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}

// The escape sequence for byte `c` (one that WordNeedsEscape flags) at `out`; returns its end.
char* WriteEscape(unsigned char c, char* out) {
  *out++ = '\\';
  switch (c) {
    case '"': *out++ = '"'; break;
    case '\\': *out++ = '\\'; break;
    case '\n': *out++ = 'n'; break;
    case '\r': *out++ = 'r'; break;
    case '\t': *out++ = 't'; break;
    case '\b': *out++ = 'b'; break;
    case '\f': *out++ = 'f'; break;
    default:
      std::memcpy(out, "u00", 3);
      out[3] = kHex[c >> 4];
      out[4] = kHex[c & 0xF];
      out += 5;
  }
  return out;
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  size_t run = 0;  // start of the pending run of characters that need no escaping
  for (size_t i = 0; i < text.size(); ++i) {
    // Skip whole words that need nothing (the loop below then finds the byte in the word).
    while (i + 8 <= text.size()) {
      uint64_t w;
      std::memcpy(&w, text.data() + i, sizeof(w));
      if (WordNeedsEscape(w)) break;
      i += 8;
    }
    if (i >= text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + run, i - run);
    run = i + 1;
    char escape[6];
    out->append(escape, WriteEscape(c, escape));
  }
  out->append(text.data() + run, text.size() - run);
  out->push_back('"');
}

char* WriteJsonString(std::string_view text, char* out) {
  *out++ = '"';
  size_t i = 0;
  while (i < text.size()) {
    // Whole words that need nothing are copied as words.
    while (i + 8 <= text.size()) {
      uint64_t w;
      std::memcpy(&w, text.data() + i, sizeof(w));
      if (WordNeedsEscape(w)) break;
      std::memcpy(out, &w, sizeof(w));
      out += 8;
      i += 8;
    }
    for (const size_t stop = std::min(text.size(), i + 8); i < stop; ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c != '"' && c != '\\') {
        *out++ = static_cast<char>(c);
      } else {
        out = WriteEscape(c, out);
      }
    }
  }
  *out++ = '"';
  return out;
}

void WriteJson(const Element& element, const JsonWriteOptions& options, std::string* out) {
  Writer(options, out).Object(element, 0);
}

std::string WriteJson(const Element& element, const JsonWriteOptions& options) {
  std::string out;
  WriteJson(element, options, &out);
  return out;
}

}  // namespace fhir
