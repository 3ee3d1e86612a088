// File: mappers/concept_maps.cc
#include "mappers/concept_maps.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fhir/json_reader.h"

namespace mappers {
namespace {

constexpr std::string_view kUrlPrefix = "urn:fhirgw:conceptmap:";

}  // namespace

std::string DefaultConceptMapDir() {
  if (const char* env = std::getenv("FHIRGW_CONCEPT_MAPS")) return env;
  return FHIRGW_DEFAULT_CONCEPT_MAP_DIR;
}

absl::StatusOr<std::unique_ptr<ConceptMaps>> ConceptMaps::Load(const std::vector<std::string>& paths) {
  auto maps = std::unique_ptr<ConceptMaps>(new ConceptMaps());
  for (const std::string& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::string> files;
      for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path().string());
      }
      std::sort(files.begin(), files.end());
      for (const std::string& f : files) {
        if (absl::Status s = maps->AddFile(f); !s.ok()) return s;
      }
    } else if (absl::Status s = maps->AddFile(path); !s.ok()) {
      return s;
    }
  }
  return maps;
}

absl::Status ConceptMaps::AddFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(fhir::Concat("cannot read concept map ", path));
  std::ostringstream text;
  text << in.rdbuf();
  fhir::Document doc = fhir::ReadJson(text.str());
  const fhir::Element* root = doc.root();
  if (root == nullptr || doc.has_errors() || root->resource_type() != "ConceptMap") {
    return absl::InvalidArgumentError(fhir::Concat(path, ": not a readable FHIR ConceptMap"));
  }
  std::string_view url = root->ValueOf("url");
  std::string name(url.starts_with(kUrlPrefix) ? url.substr(kUrlPrefix.size()) : root->ValueOf("id"));
  if (name.empty()) return absl::InvalidArgumentError(fhir::Concat(path, ": the ConceptMap has neither url nor id"));
  fhir::StringMap<std::vector<StandardCode>> codes;
  if (const fhir::Property* groups = root->Find("group")) {
    for (const fhir::Element& g : groups->elements()) {
      std::string system(g.ValueOf("target"));
      const fhir::Property* elements = g.Find("element");
      if (elements == nullptr) continue;
      for (const fhir::Element& e : elements->elements()) {
        const fhir::Property* targets = e.Find("target");
        if (targets == nullptr) continue;
        for (const fhir::Element& t : targets->elements()) {
          // Only mappings that say the target means the same thing are used: an unmatched,
          // disjoint or narrower mapping would be a guessed code.
          std::string_view eq = t.ValueOf("equivalence");
          if (eq != "equivalent" && eq != "equal" && eq != "relatedto" && eq != "wider" && !eq.empty()) continue;
          if (t.ValueOf("code").empty()) continue;
          codes[e.ValueOf("code")].push_back(
              StandardCode{system, std::string(t.ValueOf("code")), std::string(t.ValueOf("display"))});
        }
      }
    }
  }
  maps_[name] = std::move(codes);
  return absl::OkStatus();
}

const std::vector<StandardCode>& ConceptMaps::Lookup(std::string_view map, std::string_view local_code) const {
  static const std::vector<StandardCode> kNone;
  auto m = maps_.find(map);
  if (m == maps_.end()) return kNone;
  auto c = m->second.find(local_code);
  return c == m->second.end() ? kNone : c->second;
}

}  // namespace mappers
