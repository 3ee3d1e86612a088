// File: tests/fhir/json_canonical.cc
#include "tests/fhir/json_canonical.h"

#include <simdjson.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace fhir::testing {
namespace {

namespace od = simdjson::ondemand;

void Quote(std::string_view s, std::string& out) {
  out.push_back('"');
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      out.append("\\x").append(std::to_string(c)).push_back(';');
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

bool Canon(od::value v, std::string& out);

bool CanonObject(od::object o, std::string& out) {
  std::vector<std::pair<std::string, std::string>> members;
  for (auto f : o) {
    od::field field;
    if (std::move(f).get(field)) return false;
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    std::string k(key);
    std::string value;
    if (!Canon(field.value(), value)) return false;
    members.emplace_back(std::move(k), std::move(value));
  }
  std::sort(members.begin(), members.end());
  out.push_back('{');
  for (size_t i = 0; i < members.size(); ++i) {
    if (i) out.push_back(',');
    Quote(members[i].first, out);
    out.push_back(':');
    out.append(members[i].second);
  }
  out.push_back('}');
  return true;
}

bool Canon(od::value v, std::string& out) {
  od::json_type t;
  if (v.type().get(t)) return false;
  switch (t) {
    case od::json_type::object: {
      od::object o;
      return !v.get_object().get(o) && CanonObject(o, out);
    }
    case od::json_type::array: {
      od::array a;
      if (v.get_array().get(a)) return false;
      out.push_back('[');
      bool first = true;
      for (auto item : a) {
        od::value x;
        if (std::move(item).get(x)) return false;
        if (!first) out.push_back(',');
        first = false;
        if (!Canon(x, out)) return false;
      }
      out.push_back(']');
      return true;
    }
    case od::json_type::string: {
      std::string_view s;
      if (v.get_string().get(s)) return false;
      Quote(s, out);
      return true;
    }
    default: {
      std::string_view raw = v.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t')) raw.remove_suffix(1);
      out.append(raw);
      return true;
    }
  }
}

}  // namespace

std::optional<std::string> CanonicalJson(std::string_view json) {
  static thread_local od::parser parser;
  simdjson::padded_string padded(json);
  od::document doc;
  if (parser.iterate(padded).get(doc)) return std::nullopt;
  od::object o;
  if (doc.get_object().get(o)) return std::nullopt;
  std::string out;
  if (!CanonObject(o, out)) return std::nullopt;
  return out;
}

}  // namespace fhir::testing
