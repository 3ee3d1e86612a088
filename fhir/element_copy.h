// File: fhir/element_copy.h
// Deep copies of element trees into another arena (so a tree can outlive its Document).
#ifndef FHIRGW_FHIR_ELEMENT_COPY_H_
#define FHIRGW_FHIR_ELEMENT_COPY_H_

#include "fhir/arena.h"
#include "fhir/element.h"

namespace fhir {

// Returns a copy of `e` and everything below it, strings included, allocated in `arena`.
// Source offsets are kept as they were (they refer to the original source).
const Element* CopyTree(const Element& e, Arena& arena);

}  // namespace fhir

#endif  // FHIRGW_FHIR_ELEMENT_COPY_H_
