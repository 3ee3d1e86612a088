// File: tests/conformance/profile_resolution_test.cc
// Which profile a canonical names: exact url|version, a partial version ("|0.2" is the latest
// 0.2.x), the bare url; and the global profiles an ImplementationGuide declares per type.
#include <string>

#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

using testing::DefaultRegistry;

constexpr char kUrl[] = "http://fhirgw.test/StructureDefinition/named";

// A Patient profile of `version` allowing at most `max_names` names.
std::string NamedProfile(const std::string& version, const std::string& max_names) {
  return R"({"resourceType":"StructureDefinition","url":"http://fhirgw.test/StructureDefinition/named","version":")" +
         version + R"(","name":"Named","status":"draft","kind":"resource","abstract":false,"type":"Patient",)"
         R"("baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint",)"
         R"("differential":{"element":[{"id":"Patient.name","path":"Patient.name","max":")" + max_names + R"("}]}})";
}

class ProfileResolutionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    docs_ = new std::vector<fhir::Document>();
    docs_->push_back(fhir::ReadJson(NamedProfile("0.2.1", "1")));
    docs_->push_back(fhir::ReadJson(NamedProfile("0.2.10", "0")));
    docs_->push_back(fhir::ReadJson(NamedProfile("0.3.0", "2")));
    docs_->push_back(fhir::ReadJson(
        R"({"resourceType":"ImplementationGuide","url":"http://fhirgw.test/ImplementationGuide/ig","name":"Ig",)"
        R"("status":"draft","packageId":"fhirgw.test","fhirVersion":["4.0.1"],)"
        R"("global":[{"type":"Patient","profile":"http://fhirgw.test/StructureDefinition/named|0.2.1"}]})"));
    // Patient.name as HumanName with a choice of two profiles: with a family, or with a given.
    for (const char* part : {"family", "given"}) {
      docs_->push_back(fhir::ReadJson(std::string(R"({"resourceType":"StructureDefinition","url":"http://fhirgw.test/StructureDefinition/name-with-)") +
          part + R"(","name":"NameWith","status":"draft","kind":"complex-type","abstract":false,"type":"HumanName",)"
          R"("baseDefinition":"http://hl7.org/fhir/StructureDefinition/HumanName","derivation":"constraint",)"
          R"("differential":{"element":[{"id":"HumanName.)" + part + R"(","path":"HumanName.)" + part + R"(","min":1}]}})"));
    }
    docs_->push_back(fhir::ReadJson(
        R"({"resourceType":"StructureDefinition","url":"http://fhirgw.test/StructureDefinition/either-name","name":"EitherName",)"
        R"("status":"draft","kind":"resource","abstract":false,"type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient",)"
        R"("derivation":"constraint","differential":{"element":[{"id":"Patient.name","path":"Patient.name","type":[{"code":"HumanName",)"
        R"("profile":["http://fhirgw.test/StructureDefinition/name-with-family","http://fhirgw.test/StructureDefinition/name-with-given"]}]}]}})"));
    std::vector<const fhir::Element*> roots;
    for (const fhir::Document& d : *docs_) roots.push_back(d.root());
    registry_ = Registry::Overlay(DefaultRegistry(), roots).release();
  }
  static void TearDownTestSuite() {
    delete registry_;
    delete docs_;
  }
  static std::vector<fhir::Document>* docs_;
  static Registry* registry_;
};
std::vector<fhir::Document>* ProfileResolutionTest::docs_ = nullptr;
Registry* ProfileResolutionTest::registry_ = nullptr;

std::string VersionOf(const Profile* p) { return p == nullptr ? "(none)" : p->version; }

TEST_F(ProfileResolutionTest, ExactVersionWins) {
  EXPECT_EQ(VersionOf(registry_->FindProfile(std::string(kUrl) + "|0.2.1")), "0.2.1");
  EXPECT_EQ(VersionOf(registry_->FindProfile(std::string(kUrl) + "|0.3.0")), "0.3.0");
}

TEST_F(ProfileResolutionTest, PartialVersionNamesTheLatestPatch) {
  EXPECT_EQ(VersionOf(registry_->FindProfile(std::string(kUrl) + "|0.2")), "0.2.10");  // numeric, not text, order
  EXPECT_EQ(VersionOf(registry_->FindProfile(std::string(kUrl) + "|0")), "0.3.0");
}

TEST_F(ProfileResolutionTest, UnknownVersionFallsBackToTheUrl) {
  EXPECT_NE(registry_->FindProfile(std::string(kUrl) + "|9.9"), nullptr);
  EXPECT_EQ(registry_->FindProfile("http://fhirgw.test/StructureDefinition/other|0.2"), nullptr);
}

TEST_F(ProfileResolutionTest, GlobalProfileOfAnImplementationGuideApplies) {
  ASSERT_EQ(registry_->GlobalProfiles("Patient").size(), 1u);
  EXPECT_TRUE(registry_->GlobalProfiles("Observation").empty());
  // 0.2.1 allows one name: two break it, with no meta.profile and no --profile.
  int errors = 0;
  for (const fhir::Issue& i : testing::ValidateJson(*registry_, R"({"resourceType":"Patient","name":[{"family":"A"},{"family":"B"}]})")) {
    if (i.severity <= fhir::Severity::kError) {
      ++errors;
      EXPECT_EQ(i.message_id, "cardinality-max");
    }
  }
  EXPECT_EQ(errors, 1);
}

TEST_F(ProfileResolutionTest, AnElementMustMatchOneOfTheProfilesItsTypeAllows) {
  auto errors = [](const std::string& name) {
    ValidationOptions options;
    options.profiles.push_back("http://fhirgw.test/StructureDefinition/either-name");
    // The IG's global profile allows one name: one name is used throughout.
    return testing::Errors(*registry_, R"({"resourceType":"Patient","name":[)" + name + "]}", options);
  };
  EXPECT_TRUE(errors(R"({"family":"Doe"})").empty());
  EXPECT_TRUE(errors(R"({"given":["Jane"]})").empty());
  auto none = errors(R"({"text":"Jane Doe"})");
  // The choice, and what the profiles miss (both misses sit at one place with one id: the
  // validator keeps one report per place and rule).
  ASSERT_EQ(none.size(), 2u);
  EXPECT_EQ(none[0], "type-profile-no-match at Patient.name[0]");
  EXPECT_EQ(none[1], "cardinality-min at Patient.name[0]");
}

// Child look-ups compare the first eight bytes of names as one integer: it must hold each byte
// of the name in order, zero-filled, for every length (the loads differ by length).
TEST(NamePrefixTest, HoldsTheFirstEightBytesZeroFilledForEveryLength) {
  const std::string name = "abcdefghijkl";
  for (size_t n = 0; n <= name.size(); ++n) {
    uint64_t expected = 0;
    for (size_t i = 0; i < n && i < 8; ++i) expected |= uint64_t{static_cast<uint8_t>(name[i])} << (8 * i);
    EXPECT_EQ(NamePrefix(std::string_view(name).substr(0, n)), expected) << n;
  }
}

}  // namespace
}  // namespace conformance

