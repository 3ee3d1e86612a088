// File: tests/conformance/code_formats_test.cc
#include "conformance/code_formats.h"

#include "gtest/gtest.h"

namespace conformance {
namespace {

TEST(CodeFormatsTest, LoincCheckDigit) {
  for (const char* ok : {"16112-5", "85319-2", "89247-1", "21908-9", "LA6576-8", "LP212175-6"}) {
    EXPECT_TRUE(IsValidLoincCode(ok)) << ok;
  }
  for (const char* bad : {"16112-4", "16112", "1611a-5", "-5", "123456789-0", "16112-55"}) {
    EXPECT_FALSE(IsValidLoincCode(bad)) << bad;
  }
}

TEST(CodeFormatsTest, SnomedVerhoeffCheckDigit) {
  for (const char* ok : {"10828004", "254837009", "94222008", "51282000", "260385009", "363346000"}) {
    EXPECT_TRUE(IsValidSnomedCode(ok)) << ok;
  }
  for (const char* bad : {"10828005", "254837008", "12345", "012345678", "T-15460", "look up value"}) {
    EXPECT_FALSE(IsValidSnomedCode(bad)) << bad;
  }
  EXPECT_TRUE(IsValidSnomedCode("254837009:363698007=76752008"));  // expression: not checked
}

TEST(CodeFormatsTest, MediaTypeGrammar) {
  for (const char* ok : {"application/fhir+json", "text/plain; charset=UTF-8", "application/fhir+json;fhirVersion=4.0",
                         "image/svg+xml", "application/vnd.ms-excel", "text/html;charset=\"utf-8\"",
                         "application/dicom; variant=DICOM WADO-RS"}) {
    EXPECT_TRUE(IsValidMimeType(ok)) << ok;
  }
  for (const char* bad : {"json", "xml", "", "/json", "application/", "[%payloadFormat%]", "text/plain;",
                          "text/plain; charset", "text /plain", "text/html; x=\"open", ".a/b"}) {
    EXPECT_FALSE(IsValidMimeType(bad)) << bad;
  }
}

}  // namespace
}  // namespace conformance
