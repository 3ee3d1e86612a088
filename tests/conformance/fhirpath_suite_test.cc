// File: tests/conformance/fhirpath_suite_test.cc
// The official FHIRPath R4 suite (../shared/testsuites/fhirpath, 935 cases) as a data-driven
// runner against R4 core. Every case that does not pass must be listed, with its reason, in
// fhirpath_known_failures.txt; a listed case that passes fails the run too, so the list stays true.
#include <filesystem>
#include <map>
#include <set>
#include <fstream>
#include <sstream>

#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/format.h"
#include "conformance/fhirpath/registry_model.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "tests/conformance/registry_fixture.h"
#include "tests/testing/files.h"

namespace conformance::fhirpath {
namespace {

const std::filesystem::path kSuite = std::filesystem::path(FHIRGW_SHARED_DIR) / "testsuites/fhirpath";

struct Case {
  std::string name, group, input, expression, invalid, predicate;
  std::vector<std::pair<std::string, std::string>> outputs;  // type (may be empty), value
};

std::vector<Case> LoadCases() {
  static simdjson::dom::parser parser;
  std::vector<Case> cases;
  simdjson::dom::element root = parser.load((kSuite / "tests-fhir-r4.json").string());
  auto text = [](simdjson::dom::element e, const char* key) {
    simdjson::dom::element v;
    if (e[key].get(v) != simdjson::SUCCESS || v.is_null()) return std::string();
    std::string_view s;
    return v.get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
  };
  for (simdjson::dom::element c : root["cases"].get_array()) {
    Case k{text(c, "name"), text(c, "group"), text(c, "inputfile"), text(c, "expression"),
           text(c, "invalid"), text(c, "predicate"), {}};
    for (simdjson::dom::element o : c["outputs"].get_array()) k.outputs.emplace_back(text(o, "type"), text(o, "value"));
    cases.push_back(std::move(k));
  }
  return cases;
}

// Input resources by file name (the suite names XML files; their JSON twins sit in input/).
const fhir::Document* Input(const std::string& file) {
  static std::map<std::string, std::unique_ptr<fhir::Document>> docs;
  if (file.empty()) return nullptr;
  auto it = docs.find(file);
  if (it != docs.end()) return it->second.get();
  std::filesystem::path p = kSuite / "input" / std::filesystem::path(file).replace_extension(".json");
  auto doc = std::make_unique<fhir::Document>(fhir::ReadJson(fhirgw::testing::ReadFile(p)));
  return docs.emplace(file, std::move(doc)).first->second.get();
}

// Returns an empty string when the case passes, else what went wrong.
std::string RunCase(const Case& c, const RegistryModel& model) {
  size_t pos = 0;
  auto expr = Expression::Parse(c.expression, &pos);
  const fhir::Document* doc = Input(c.input);
  Environment env;
  env.model = &model;
  Collection input;
  if (doc != nullptr && doc->root() != nullptr) {
    input.push_back(Item::Node(doc->root(), doc->root()->resource_type()));
    env.resource = input;
  }
  Collection result;
  absl::Status status = expr.ok() ? absl::OkStatus() : expr.status();
  if (expr.ok()) {
    Evaluation ev(env);
    status = ev.Run(**expr, input, &result);
    if (status.ok()) {
      if (!c.invalid.empty()) return "expected an error (" + c.invalid + "), got " + ResultJson(result);
      std::vector<std::pair<std::string, std::string>> got;
      if (c.predicate == "true") {
        got.emplace_back("boolean", result.empty() ? "false" : "true");
      } else {
        for (const Item& item : result) {
          std::string type = item.is_node() ? std::string(NodeTypeName(item)) : std::string(SystemTypeName(item.type));
          if (!item.is_node()) type[0] = static_cast<char>(type[0] - 'A' + 'a');
          got.emplace_back(type, ItemText(item));
        }
      }
      if (got.size() != c.outputs.size()) {
        return "expected " + std::to_string(c.outputs.size()) + " item(s), got " + ResultJson(result);
      }
      for (size_t i = 0; i < got.size(); ++i) {
        const auto& [type, value] = c.outputs[i];
        std::string want_type = type == "Quantity" ? "quantity" : type;
        if (got[i].second != value || (!type.empty() && got[i].first != want_type)) {
          return "item " + std::to_string(i) + ": expected " + type + " " + value + ", got " + got[i].first + " " +
                 got[i].second;
        }
      }
      return {};
    }
  }
  if (!c.invalid.empty()) return {};
  return "unexpected error: " + std::string(status.message());
}

std::map<std::string, std::string> KnownFailures() {
  std::map<std::string, std::string> known;
  std::istringstream in(fhirgw::testing::ReadFile(std::filesystem::path(FHIRGW_SOURCE_DIR) /
                                          "tests/conformance/fhirpath_known_failures.txt"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find(' ');
    known[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
  }
  return known;
}

TEST(FhirPathSuiteTest, OfficialR4CasesPassOrAreListedWithTheirReason) {
  RegistryModel model(testing::DefaultRegistry());
  std::vector<Case> cases = LoadCases();
  ASSERT_EQ(cases.size(), 935u);
  std::map<std::string, std::string> known = KnownFailures();
  int passed = 0;
  std::set<std::string> seen;
  std::ostringstream report;
  for (const Case& c : cases) {
    std::string failure = RunCase(c, model);
    seen.insert(c.name);
    if (failure.empty()) {
      ++passed;
      EXPECT_FALSE(known.contains(c.name)) << c.name << " passes now: remove it from fhirpath_known_failures.txt";
    } else if (!known.contains(c.name)) {
      ADD_FAILURE() << c.name << " [" << c.expression << "]: " << failure;
    }
    if (!failure.empty()) report << c.name << " " << failure << "\n";
  }
  for (const auto& [name, reason] : known) EXPECT_TRUE(seen.contains(name)) << name << " is not in the suite";
  double rate = 100.0 * passed / static_cast<double>(cases.size());
  std::cout << "FHIRPath R4 suite: " << passed << "/" << cases.size() << " pass (" << rate << "%)\n";
  if (const char* path = std::getenv("FHIRGW_WRITE_FHIRPATH_FAILURES")) {
    std::ofstream(path) << report.str();
  }
  EXPECT_GE(rate, 97.0);
}

}  // namespace
}  // namespace conformance::fhirpath
