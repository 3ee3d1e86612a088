// File: tests/fhir/tree_equal.h
// Deep comparison of element trees for tests.
#ifndef FHIRGW_TESTS_FHIR_TREE_EQUAL_H_
#define FHIRGW_TESTS_FHIR_TREE_EQUAL_H_

#include <string>

#include "fhir/element.h"

namespace fhir::testing {

// Returns "" when the trees are equal (types, values, value kinds, property names, order, array
// and primitive flags); else a description of the first difference with its path. Source
// offsets are not compared.
std::string TreeDifference(const Element& a, const Element& b);

}  // namespace fhir::testing

#endif  // FHIRGW_TESTS_FHIR_TREE_EQUAL_H_
