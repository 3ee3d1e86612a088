// File: conformance/fhirpath/compare.h
// Item-level semantics shared by operators and functions: turning FHIR primitive nodes into
// System values, equality (=), equivalence (~) and ordering (<).
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_COMPARE_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_COMPARE_H_

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "conformance/fhirpath/value.h"

namespace conformance::fhirpath {

// A primitive node as its System value (FHIR boolean -> Boolean, integer types -> Integer,
// date -> Date, instant -> DateTime, string-like -> String, Quantity-typed nodes -> Quantity).
// Other items are returned unchanged; nullopt for a primitive node without a value.
std::optional<Item> ToSystem(const Item& item);

// Equality of two items: true/false, or nullopt when it is unknown (different date precisions).
std::optional<bool> ItemsEqual(const Item& a, const Item& b);
bool ItemsEquivalent(const Item& a, const Item& b);
// Ordering: -1/0/1; nullopt when not comparable or unknown. *type_error is set when the two
// cannot be compared at all (a string with a number).
std::optional<int> CompareItems(const Item& a, const Item& b, bool* type_error);

// A set of items under FHIRPath equality, with hashing so that distinct(), union and repeat()
// stay linear on large collections (a deep-equal scan of every earlier item would be quadratic).
class ItemSet {
 public:
  // Adds `item` unless an equal item is already in; returns true when it was added.
  bool Insert(const Item& item);

 private:
  absl::flat_hash_map<uint64_t, absl::InlinedVector<Item, 1>> buckets_;
};

// The decimal value of an Integer or Decimal item.
double NumberOf(const Item& item);

// Prints a decimal with `scale` digits (kUnknownScale: the shortest exact form).
std::string FormatDecimal(double v, uint8_t scale);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_COMPARE_H_
