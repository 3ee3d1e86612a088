// File: fhir/element.h
// The in-memory FHIR element tree: one representation for any R4 resource, whether it was read
// from JSON, from XML, or built by a mapper.
//
// Shape. An Element is a resource, a complex value, or a primitive. A primitive has a value
// (`has_value()`), and may also have properties `id` and `extension` (FHIR JSON's `_name`
// companion, FHIR XML's attributes and child elements): both halves live in one Element. A
// property is a name with one or more Elements; `is_array()` records that the source (JSON) or the
// type model (XML) said the element repeats, so a single-item array writes back as an array.
// A JSON array with a `null` hole yields an Element with neither value nor properties.
//
// Ownership. Elements, properties and strings live in the Arena of the Document that holds them
// (or point into the Document's source text); they are plain data, trivially destructible, and
// safe to read from many threads once built.
#ifndef FHIRGW_FHIR_ELEMENT_H_
#define FHIRGW_FHIR_ELEMENT_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace fhir {

// What kind of JSON value a primitive has (FHIR JSON distinguishes strings from numbers and
// booleans; integer and decimal must be numbers, boolean must be true/false).
enum class ValueKind : uint8_t {
  kNone,     // no value: a complex element, or a primitive with only id/extension
  kString,   // JSON string (or XML value attribute when the type model says string-like)
  kNumber,   // JSON number; value() is the exact source text, e.g. "1.50"
  kBoolean,  // value() is "true" or "false"
};

struct Property;

struct Element {
  // The primitive value. For strings, the unescaped text; for numbers, the exact source text.
  // For a resource, its type name (resources have no value, and sharing the field keeps an
  // Element at 40 bytes: trees are mostly Elements, so size is speed).
  std::string_view value;
  const Property* properties = nullptr;
  uint32_t property_count = 0;
  // Byte offset of this element's start in the source text (kNoOffset when built in memory).
  uint32_t offset = kNoOffset;
  ValueKind kind = ValueKind::kNone;
  // True for a JSON `null` array hole that no `_name` companion filled (an error the reader
  // reports; kept so array positions stay aligned).
  bool is_null = false;
  // This element is a resource (root, contained, Bundle.entry.resource, ...).
  bool is_resource = false;
  // Byte length of a JSON object's source text, braces included: equal text under the same
  // definition validates the same (see conformance/clean_subtrees.h). 0 when unknown (primitives,
  // XML, elements built in memory). Fits the padding after the flags: the Element stays 40 bytes.
  uint32_t length = 0;

  static constexpr uint32_t kNoOffset = 0xFFFFFFFFu;

  bool has_value() const { return kind != ValueKind::kNone; }
  // The resourceType of a resource; empty for other elements.
  std::string_view resource_type() const { return is_resource ? value : std::string_view(); }
  void set_resource_type(std::string_view type) {
    value = type;
    is_resource = true;
  }
  std::span<const Property> props() const;
  // Returns the property named `name`, or nullptr. Linear: FHIR objects are small.
  const Property* Find(std::string_view name) const;
  // Returns the first item of property `name`, or nullptr.
  const Element* First(std::string_view name) const;
  // Returns the value of the first item of property `name`; empty when absent.
  std::string_view ValueOf(std::string_view name) const;
};

struct Property {
  std::string_view name;
  const Element* items = nullptr;
  uint32_t size = 0;
  // Byte offset of the property's name in the source text (kNoOffset when built in memory).
  uint32_t offset = Element::kNoOffset;
  bool is_array = false;
  // True when the property is a FHIR primitive (its items may carry a value), so writers know to
  // put id/extension in a `_name` companion even when no item has a value.
  bool is_primitive = false;

  std::span<const Element> elements() const { return {items, size}; }
};

inline std::span<const Property> Element::props() const {
  return {properties, property_count};
}

}  // namespace fhir

#endif  // FHIRGW_FHIR_ELEMENT_H_
