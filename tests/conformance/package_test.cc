// File: tests/conformance/package_test.cc
// Reading FHIR packages: the registry's .tgz layout and directories, and what is refused.
#include "conformance/package.h"

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "fhir/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace conformance {
namespace {

namespace fs = std::filesystem;
using ::fhir::testing::IsOk;
using ::fhir::testing::StatusIs;
using ::testing::HasSubstr;

const std::string kManifest = R"({"name":"example.pkg","version":"1.2.3","dependencies":{"hl7.fhir.r4.core":"4.0.1"}})";

// Writes a gzip'd tar with the given entries (name, content) and returns its path.
std::string WriteTarball(const std::string& name, const std::vector<std::pair<std::string, std::string>>& entries) {
  fs::path path = fs::temp_directory_path() / name;
  archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_format_pax_restricted(a);
  archive_write_open_filename(a, path.c_str());
  for (const auto& [entry_name, content] : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, entry_name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(a, e);
    archive_write_data(a, content.data(), content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return path.string();
}

struct Read {
  absl::StatusOr<PackageManifest> manifest;
  std::map<std::string, std::string> files;
};

Read ReadAll(const std::string& path, const PackageLimits& limits = {}) {
  Read r;
  r.manifest = ReadPackage(
      path, [](std::string_view f) { return !f.starts_with("Skip"); },
      [&](std::string_view f, std::string_view c) { r.files[std::string(f)] = std::string(c); }, limits);
  return r;
}

TEST(PackageTest, ReadsTheManifestAndTheWantedFilesOfATarball) {
  Read r = ReadAll(WriteTarball("fhirgw-ok.tgz", {{"package/package.json", kManifest},
                                                   {"package/StructureDefinition-a.json", "{\"a\":1}"},
                                                   {"package/Skip-b.json", "{}"},
                                                   {"package/example/Patient-x.json", "{}"},
                                                   {"package/notes.txt", "x"}}));
  ASSERT_THAT(r.manifest, IsOk());
  EXPECT_EQ(r.manifest->name, "example.pkg");
  EXPECT_EQ(r.manifest->version, "1.2.3");
  ASSERT_EQ(r.manifest->dependencies.size(), 1u);
  EXPECT_EQ(r.manifest->dependencies[0].first, "hl7.fhir.r4.core");
  EXPECT_EQ(r.files.size(), 1u);  // not the skipped, the example sub-folder or the text file
  EXPECT_EQ(r.files["StructureDefinition-a.json"], "{\"a\":1}");
}

TEST(PackageTest, RefusesEntriesThatEscapeThePackage) {
  for (const char* evil : {"../evil.json", "package/../../evil.json", "/etc/evil.json"}) {
    Read r = ReadAll(WriteTarball("fhirgw-evil.tgz", {{"package/package.json", kManifest}, {evil, "{}"}}));
    EXPECT_THAT(r.manifest, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("escapes"))) << evil;
  }
}

TEST(PackageTest, EnforcesSizeAndCountLimits) {
  std::string path = WriteTarball("fhirgw-big.tgz", {{"package/package.json", kManifest},
                                                      {"package/StructureDefinition-big.json", std::string(5000, ' ')}});
  PackageLimits small;
  small.max_file_bytes = 1000;
  EXPECT_THAT(ReadAll(path, small).manifest, StatusIs(absl::StatusCode::kInvalidArgument));
  PackageLimits few;
  few.max_files = 1;
  EXPECT_THAT(ReadAll(path, few).manifest, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("too many")));
  EXPECT_THAT(ReadAll(path).manifest, IsOk());
}

TEST(PackageTest, NeedsAManifestWithNameAndVersion) {
  EXPECT_THAT(ReadAll(WriteTarball("fhirgw-none.tgz", {{"package/ValueSet-a.json", "{}"}})).manifest,
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("package.json")));
  EXPECT_THAT(ReadAll(WriteTarball("fhirgw-noname.tgz", {{"package/package.json", R"({"version":"1"})"}})).manifest,
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
}

TEST(PackageTest, ReadsADirectoryInThePackageLayout) {
  fs::path dir = fs::temp_directory_path() / "fhirgw-dir-pkg";
  fs::remove_all(dir);
  fs::create_directories(dir / "package");
  std::ofstream(dir / "package" / "package.json") << kManifest;
  std::ofstream(dir / "package" / "CodeSystem-c.json") << "{\"c\":2}";
  Read r = ReadAll(dir.string());
  ASSERT_THAT(r.manifest, IsOk());
  EXPECT_EQ(r.files["CodeSystem-c.json"], "{\"c\":2}");
  EXPECT_THAT(ReadAll((dir / "missing").string()).manifest, StatusIs(absl::StatusCode::kNotFound));
}

TEST(PackageTest, NotATarballIsAClearError) {
  fs::path p = fs::temp_directory_path() / "fhirgw-not.tgz";
  std::ofstream(p) << "this is not gzip";
  EXPECT_THAT(ReadAll(p.string()).manifest, StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace conformance
