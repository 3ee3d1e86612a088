// File: conformance/package.cc
#include "conformance/package.h"

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

#include "fhir/json_reader.h"
#include "fhir/text.h"

namespace conformance {
namespace {

namespace fs = std::filesystem;
using fhir::Concat;

// "package/x.json" -> "x.json"; empty for anything not directly under package/.
std::string_view FileInPackage(std::string_view path) {
  if (path.starts_with("./")) path.remove_prefix(2);
  if (!path.starts_with("package/")) return {};
  path.remove_prefix(8);
  if (path.find('/') != std::string_view::npos) return {};
  return path;
}

bool Escapes(std::string_view path) {
  return path.starts_with("/") || path == ".." || path.starts_with("../") ||
         path.find("/../") != std::string_view::npos || path.ends_with("/..");
}

absl::StatusOr<PackageManifest> ParseManifest(std::string_view json, const std::string& where) {
  fhir::Document doc = fhir::ReadJson(json);
  if (doc.root() == nullptr) return absl::InvalidArgumentError(Concat(where, ": package.json is not JSON"));
  PackageManifest m;
  auto text = [&](std::string_view name) {
    const fhir::Element* e = doc.root()->First(name);
    return e != nullptr ? std::string(e->value) : std::string();
  };
  m.name = text("name");
  m.version = text("version");
  m.canonical = text("canonical");
  if (m.name.empty() || m.version.empty()) {
    return absl::InvalidArgumentError(Concat(where, ": package.json has no name or version"));
  }
  if (const fhir::Element* deps = doc.root()->First("dependencies")) {
    for (const fhir::Property& p : deps->props()) {
      m.dependencies.emplace_back(std::string(p.name), std::string(p.items[0].value));
    }
  }
  return m;
}

bool IsJsonFile(std::string_view name) { return name.ends_with(".json") && name != "package.json" && !name.starts_with("."); }

absl::StatusOr<PackageManifest> ReadTarball(const std::string& path,
                                            const std::function<bool(std::string_view)>& wanted,
                                            const PackageFileSink& sink, const PackageLimits& limits) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), &archive_read_free);
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return absl::InvalidArgumentError(Concat(path, ": ", archive_error_string(a.get())));
  }
  std::string manifest_json;
  std::string buffer;
  uint64_t total = 0;
  uint32_t files = 0;
  archive_entry* entry = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    const char* raw_name = archive_entry_pathname(entry);
    std::string_view name = raw_name != nullptr ? raw_name : "";
    if (Escapes(name)) return absl::InvalidArgumentError(Concat(path, ": entry '", name, "' escapes the package"));
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    if (++files > limits.max_files) return absl::InvalidArgumentError(Concat(path, ": too many files"));
    std::string_view file = FileInPackage(name);
    const bool is_manifest = file == "package.json";
    if (!is_manifest && (!IsJsonFile(file) || !wanted(file))) continue;
    const la_int64_t size = archive_entry_size(entry);
    if (size < 0 || static_cast<uint64_t>(size) > limits.max_file_bytes) {
      return absl::InvalidArgumentError(Concat(path, ": '", name, "' is larger than the limit"));
    }
    total += static_cast<uint64_t>(size);
    if (total > limits.max_total_bytes) return absl::InvalidArgumentError(Concat(path, ": package larger than the limit"));
    buffer.resize(static_cast<size_t>(size));
    la_ssize_t got = archive_read_data(a.get(), buffer.data(), buffer.size());
    if (got != size) return absl::InvalidArgumentError(Concat(path, ": cannot read '", name, "'"));
    if (is_manifest) {
      manifest_json = buffer;
    } else {
      sink(file, buffer);
    }
  }
  if (rc != ARCHIVE_EOF) return absl::InvalidArgumentError(Concat(path, ": ", archive_error_string(a.get())));
  if (manifest_json.empty()) return absl::InvalidArgumentError(Concat(path, ": no package/package.json"));
  return ParseManifest(manifest_json, path);
}

absl::StatusOr<PackageManifest> ReadDirectory(const std::string& path,
                                              const std::function<bool(std::string_view)>& wanted,
                                              const PackageFileSink& sink, const PackageLimits& limits) {
  fs::path dir = fs::path(path);
  if (fs::is_directory(dir / "package")) dir /= "package";
  auto slurp = [&](const fs::path& p, std::string* out) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    *out = std::move(s).str();
    return static_cast<bool>(in);
  };
  std::string manifest_json;
  if (!slurp(dir / "package.json", &manifest_json)) {
    return absl::InvalidArgumentError(Concat(path, ": no package.json"));
  }
  std::error_code ec;
  std::string content;
  uint64_t total = 0;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string file = entry.path().filename().string();
    if (!entry.is_regular_file() || !IsJsonFile(file) || !wanted(file)) continue;
    uint64_t size = entry.file_size();
    total += size;
    if (size > limits.max_file_bytes || total > limits.max_total_bytes) {
      return absl::InvalidArgumentError(Concat(path, ": '", file, "' exceeds the size limit"));
    }
    if (!slurp(entry.path(), &content)) return absl::InvalidArgumentError(Concat(path, ": cannot read ", file));
    sink(file, content);
  }
  if (ec) return absl::InvalidArgumentError(Concat(path, ": ", ec.message()));
  return ParseManifest(manifest_json, path);
}

}  // namespace

absl::StatusOr<PackageManifest> ReadPackage(const std::string& path,
                                            const std::function<bool(std::string_view)>& wanted,
                                            const PackageFileSink& sink, const PackageLimits& limits) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return absl::NotFoundError(Concat("no FHIR package at ", path));
  if (fs::is_directory(path, ec)) return ReadDirectory(path, wanted, sink, limits);
  return ReadTarball(path, wanted, sink, limits);
}

}  // namespace conformance
