// File: conformance/fhirpath/xhtml_checks.h
// FHIR's narrative rules (R4 Narrative, txt-1): the xhtml of a narrative may use only basic
// formatting elements and attributes; no scripts, forms, frames, event handlers or javascript:
// links; the root is a <div> in the XHTML namespace; and (txt-2) some non-whitespace text or an
// image.
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_XHTML_CHECKS_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_XHTML_CHECKS_H_

#include <string>
#include <string_view>

namespace conformance::fhirpath {

// Returns an empty string when `xhtml` passes, else what is wrong ("element <script> is not
// allowed").
std::string CheckNarrativeXhtml(std::string_view xhtml);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_XHTML_CHECKS_H_
