// File: fhir/xml_writer.h
// Writes the element tree as FHIR XML (the inverse of fhir/xml_reader.h): the resource in the
// FHIR namespace, `id` and Extension `url` as attributes, primitive values in `value`
// attributes, nested resources inside their element, the narrative div as its XHTML text.
#ifndef FHIRGW_FHIR_XML_WRITER_H_
#define FHIRGW_FHIR_XML_WRITER_H_

#include <string>

#include "fhir/element.h"

namespace fhir {

struct XmlWriteOptions {
  bool pretty = false;      // two-space indentation, one element per line
  bool declaration = true;  // start with <?xml version="1.0" encoding="UTF-8"?>
};

// Returns `resource` (an Element with a resource_type) as FHIR XML.
std::string WriteXml(const Element& resource, const XmlWriteOptions& options = {});

}  // namespace fhir

#endif  // FHIRGW_FHIR_XML_WRITER_H_
