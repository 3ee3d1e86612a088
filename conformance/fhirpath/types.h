// File: conformance/fhirpath/types.h
// Type tests (is, as, ofType): FHIR types by name with inheritance, and System types.
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_TYPES_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_TYPES_H_

#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/model.h"
#include "conformance/fhirpath/value.h"

namespace conformance::fhirpath {

// True when `item` is of type `type` (or a subtype). Unqualified names are looked up among FHIR
// types first, then System types. FHIR primitives are not System types: `'a' is String` holds,
// `Patient.gender is String` does not (it is a FHIR.code). `is` accepts primitive subtypes (a
// code is a string, a uuid a uri); `as` and ofType() select primitives by their exact type, as
// the official FHIRPath R4 suite expects, so pass `exact_primitives` for those.
bool ItemIsType(const Model* model, const Item& item, const TypeSpec& type, bool exact_primitives);

// True when `type` names a System type or (with a model) a FHIR type. Without a model every
// FHIR-namespace name is accepted.
bool IsKnownType(const Model* model, const TypeSpec& type);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_TYPES_H_
