// File: conformance/fhirpath/functions_encoding.cc
// encode()/decode() (base64, urlbase64, hex) and escape()/unescape() (html, json).
#include <string>

#include "conformance/fhirpath/function_support.h"

namespace conformance::fhirpath {
namespace {

constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64Encode(std::string_view in, bool url) {
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    const size_t rem = in.size() - i;
    uint32_t n = static_cast<uint32_t>(static_cast<uint8_t>(in[i])) << 16;
    if (rem > 1) n |= static_cast<uint32_t>(static_cast<uint8_t>(in[i + 1])) << 8;
    if (rem > 2) n |= static_cast<uint8_t>(in[i + 2]);
    for (int k = 0; k < 4; ++k) {
      if ((k == 2 && rem < 2) || (k == 3 && rem < 3)) {
        out.push_back('=');
        continue;
      }
      char c = kBase64[(n >> (18 - 6 * k)) & 63];
      if (url && c == '+') c = '-';
      if (url && c == '/') c = '_';
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    if (c == '-') c = '+';
    if (c == '_') c = '/';
    size_t v = kBase64.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buf >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

FHIRPATH_FUNCTION(FnEncode) {
  std::optional<std::string_view> s, format;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &format); !st.ok()) return st;
  if (!s || !format) return absl::OkStatus();
  std::string r;
  if (*format == "hex") {
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned char c : *s) fhir::Append(&r, kHex[c >> 4], kHex[c & 15]);
  } else if (*format == "base64" || *format == "urlbase64") {
    r = Base64Encode(*s, *format == "urlbase64");
  } else {
    return EvalError(call, fhir::Concat("encode(): unknown format '", *format, "'"));
  }
  out->push_back(Item::Str(ev.Keep(std::move(r))));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnDecode) {
  std::optional<std::string_view> s, format;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &format); !st.ok()) return st;
  if (!s || !format) return absl::OkStatus();
  std::optional<std::string> r;
  if (*format == "hex") {
    if (s->size() % 2 != 0) return absl::OkStatus();
    std::string d;
    for (size_t i = 0; i < s->size(); i += 2) {
      auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1; };
      int hi = hex((*s)[i]), lo = hex((*s)[i + 1]);
      if (hi < 0 || lo < 0) return absl::OkStatus();
      d.push_back(static_cast<char>(hi * 16 + lo));
    }
    r = d;
  } else if (*format == "base64" || *format == "urlbase64") {
    r = Base64Decode(*s);
  } else {
    return EvalError(call, fhir::Concat("decode(): unknown format '", *format, "'"));
  }
  if (r) out->push_back(Item::Str(ev.Keep(std::move(*r))));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnEscape) {
  std::optional<std::string_view> s, format;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &format); !st.ok()) return st;
  if (!s || !format) return absl::OkStatus();
  std::string r;
  for (char c : *s) {
    if (*format == "html") {
      switch (c) {
        case '<': r += "&lt;"; break;
        case '>': r += "&gt;"; break;
        case '&': r += "&amp;"; break;
        case '"': r += "&quot;"; break;
        case '\'': r += "&#39;"; break;
        default: r.push_back(c);
      }
    } else if (*format == "json") {
      if (c == '"' || c == '\\') r.push_back('\\');
      r.push_back(c);
    } else {
      return EvalError(call, fhir::Concat("escape(): unknown format '", *format, "'"));
    }
  }
  out->push_back(Item::Str(ev.Keep(std::move(r))));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnUnescape) {
  std::optional<std::string_view> s, format;
  if (absl::Status st = StringInput(call, input, &s); !st.ok()) return st;
  if (absl::Status st = StringArg(ev, call, 0, scope, &format); !st.ok()) return st;
  if (!s || !format) return absl::OkStatus();
  std::string r;
  if (*format == "html") {
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
    for (size_t i = 0; i < s->size();) {
      bool hit = false;
      for (const auto& [entity, ch] : kEntities) {
        if (s->substr(i).starts_with(entity)) {
          r.push_back(ch);
          i += entity.size();
          hit = true;
          break;
        }
      }
      if (!hit) r.push_back((*s)[i++]);
    }
  } else if (*format == "json") {
    for (size_t i = 0; i < s->size(); ++i) {
      if ((*s)[i] == '\\' && i + 1 < s->size()) ++i;
      r.push_back((*s)[i]);
    }
  } else {
    return EvalError(call, fhir::Concat("unescape(): unknown format '", *format, "'"));
  }
  out->push_back(Item::Str(ev.Keep(std::move(r))));
  return absl::OkStatus();
}

}  // namespace conformance::fhirpath
