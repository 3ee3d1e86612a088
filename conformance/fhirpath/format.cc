// File: conformance/fhirpath/format.cc
#include "conformance/fhirpath/format.h"

#include "conformance/fhirpath/compare.h"
#include "conformance/fhirpath/ucum.h"
#include "fhir/json_writer.h"
#include "fhir/text.h"

namespace conformance::fhirpath {

std::string ItemText(const Item& item) {
  std::optional<Item> v = ToSystem(item);
  if (!v) return {};
  switch (v->type) {
    case ValueType::kNode: return fhir::WriteJson(*v->node);
    case ValueType::kBoolean: return v->boolean ? "true" : "false";
    case ValueType::kInteger: return fhir::Concat(v->integer);
    case ValueType::kDecimal: return FormatDecimal(v->decimal, v->scale);
    case ValueType::kString: return std::string(v->text);
    case ValueType::kDate:
    case ValueType::kDateTime: return fhir::Concat("@", v->text);
    case ValueType::kTime: return fhir::Concat("@T", v->text);
    case ValueType::kQuantity:
      return IsCalendarKeyword(v->text) ? fhir::Concat(FormatDecimal(v->decimal, v->scale), " ", v->text)
                                        : fhir::Concat(FormatDecimal(v->decimal, v->scale), " '", v->text, "'");
  }
  return {};
}

std::string ResultJson(const Collection& result) {
  std::string out = "[";
  for (size_t i = 0; i < result.size(); ++i) {
    if (i > 0) out += ',';
    const Item& item = result[i];
    if (item.is_node() && !item.node->has_value()) {
      fhir::WriteJson(*item.node, {}, &out);
      continue;
    }
    std::optional<Item> v = ToSystem(item);
    if (!v) {
      out += "null";
      continue;
    }
    switch (v->type) {
      case ValueType::kNode: fhir::WriteJson(*v->node, {}, &out); break;
      case ValueType::kBoolean: out += v->boolean ? "true" : "false"; break;
      case ValueType::kInteger: fhir::Append(&out, v->integer); break;
      case ValueType::kDecimal: out += FormatDecimal(v->decimal, v->scale); break;
      case ValueType::kString:
      case ValueType::kDate:
      case ValueType::kDateTime:
      case ValueType::kTime: fhir::AppendJsonString(v->text, &out); break;
      case ValueType::kQuantity:
        out += "{\"value\":";
        out += FormatDecimal(v->decimal, v->scale);
        out += ",\"unit\":";
        fhir::AppendJsonString(v->text, &out);
        out += "}";
        break;
    }
  }
  out += "]";
  return out;
}

}  // namespace conformance::fhirpath
