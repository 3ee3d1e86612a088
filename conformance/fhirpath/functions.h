// File: conformance/fhirpath/functions.h
// The function table: every FHIRPath function by name, with its arity and implementation. One
// list to edit (functions_table.cc); implementations live in files by the specification's
// sections.
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_FUNCTIONS_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_FUNCTIONS_H_

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/value.h"

namespace conformance::fhirpath {

class Evaluation;
struct Scope;

// Evaluates a call: `input` is the collection the function is applied to; arguments are
// evaluated by the implementation through `ev` (eagerly against `scope`, or per item).
using FunctionImpl = absl::Status (*)(Evaluation& ev, const Node& call, const Scope& scope,
                                      const Collection& input, Collection* out);

struct FunctionDef {
  std::string_view name;
  uint8_t min_args;
  uint8_t max_args;
  FunctionImpl impl;
  // The argument is a type specifier (ofType, is, as), not an expression.
  bool type_argument = false;
};

// nullptr when `name` is not a function.
const FunctionDef* FindFunction(std::string_view name);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_FUNCTIONS_H_
