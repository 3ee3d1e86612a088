// File: tests/fhir/json_round_trip_test.cc
// Every official R4 example and every line of the oncology corpus reads and writes back to JSON
// equal to the input: same members, same values, number text unchanged.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fhir/json_reader.h"
#include "fhir/json_writer.h"
#include "gtest/gtest.h"
#include "tests/testing/files.h"
#include "tests/fhir/json_canonical.h"

namespace fhir {
namespace {

namespace fs = std::filesystem;
using ::fhir::testing::CanonicalJson;

using fhirgw::testing::ReadFile;

// Returns an empty string when `json` survives read + write (compact and pretty) unchanged.
std::string RoundTripProblem(const std::string& json) {
  Document doc = ReadJson(json);
  if (!doc.issues().empty()) return "reader issue: " + FormatIssue(doc.issues()[0]);
  auto expected = CanonicalJson(json);
  if (!expected) return "input is not JSON";
  for (bool pretty : {false, true}) {
    JsonWriteOptions options;
    options.pretty = pretty;
    auto actual = CanonicalJson(WriteJson(*doc.root(), options));
    if (!actual) return "output is not JSON";
    if (*actual != *expected) {
      size_t i = 0;
      while (i < actual->size() && i < expected->size() && (*actual)[i] == (*expected)[i]) ++i;
      size_t from = i > 60 ? i - 60 : 0;
      return "differs at " + std::to_string(i) + ":\n  in:  " + expected->substr(from, 160) +
             "\n  out: " + actual->substr(from, 160);
    }
  }
  return "";
}

TEST(JsonRoundTripTest, EveryR4ExampleRoundTrips) {
  const fs::path dir = fs::path(FHIRGW_SHARED_DIR) / "testsuites/r4-examples";
  ASSERT_TRUE(fs::is_directory(dir)) << dir << " is missing";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    EXPECT_EQ(RoundTripProblem(ReadFile(entry.path())), "") << entry.path();
  }
  EXPECT_EQ(files, 491);
}

TEST(JsonRoundTripTest, EveryOncologyCorpusLineRoundTrips) {
  const fs::path file = fs::path(FHIRGW_SHARED_DIR) / "testsuites/oncology-corpus/valid.ndjson";
  std::ifstream in(file);
  ASSERT_TRUE(in) << file << " is missing";
  std::string line;
  int lines = 0;
  int failures = 0;
  while (std::getline(in, line)) {
    ++lines;
    std::string problem = RoundTripProblem(line);
    if (!problem.empty() && ++failures <= 5) ADD_FAILURE() << "line " << lines << ": " << problem;
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(lines, 10035);
}

TEST(JsonRoundTripTest, CompanionsAndHolesRoundTrip) {
  const std::string json =
      R"({"resourceType":"Patient","_active":{"id":"a"},"name":[{"given":["A",null],)"
      R"("_given":[null,{"extension":[{"url":"http://e","valueBoolean":true}]}]}],)"
      R"("birthDate":"1970-01-01","_birthDate":{"extension":[{"url":"http://e","valueDateTime":"1970-01-01T10:00:00Z"}]}})";
  EXPECT_EQ(RoundTripProblem(json), "");
}

TEST(JsonRoundTripTest, EscapesRoundTrip) {
  EXPECT_EQ(RoundTripProblem(R"({"resourceType":"Basic","a":"q\"b\\s/\b\f\n\r\t\u0001\u00e9\u2028"})"), "");
}

// The writer skips eight bytes at a time where nothing needs escaping: every byte that does must
// still be found, in any position of a word, at the start, at the end, in long plain runs.
TEST(JsonRoundTripTest, EveryEscapedByteIsFoundWhereverItIs) {
  const std::string specials[] = {R"(\")", R"(\\)", R"(\n)", R"(\u0001)", R"(\u001f)"};
  for (const std::string& special : specials) {
    for (size_t at = 0; at < 19; ++at) {
      std::string value = std::string(at, 'x') + special + std::string(19 - at, 'y') + R"(\u00e9)";
      std::string json = R"({"resourceType":"Basic","a":")" + value + R"("})";
      EXPECT_EQ(RoundTripProblem(json), "") << json;
    }
  }
  std::string plain(1000, 'p');
  EXPECT_EQ(RoundTripProblem(R"({"resourceType":"Basic","a":")" + plain + R"(\t"})"), "");
}

}  // namespace
}  // namespace fhir
