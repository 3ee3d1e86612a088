// File: conformance/fhirpath/context_names.h
// Which child elements of its context an expression can depend on. When an expression reaches
// its context only through child names (no $this, %resource, type tests or functions applied to
// the context itself, except inside the per-item arguments of where(), select(), all() and the
// like, which never run without those children), its result on an element that has none of
// those children is a constant: the validator evaluates it once and skips the evaluation on such
// elements (dom-2..dom-5 on resources without contained resources, qty-3 on quantities without a
// code, obs-7 on observations without a value or components, ...).
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_CONTEXT_NAMES_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_CONTEXT_NAMES_H_

#include <string>
#include <vector>

#include "conformance/fhirpath/ast.h"
#include "fhir/element.h"

namespace conformance::fhirpath {

// Fills `names` and returns true when `expr` depends on its context only through those child
// names; false when it may depend on the context in other ways.
bool ContextNames(const Expression& expr, std::vector<std::string>* names);

// Sets of child names each of which, when an element has none of them, makes `expr` hold there
// whatever else the element has: the names of a disjunct of a top-level `or` chain that is true
// on an element without them (obs-7's `component...empty()`), of an `implies` condition that is
// then not true, or of an `implies` consequence that is then true. "Holds" as the validator
// judges an invariant: the result is not a single false. Sets whose disjunct evaluates with an
// error, or reaches beyond its names, are left out.
struct SufficientAbsence {
  std::vector<std::string> names;
  const Node* part;  // the disjunct, condition or consequence the names are of
  bool part_true;    // what `part` gives without them: a single true, or (a condition) not true
};
std::vector<SufficientAbsence> SufficientAbsences(const Expression& expr);

// True when `e` has a child named one of `names` (choice elements by their stem: "value" matches
// "valueQuantity").
bool HasAnyChild(const fhir::Element& e, const std::vector<std::string>& names);

// A name's bit (0-63) in the masks below: a hash of its first three bytes, which a choice
// element's stem ("value") and its typed names ("valueQuantity") share.
inline uint32_t NameBit(std::string_view name) {
  uint32_t v = 0;
  for (size_t i = 0; i < name.size() && i < 3; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(name[i])) << (8 * i);
  return (v * 0x9E3779B1u) >> 26;
}

// The bits of all of `e`'s property names: computed once per element, it rules out at once
// every name set that shares no bit with it.
uint64_t ChildNameBits(const fhir::Element& e);

// Names to test elements against many times (an invariant's guard, for every element it is
// checked on), with the mask of their bits. A name shorter than three bytes sets every bit: a
// choice element named by it would hash by three bytes of its typed name.
struct ChildNameSet {
  explicit ChildNameSet(std::vector<std::string> n);
  std::vector<std::string> names;
  uint64_t bits = 0;
};
bool HasAnyChild(const fhir::Element& e, const ChildNameSet& names);
// The same, with `element_bits` = ChildNameBits(e) already at hand.
inline bool HasAnyChild(const fhir::Element& e, const ChildNameSet& names, uint64_t element_bits) {
  return (names.bits & element_bits) != 0 && HasAnyChild(e, names);
}

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_CONTEXT_NAMES_H_
