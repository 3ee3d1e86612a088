// File: fhir/xml_reader.h
// Reads FHIR XML into the same element tree as the JSON reader.
//
// Mapping (FHIR XML rules): the root element's name is the resourceType; `value` attributes are
// primitive values; `id` attributes and Extension `url` attributes become the properties `id`
// and `url`; a resource inside an element (`<contained><Patient>`) becomes a resource Element;
// the XHTML `div` of a narrative is kept as its exact source text. XML alone cannot tell which
// elements repeat or which primitives are numbers or booleans: the reader asks a TypeModel, and
// without one (or for an element the model does not know) it treats every value as a string and
// an element as repeating when it appears more than once.
//
// Problems in the XML itself (unknown attributes, text content, order) are located by XPath
// ("/f:Observation/f:status"); problems with the resource are the validator's, by FHIRPath.
//
// Security: documents with a DOCTYPE are refused (no DTDs, so no entity expansion and no
// external entities are ever resolved).
#ifndef FHIRGW_FHIR_XML_READER_H_
#define FHIRGW_FHIR_XML_READER_H_

#include <cstdint>
#include <string_view>

#include "fhir/document.h"
#include "fhir/type_model.h"

namespace fhir {

struct XmlReadOptions {
  // May be null. Must outlive the call.
  const TypeModel* model = nullptr;
  // Deepest element nesting accepted; deeper input is a fatal issue.
  uint32_t max_depth = 256;
};

// Parses one FHIR XML resource. Always returns a Document; malformed XML yields a fatal issue
// with line and column and no root. Thread-safe.
Document ReadXml(std::string_view xml, const XmlReadOptions& options = {});

}  // namespace fhir

#endif  // FHIRGW_FHIR_XML_READER_H_
