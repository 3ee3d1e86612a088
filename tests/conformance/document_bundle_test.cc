// File: tests/conformance/document_bundle_test.cc
// Document Bundles: every entry linked to the Composition, stylesheets carried or the FHIR one,
// and references that name one entry only.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "message_id at location" for each issue of `severity` whose id starts with `prefix`.
std::vector<std::string> Found(const std::string& json, fhir::Severity severity, const std::string& prefix) {
  std::vector<std::string> out;
  for (const fhir::Issue& i : testing::ValidateJson(testing::DefaultRegistry(), json)) {
    if (i.severity == severity && i.message_id.starts_with(prefix)) out.push_back(i.message_id + " at " + i.location);
  }
  return out;
}

// A document: the Composition (about Patient p) and `more` entries after the Patient.
std::string Document(const std::string& links, const std::string& more) {
  return R"({"resourceType":"Bundle","type":"document","identifier":{"system":"urn:ietf:rfc:3986","value":"urn:uuid:1"},)"
         R"("timestamp":"2024-01-01T00:00:00Z",)" + links +
         R"("entry":[{"fullUrl":"http://x.test/Composition/c","resource":{"resourceType":"Composition","id":"c",)"
         R"("status":"final","type":{"text":"note"},"subject":{"reference":"Patient/p"},"date":"2024-01-01",)"
         R"("author":[{"display":"A"}],"title":"T"}},)"
         R"({"fullUrl":"http://x.test/Patient/p","resource":{"resourceType":"Patient","id":"p"}})" + more + "]}";
}

const std::string kStray =
    R"(,{"fullUrl":"http://x.test/Observation/o","resource":{"resourceType":"Observation","id":"o","status":"final","code":{"text":"x"}}})";

TEST(DocumentBundleTest, AnEntryNothingLinksToTheCompositionIsAnError) {
  EXPECT_THAT(Found(Document("", ""), fhir::Severity::kError, "document-"), IsEmpty());
  EXPECT_THAT(Found(Document("", kStray), fhir::Severity::kError, "document-"),
              ElementsAre("document-entry-unreachable at Bundle.entry[2]"));
}

TEST(DocumentBundleTest, AnEntryThatOnlyRefersToTheDocumentIsAWarningUnlessItIsProvenance) {
  const std::string observation =
      R"(,{"fullUrl":"http://x.test/Observation/o","resource":{"resourceType":"Observation","id":"o","status":"final",)"
      R"("code":{"text":"x"},"subject":{"reference":"Patient/p"}}})";
  EXPECT_THAT(Found(Document("", observation), fhir::Severity::kError, "document-"), IsEmpty());
  EXPECT_THAT(Found(Document("", observation), fhir::Severity::kWarning, "document-"),
              ElementsAre("document-entry-not-referenced at Bundle.entry[2]"));
  const std::string provenance =
      R"(,{"fullUrl":"http://x.test/Provenance/v","resource":{"resourceType":"Provenance","id":"v",)"
      R"("target":[{"reference":"Composition/c"}],"recorded":"2024-01-01T00:00:00Z","agent":[{"who":{"display":"A"}}]}})";
  EXPECT_THAT(Found(Document("", provenance), fhir::Severity::kWarning, "document-"), IsEmpty());
  EXPECT_THAT(Found(Document("", provenance), fhir::Severity::kError, "document-"), IsEmpty());
}

TEST(DocumentBundleTest, AStylesheetMustBeCarriedOrTheFhirOne) {
  const std::string css =
      R"(,{"fullUrl":"http://x.test/Binary/css","resource":{"resourceType":"Binary","id":"css","contentType":"text/css"}})";
  auto link = [](const std::string& url) {
    return R"("link":[{"relation":"stylesheet","url":")" + url + R"("}],)";
  };
  // Carried: the link resolves, and makes the Binary part of the document.
  EXPECT_THAT(Found(Document(link("Binary/css"), css), fhir::Severity::kError, "document-"), IsEmpty());
  EXPECT_THAT(Found(Document(link("Binary/other"), css), fhir::Severity::kError, "document-"),
              ElementsAre("document-stylesheet-unresolved at Bundle.link[0].url",
                          "document-entry-unreachable at Bundle.entry[2]"));
  EXPECT_THAT(Found(Document(link("https://hl7.org/fhir/fhir.css"), ""), fhir::Severity::kWarning, "document-"), IsEmpty());
  EXPECT_THAT(Found(Document(link("http://example.org/site.css"), ""), fhir::Severity::kWarning, "document-"),
              ElementsAre("document-stylesheet-external at Bundle.link[0].url",
                          "document-stylesheet-insecure at Bundle.link[0].url"));
}

// Two versions of one resource share a fullUrl: a reference without a version is ambiguous.
TEST(DocumentBundleTest, AnUnversionedReferenceToAResourceWithTwoVersionsIsAnError) {
  auto bundle = [](const std::string& type, const std::string& reference) {
    return R"({"resourceType":"Bundle","type":")" + type + R"(","entry":[)"
           R"({"fullUrl":"http://x.test/Observation/a","resource":{"resourceType":"Observation","id":"a","status":"final",)"
           R"("code":{"text":"x"},"hasMember":[{"reference":")" + reference + R"("}]}},)"
           R"({"fullUrl":"http://x.test/Observation/o","resource":{"resourceType":"Observation","id":"o","meta":{"versionId":"1"},)"
           R"("status":"final","code":{"text":"x"}}},)"
           R"({"fullUrl":"http://x.test/Observation/o","resource":{"resourceType":"Observation","id":"o","meta":{"versionId":"2"},)"
           R"("status":"final","code":{"text":"x"}}}]})";
  };
  EXPECT_THAT(Found(bundle("collection", "Observation/o"), fhir::Severity::kError, "reference-"),
              ElementsAre("reference-ambiguous at Bundle.entry[0].resource/*Observation/a*/.hasMember[0]"));
  EXPECT_THAT(Found(bundle("collection", "Observation/o/_history/2"), fhir::Severity::kError, "reference-"), IsEmpty());
}

}  // namespace
}  // namespace conformance
