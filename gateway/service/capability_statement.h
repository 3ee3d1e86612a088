// File: gateway/service/capability_statement.h
// The FHIR CapabilityStatement that describes this gateway (its operations and the profiles
// it validates against).
#ifndef FHIRGW_GATEWAY_SERVICE_CAPABILITY_STATEMENT_H_
#define FHIRGW_GATEWAY_SERVICE_CAPABILITY_STATEMENT_H_

#include <string>

#include "conformance/registry.h"

namespace fhirgw::service {

std::string CapabilityStatementJson(const conformance::Registry& registry);

}  // namespace fhirgw::service

#endif  // FHIRGW_GATEWAY_SERVICE_CAPABILITY_STATEMENT_H_
