// File: conformance/fhirpath/format.h
// Results as JSON, for the command line and test runners: a JSON array of FHIR JSON values
// (nodes as their JSON, primitives as values, dates and times as strings without '@',
// quantities as {"value":..., "unit":...}).
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_FORMAT_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_FORMAT_H_

#include <string>

#include "conformance/fhirpath/value.h"

namespace conformance::fhirpath {

std::string ResultJson(const Collection& result);
// One item as the FHIRPath test suites print it: "true", "1.50", "@2014-01", "1 'mg'".
std::string ItemText(const Item& item);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_FORMAT_H_