namespace conformance {
namespace {

// BaseType's table (type_name_index.h) answers exactly what the registry's map holds: every
// type and resource of R4 core by its own name, names that share a long prefix apart, and
// nothing for other names, prefixes of names, or names with a byte changed.
TEST(BaseTypeTest, EveryBaseTypeIsFoundByItsNameAndNothingElse) {
  const Registry& registry = testing::DefaultRegistry();
  size_t found = 0;
  for (const auto& p : registry.profiles()) {
    if (!p->IsBaseType() || p->kind == "logical" || p->type.empty()) continue;
    const Profile* by_name = registry.BaseType(p->type);
    ASSERT_NE(by_name, nullptr) << p->type;
    EXPECT_EQ(by_name->type, p->type);
    ++found;
    // A shorter name, or one with its last byte changed, is another type or none.
    std::string changed = p->type;
    changed.back() = changed.back() == 'x' ? 'y' : 'x';
    for (const std::string& name : {p->type.substr(0, p->type.size() - 1), changed}) {
      const Profile* other = registry.BaseType(name);
      EXPECT_TRUE(other == nullptr || other->type == name) << name;
    }
  }
  EXPECT_GT(found, 190u);  // R4 has 148 resources and 50-odd data types
  EXPECT_EQ(registry.BaseType("MedicationRequest")->type, "MedicationRequest");
  EXPECT_EQ(registry.BaseType("MedicationStatement")->type, "MedicationStatement");
  EXPECT_EQ(registry.BaseType("MedicationAdministration")->type, "MedicationAdministration");
  EXPECT_EQ(registry.BaseType("Patient")->type, "Patient");
  EXPECT_EQ(registry.BaseType("string")->type, "string");
  for (std::string_view none : {"", "Patients", "patient", "Medication Request", "fhir", "Observation2"}) {
    EXPECT_EQ(registry.BaseType(none), nullptr) << none;
  }
}

}  // namespace
}  // namespace conformance
