// File: gateway/cli/input_files.cc
#include "gateway/cli/input_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>
#include <system_error>

#include "fhir/json_reader.h"
#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"
#include "fhir/text.h"
#include "fhir/xml_reader.h"

namespace fhirgw::cli {
namespace {

namespace fs = std::filesystem;

bool HasResourceExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".json" || ext == ".xml" || ext == ".ndjson";
}

bool StartsLikeXml(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '<';
  }
  return false;
}

}  // namespace

absl::Status ExpandInputs(const std::vector<std::string>& args, std::vector<std::string>* files) {
  for (const std::string& arg : args) {
    std::error_code ec;
    fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) return absl::NotFoundError("no such file or directory: " + arg);
    if (!fs::is_directory(st)) {
      files->push_back(arg);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(arg, ec); !ec && it != fs::end(it); it.increment(ec)) {
      if (it->is_regular_file() && HasResourceExtension(it->path())) found.push_back(it->path().string());
    }
    if (ec) return absl::UnavailableError("cannot list " + arg + ": " + ec.message());
    std::sort(found.begin(), found.end());
    files->insert(files->end(), found.begin(), found.end());
  }
  return absl::OkStatus();
}

absl::Status ReadResourceTexts(const std::string& file, const std::function<void(ResourceText&)>& sink) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open " + file);
  const std::string ext = fs::path(file).extension().string();
  if (ext == ".ndjson") {
    // Line by line: a file of any size is read in the memory of its longest line.
    std::string row;
    uint32_t line = 0;
    while (std::getline(in, row)) {
      ++line;
      if (row.find_first_not_of(" \t\r") == std::string::npos) continue;
      ResourceText r{file, line, std::move(row), false};  // the sink may keep it
      sink(r);
    }
    if (in.bad()) return absl::DataLossError("cannot read " + file);
    return absl::OkStatus();
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError("cannot read " + file);
  ResourceText r{file, 1, std::move(buffer).str(), false};
  r.xml = ext == ".xml" || (ext != ".json" && StartsLikeXml(r.text));
  sink(r);
  return absl::OkStatus();
}

fhir::Document ParseResourceText(const ResourceText& text, const fhir::TypeModel* model) {
  if (!text.xml) return fhir::ReadJson(text.text);
  fhir::XmlReadOptions xml_options;
  xml_options.model = model;
  return fhir::ReadXml(text.text, xml_options);
}

absl::Status ReadResources(const std::string& file, const std::function<void(InputResource&)>& sink,
                           const fhir::TypeModel* model) {
  return ReadResourceTexts(file, [&](ResourceText& text) {
    InputResource r{text.file, text.line, ParseResourceText(text, model)};
    sink(r);
  });
}

bool StartCommand(std::string_view command, bool parsed, const std::string& error, std::string_view usage,
                  const std::vector<std::string>& inputs, std::vector<std::string>* files) {
  if (!parsed) {
    std::cerr << "fhirgw " << command << ": " << error << "\n" << usage;
    return false;
  }
  if (absl::Status s = ExpandInputs(inputs, files); !s.ok()) {
    std::cerr << "fhirgw " << command << ": " << s.message() << "\n";
    return false;
  }
  return true;
}

std::string OutcomeJsonLine(const std::string& file, uint32_t line, const fhir::IssueList& issues) {
  std::string out = "{\"file\":";
  fhir::AppendJsonString(file, &out);
  fhir::Append(&out, ",\"line\":", line, ",\"outcome\":", fhir::OperationOutcomeJson(issues), "}");
  return out;
}

bool ReadTextFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  *out = text.str();
  return static_cast<bool>(in) || in.eof();
}

}  // namespace fhirgw::cli
