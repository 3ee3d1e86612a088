// File: conformance/profile_compile.h
// Internal to the profile compilers (profile.cc, snapshot_from_differential.cc): one
// ElementDefinition into a rule, and a StructureDefinition's header into a Profile.
#ifndef FHIRGW_CONFORMANCE_PROFILE_COMPILE_H_
#define FHIRGW_CONFORMANCE_PROFILE_COMPILE_H_

#include "conformance/profile.h"
#include "fhir/arena.h"
#include "fhir/element.h"

namespace conformance {

// Fixed and pattern values are copied into `arena`.
ElementRule CompileElement(const fhir::Element& element_definition, fhir::Arena& arena);
void CompileHeader(const fhir::Element& structure_definition, Profile& p);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_PROFILE_COMPILE_H_
