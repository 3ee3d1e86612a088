// File: conformance/fhirpath/focus_only.h
// Whether an expression's result depends on nothing but the subtree of its focus element and the
// loaded definitions. Such an invariant gives the same answer wherever equal content stands
// under the same definition, so the validator may take a subtree it has found clean once as
// clean again (conformance/clean_subtrees.h).
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_FOCUS_ONLY_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_FOCUS_ONLY_H_

#include "conformance/fhirpath/ast.h"

namespace conformance::fhirpath {

// False when `expr` names %resource, %rootResource or a caller's variable (the enclosing
// resources), or calls resolve() (the enclosing resource's contained resources, the Bundle),
// conformsTo() (a validation with the walk's context), now(), today() or timeOfDay() (the
// clock), or trace() (an effect). FHIRPath cannot navigate upwards, so everything else it
// reaches lies under the focus, or is a constant, or comes from the definitions.
bool DependsOnlyOnFocus(const Expression& expr);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_FOCUS_ONLY_H_
