// File: tests/fuzz/json_reader_fuzzer.cc
// libFuzzer target: any bytes into the JSON reader; also writes back whatever it read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fhir/json_reader.h"
#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fhir::Document doc = fhir::ReadJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (doc.root() != nullptr) {
    std::string out = fhir::WriteJson(*doc.root());
    // What was written must read back without fatal issues.
    fhir::Document again = fhir::ReadJson(out);
    if (again.root() == nullptr) __builtin_trap();
  }
  (void)fhir::OperationOutcomeJson(doc.issues());
  return 0;
}
