// File: tests/fuzz/xml_reader_fuzzer.cc
// libFuzzer target: any bytes into the XML reader, then both writers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fhir/json_writer.h"
#include "fhir/xml_reader.h"
#include "fhir/xml_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fhir::Document doc = fhir::ReadXml(std::string_view(reinterpret_cast<const char*>(data), size));
  if (doc.root() != nullptr) {
    (void)fhir::WriteJson(*doc.root());
    (void)fhir::WriteXml(*doc.root());
  }
  return 0;
}
