// File: gateway/service/capability_statement.cc
#include "gateway/service/capability_statement.h"

#include <map>
#include <set>

#include "fhir/json_writer.h"
#include "fhir/tree_builder.h"

namespace fhirgw::service {

std::string CapabilityStatementJson(const conformance::Registry& registry) {
  fhir::Node cs = fhir::Node::Resource("CapabilityStatement");
  cs.Set("id", "fhirgw");
  fhir::Node text;
  text.Set("status", "generated")
      .Set("div", "<div xmlns=\"http://www.w3.org/1999/xhtml\">fhirgw: translation of oncology records to mCODE "
                  "STU4 / US Core 6.1, and validation of FHIR R4 resources against loaded packages.</div>");
  cs.Put("text", std::move(text));
  cs.Set("name", "FhirGateway").Set("title", "fhirgw FHIR R4 interoperability gateway").Set("status", "active");
  cs.Set("date", "2026-11-27").Set("kind", "instance");
  fhir::Node software;
  software.Set("name", "fhirgw").Set("version", "0.1.0");
  cs.Put("software", std::move(software));
  cs.Set("fhirVersion", "4.0.1");
  cs.AddString("format", "json");
  // The profiles each resource type can be validated against.
  std::map<std::string, std::set<std::string>> by_type;
  for (const auto& p : registry.profiles()) {
    if (p->derivation == "constraint" && p->kind == "resource") by_type[p->type].insert(p->url);
  }
  fhir::Node rest;
  rest.Set("mode", "server");
  for (const auto& [type, urls] : by_type) {
    fhir::Node resource;
    resource.Set("type", type);
    for (const std::string& url : urls) resource.AddString("supportedProfile", url);
    rest.Add("resource", std::move(resource));
  }
  fhir::Node validate;
  validate.Set("name", "validate").Set("definition", "http://hl7.org/fhir/OperationDefinition/Resource-validate");
  rest.Add("operation", std::move(validate));
  cs.Add("rest", std::move(rest));
  fhir::Document doc = fhir::BuildDocument(cs);
  return fhir::WriteJson(*doc.root());
}

}  // namespace fhirgw::service
