// File: tests/testing/files.h
// Reading test data files.
#ifndef FHIRGW_TESTS_TESTING_FILES_H_
#define FHIRGW_TESTS_TESTING_FILES_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fhirgw::testing {

// The whole file as bytes; empty when it cannot be read (tests assert on what they expect).
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace fhirgw::testing

#endif  // FHIRGW_TESTS_TESTING_FILES_H_
