// File: conformance/fhirpath/value.h
// The values FHIRPath expressions work on: nodes of a FHIR element tree (with their FHIR type) and
// the System types (Boolean, Integer, Decimal, String, Date, DateTime, Time, Quantity). Collections
// are ordered and usually hold zero or one item, so they keep two inline.
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_VALUE_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_VALUE_H_

#include <cstdint>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "fhir/element.h"

namespace conformance::fhirpath {

enum class ValueType : uint8_t {
  kNode,  // an element of the tree; `type_key` says its FHIR type
  kBoolean,
  kInteger,
  kDecimal,
  kString,
  kDate,      // text holds the literal without '@', e.g. "2014-01"
  kDateTime,  // "2014-01-01T10:00:00.000+10:00"
  kTime,      // "10:30:00" (without the 'T')
  kQuantity,  // decimal + unit in text ("mg", "year", "'1'" as "1")
};

// A decimal's printed scale when it is not known (results of division, math functions).
inline constexpr uint8_t kUnknownScale = 255;

struct Item {
  ValueType type = ValueType::kBoolean;
  // Digits after the decimal point of kDecimal / kQuantity values (precision is part of a
  // decimal's FHIRPath identity: 1.0 prints as "1.0").
  uint8_t scale = 0;
  bool boolean = false;
  const fhir::Element* node = nullptr;
  // kNode: the type key the model navigates by: a type name ("HumanName", "Patient", "string") or,
  // for backbone elements, the element path ("Patient.contact"). Empty when unknown.
  std::string_view type_key;
  // kString: the string; temporal types: their text; kQuantity: the unit.
  std::string_view text;
  union {
    int64_t integer = 0;
    double decimal;
  };

  static Item Node(const fhir::Element* e, std::string_view key) {
    Item i;
    i.type = ValueType::kNode;
    i.node = e;
    i.type_key = key;
    return i;
  }
  static Item Bool(bool b) {
    Item i;
    i.boolean = b;
    return i;
  }
  static Item Int(int64_t v) {
    Item i;
    i.type = ValueType::kInteger;
    i.integer = v;
    return i;
  }
  static Item Dec(double v, uint8_t scale) {
    Item i;
    i.type = ValueType::kDecimal;
    i.decimal = v;
    i.scale = scale;
    return i;
  }
  static Item Str(std::string_view s) {
    Item i;
    i.type = ValueType::kString;
    i.text = s;
    return i;
  }
  static Item Temporal(ValueType t, std::string_view text) {
    Item i;
    i.type = t;
    i.text = text;
    return i;
  }
  static Item Qty(double v, uint8_t scale, std::string_view unit) {
    Item i;
    i.type = ValueType::kQuantity;
    i.decimal = v;
    i.scale = scale;
    i.text = unit;
    return i;
  }
  bool is_node() const { return type == ValueType::kNode; }
};

using Collection = absl::InlinedVector<Item, 2>;

// The FHIR type name of a node item: its key, or "BackboneElement" for backbone keys (paths).
std::string_view NodeTypeName(const Item& item);
// The System type name of a non-node item ("Boolean", "Integer", ...).
std::string_view SystemTypeName(ValueType type);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_VALUE_H_
