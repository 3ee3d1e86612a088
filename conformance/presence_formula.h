// File: conformance/presence_formula.h
// Constraints that ask only which direct children an element has, such as qty-3
// "code.empty() or system.exists()" and obs-6 "dataAbsentReason.empty() or value.empty()":
// exists() and empty() on child names, joined by not(), and, or, xor, implies, = and !=. Each
// side of those operators is then always one boolean, so the three-valued logic reduces to two
// values, and the answer follows from the element's properties alone. The validator answers
// them this way instead of running the FHIRPath evaluator (a few dozen instructions against
// a thousand); tests/conformance/presence_formula_test.cc proves the answers equal the
// published expressions' on the oncology corpus and the R4 examples.
#ifndef FHIRGW_CONFORMANCE_PRESENCE_FORMULA_H_
#define FHIRGW_CONFORMANCE_PRESENCE_FORMULA_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/model.h"
#include "fhir/element.h"

namespace conformance {

class PresenceFormula {
 public:
  // The formula of `expr`, or null when the expression is not of that form.
  static std::unique_ptr<PresenceFormula> Compile(const fhirpath::Expression& expr);

  // The expression's value on element `e`, whose FHIRPath type key is `key`.
  bool Holds(const fhir::Element& e, std::string_view key, const fhirpath::Model& model) const;

 private:
  enum class Op : uint8_t { kPresent, kNot, kAnd, kOr, kXor, kImplies, kEq, kNe };
  struct Step {
    Op op;
    uint8_t name = 0;  // kPresent: index into names_
  };
  bool Emit(const fhirpath::Node& n);

  std::vector<std::string> names_;
  std::vector<Step> program_;  // postfix
};

// True when FHIRPath navigation from `e` (typed `key`) by `name` yields an item, exactly as the
// evaluator navigates: a property of that name, or of a choice element's stem ("value" of
// "valueQuantity", when the model says the property is that choice's), with an item that is not
// a JSON null hole.
bool HasNavigableChild(const fhir::Element& e, std::string_view key, std::string_view name,
                       const fhirpath::Model& model);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_PRESENCE_FORMULA_H_
