// File: gateway/cli/convert_command.cc
#include "gateway/cli/convert_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"
#include "fhir/text.h"
#include "fhir/xml_writer.h"
#include "gateway/cli/common_options.h"
#include "gateway/cli/input_files.h"
#include "gateway/cli/package_options.h"

namespace fhirgw::cli {
namespace {

struct Options {
  bool xml = false;
  bool pretty = false;
  bool json_issues = false;
  std::string out_dir;
  std::vector<std::string> inputs;
};

bool ParseArgs(const std::vector<std::string>& args, Options* o, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      const std::string* got = OptionValue(args, &i, error);
      if (got != nullptr) *out = *got;
      return got != nullptr;
    };
    std::string v;
    if (a == "--to") {
      if (!value(&v)) return false;
      if (v != "json" && v != "xml") return (*error = "--to takes json or xml", false);
      o->xml = v == "xml";
    } else if (a == "--issues") {
      if (!value(&v)) return false;
      if (v != "text" && v != "json") return (*error = "--issues takes text or json", false);
      o->json_issues = v == "json";
    } else if (a == "--out") {
      if (!value(&o->out_dir)) return false;
    } else if (a == "--pretty") {
      o->pretty = true;
    } else if (!a.empty() && a[0] == '-') {
      *error = "unknown option " + a;
      return false;
    } else {
      o->inputs.push_back(a);
    }
  }
  if (o->inputs.empty()) *error = "no input files";
  return error->empty();
}

std::string OutputName(const InputResource& r, bool xml) {
  std::string stem = std::filesystem::path(r.file).stem().string();
  if (r.line > 1 || std::filesystem::path(r.file).extension() == ".ndjson") {
    stem = fhir::Concat(stem, "-", r.line);
  }
  return stem + (xml ? ".xml" : ".json");
}

}  // namespace

int RunConvert(const std::vector<std::string>& args) {
  Options o;
  std::string error;
  const bool parsed = ParseArgs(args, &o, &error);
  std::vector<std::string> files;
  if (!StartCommand("convert", parsed, error, kConvertUsage, o.inputs, &files)) return 2;
  if (!o.out_dir.empty()) std::filesystem::create_directories(o.out_dir);

  // XML alone does not say which elements repeat or which values are numbers and booleans:
  // with XML inputs the FHIR definitions are loaded to say it.
  std::unique_ptr<conformance::Registry> model;
  bool any_xml = false;
  for (const std::string& f : files) any_xml |= std::filesystem::path(f).extension() == ".xml";
  if (any_xml) {
    auto loaded = LoadRegistry(PackageOptions{});
    if (loaded.ok()) {
      model = std::move(*loaded);
    } else {
      std::cerr << "fhirgw convert: " << loaded.status().message()
                << "; XML is read without type information (numbers and booleans stay strings)\n";
    }
  }

  size_t resources = 0, written = 0, with_errors = 0;
  std::map<fhir::Severity, size_t> by_severity;
  bool io_failed = false;
  for (const std::string& file : files) {
    absl::Status s = ReadResources(file, [&](InputResource& r) {
      ++resources;
      const fhir::Document& doc = r.document;
      for (const fhir::Issue& issue : doc.issues()) ++by_severity[issue.severity];
      if (doc.has_errors()) ++with_errors;
      if (o.json_issues) {
        std::cerr << OutcomeJsonLine(r.file, r.line, doc.issues()) << "\n";
      } else {
        for (const fhir::Issue& issue : doc.issues()) {
          std::cerr << r.file << ":" << (issue.line ? issue.line : r.line) << ": " << fhir::FormatIssue(issue) << "\n";
        }
      }
      if (doc.root() == nullptr) return;  // nothing readable to write back
      std::string text;
      if (o.xml) {
        fhir::XmlWriteOptions xo;
        xo.pretty = o.pretty;
        text = fhir::WriteXml(*doc.root(), xo);
      } else {
        fhir::JsonWriteOptions jo;
        jo.pretty = o.pretty;
        text = fhir::WriteJson(*doc.root(), jo);
      }
      if (o.out_dir.empty()) {
        std::cout << text << "\n";
      } else {
        std::ofstream out(std::filesystem::path(o.out_dir) / OutputName(r, o.xml), std::ios::binary);
        out << text << "\n";
        if (!out) {
          io_failed = true;
          return;
        }
      }
      ++written;
    }, model.get());
    if (!s.ok()) {
      std::cerr << "fhirgw convert: " << s.message() << "\n";
      io_failed = true;
    }
  }
  std::cerr << "fhirgw convert: " << files.size() << " file(s), " << resources << " resource(s) read, "
            << written << " written, " << with_errors << " with errors; issues: "
            << by_severity[fhir::Severity::kFatal] << " fatal, " << by_severity[fhir::Severity::kError]
            << " error, " << by_severity[fhir::Severity::kWarning] << " warning, "
            << by_severity[fhir::Severity::kInformation] << " information\n";
  if (io_failed) return 2;
  return with_errors > 0 ? 1 : 0;
}

}  // namespace fhirgw::cli
