// File: gateway/cli/translate_command.cc
#include "gateway/cli/translate_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"
#include "gateway/cli/common_options.h"
#include "gateway/cli/input_files.h"
#include "fhir/json_reader.h"
#include "gateway/cli/package_options.h"
#include "gateway/cli/remote_gateway.h"
#include "gateway/pipeline/parallel_for.h"
#include "gateway/pipeline/translate_pipeline.h"
#include "mappers/bundles.h"

namespace fhirgw::cli {
namespace {

enum class Format { kBundle, kTransaction, kNdjson };

struct Options {
  Format format = Format::kBundle;
  std::string out_dir;
  std::vector<std::string> concept_maps;
  PackageOptions packages;
  std::string base_url = "http://fhirgw.local/fhir";
  bool validate = true;
  bool keep_invalid = false;
  bool quiet = false;
  int jobs = pipeline::DefaultJobs();
  RemoteOptions remote;  // remote.server set: translate on a running fhirgw serve
  std::vector<std::string> inputs;
};

bool ParseArgs(const std::vector<std::string>& args, Options* o, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    Taken taken = TakePackageOption(args, &i, &o->packages, error);
    if (taken == Taken::kNo) taken = TakeRemoteOption(args, &i, &o->remote, error);
    if (taken == Taken::kNo) taken = TakeJobsOption(args, &i, &o->jobs, error);
    if (taken == Taken::kError) return false;
    if (taken == Taken::kYes) continue;
    if (a == "--format" || a == "--out" || a == "--concept-maps" || a == "--base-url") {
      const std::string* v = OptionValue(args, &i, error);
      if (v == nullptr) return false;
      if (a == "--out") o->out_dir = *v;
      if (a == "--concept-maps") o->concept_maps.push_back(*v);
      if (a == "--base-url") o->base_url = *v;
      if (a == "--format") {
        if (*v == "bundle") {
          o->format = Format::kBundle;
        } else if (*v == "transaction") {
          o->format = Format::kTransaction;
        } else if (*v == "ndjson") {
          o->format = Format::kNdjson;
        } else {
          *error = "--format takes bundle, transaction or ndjson";
          return false;
        }
      }
    } else if (a == "--no-validate") {
      o->validate = false;
    } else if (a == "--keep-invalid") {
      o->keep_invalid = true;
    } else if (a == "--quiet") {
      o->quiet = true;
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

// Writes one JSON document per output unit, to stdout or to files under --out. Files are
// written whole and atomically (a temporary name, then a rename): a run that is interrupted
// leaves complete files or none, never a truncated Bundle that looks finished. Translation is
// deterministic (stable ids), so running the same batch again completes it.
class Output {
 public:
  explicit Output(std::string dir) : dir_(std::move(dir)) {}
  // `append`: the document joins the file's earlier ones (NDJSON), written out by Finish.
  bool Write(const std::string& file, const std::string& json, bool append) {
    if (dir_.empty()) {
      std::cout << json << "\n";
      return true;
    }
    if (append) {
      std::string& pending = pending_[file];
      pending += json;
      pending += '\n';
      return true;
    }
    return WriteFile(file, json + "\n");
  }
  bool Finish() {
    bool ok = true;
    for (const auto& [file, text] : pending_) ok &= WriteFile(file, text);
    pending_.clear();
    return ok;
  }

 private:
  bool WriteFile(const std::string& file, const std::string& text) {
    const std::filesystem::path target = std::filesystem::path(dir_) / file;
    const std::filesystem::path temp = std::filesystem::path(dir_) / ("." + file + ".partial");
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out << text;
      out.flush();
      if (!out) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        return false;
      }
    }
    std::error_code ec;
    std::filesystem::rename(temp, target, ec);
    if (!ec) return true;
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);  // nothing half-done is left behind
    return false;
  }

  std::string dir_;
  std::map<std::string, std::string> pending_;
};

}  // namespace

// --server: each patient's records in one Translate call, so each answer is that patient's
// Bundle; outcomes come back per record.
static int RunRemoteTranslate(const Options& o, const std::vector<mappers::ReadEntry>& entries) {
  if (o.format == Format::kNdjson) {
    std::cerr << "fhirgw translate: --server supports --format bundle and transaction\n";
    return 2;
  }
  auto remote = RemoteGateway::Connect(o.remote);
  if (!remote.ok()) {
    std::cerr << "fhirgw translate: " << remote.status().message() << "\n";
    return 2;
  }
  std::vector<std::string> order;
  std::map<std::string, std::vector<size_t>> by_patient;
  for (size_t i = 0; i < entries.size(); ++i) {
    std::string patient = entries[i].ok ? std::string(mappers::RecordPatient(entries[i].record)) : std::string();
    if (!by_patient.contains(patient)) order.push_back(patient);
    by_patient[patient].push_back(i);
  }
  Output out(o.out_dir);
  bool io_ok = true;
  size_t received = 0, translated = 0, rejected = 0;
  for (const std::string& patient : order) {
    gateway::v1::TranslateRequest req;
    req.set_format(o.format == Format::kTransaction ? gateway::v1::OUTPUT_FORMAT_TRANSACTION : gateway::v1::OUTPUT_FORMAT_BUNDLE);
    req.set_skip_validation(!o.validate);
    for (size_t i : by_patient[patient]) *req.add_records() = entries[i].record;  // unreadable entries go as empty records
    auto resp = (*remote)->Translate(req);
    if (!resp.ok()) {
      std::cerr << "fhirgw translate: " << resp.status().message() << "\n";
      return 2;
    }
    for (const std::string& bundle : resp->bundle_json()) {
      io_ok &= out.Write((patient.empty() ? "unknown" : patient) + ".json", bundle, false);
    }
    for (const auto& outcome : resp->outcomes()) {
      fhir::Document doc = fhir::ReadJson(outcome.operation_outcome_json());
      if (doc.root() != nullptr) {
        for (const fhir::Issue& i : fhir::IssuesFromOperationOutcome(*doc.root())) {
          if (o.quiet && i.severity > fhir::Severity::kError) continue;
          std::cerr << fhir::FormatIssue(i) << " (" << i.source << ")\n";
        }
      }
      if (outcome.rejected() && !o.out_dir.empty()) {
        std::string line = fhir::Concat("{\"entry\":", by_patient[patient][outcome.index()] + 1, ",\"record\":");
        fhir::AppendJsonString(mappers::FieldRef(outcome.record_kind(), outcome.record_id(), {}), &line);
        fhir::Append(&line, ",\"outcome\":", outcome.operation_outcome_json(), "}");
        io_ok &= out.Write("rejected.ndjson", line, true);
      }
    }
    received += resp->summary().received();
    translated += resp->summary().translated();
    rejected += resp->summary().rejected();
  }
  io_ok &= out.Finish();
  std::cerr << "\n" << received << " record(s) in: " << translated << " translated, " << rejected << " rejected (by "
            << o.remote.server << ")\n";
  if (!io_ok) {
    std::cerr << "fhirgw translate: could not write all output\n";
    return 2;
  }
  return rejected > 0 ? 1 : 0;
}

int RunTranslate(const std::vector<std::string>& args) {
  Options o;
  std::string error;
  const bool parsed = ParseArgs(args, &o, &error);
  std::vector<std::string> files;
  if (!StartCommand("translate", parsed, error, kTranslateUsage, o.inputs, &files)) return 2;
  std::vector<std::string> map_paths = {mappers::DefaultConceptMapDir()};
  map_paths.insert(map_paths.end(), o.concept_maps.begin(), o.concept_maps.end());
  auto maps = mappers::ConceptMaps::Load(map_paths);
  if (!maps.ok()) {
    std::cerr << "fhirgw translate: " << maps.status().message() << "\n";
    return 2;
  }
  std::unique_ptr<conformance::Registry> registry;
  if (o.validate && o.remote.server.empty()) {
    auto r = LoadRegistry(o.packages);
    if (!r.ok()) {
      std::cerr << "fhirgw translate: " << r.status().message() << "\n";
      return 2;
    }
    registry = std::move(*r);
  }
  std::vector<mappers::ReadEntry> entries;
  for (const std::string& f : files) {
    if (absl::Status s = mappers::ReadRecordFile(f, &entries); !s.ok()) {
      std::cerr << "fhirgw translate: " << s.message() << "\n";
      return 2;
    }
  }
  if (!o.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.out_dir, ec);
    if (ec) {
      std::cerr << "fhirgw translate: cannot create " << o.out_dir << ": " << ec.message() << "\n";
      return 2;
    }
    for (const auto& stale : {"rejected.ndjson"}) std::filesystem::remove(std::filesystem::path(o.out_dir) / stale, ec);
  }

  if (!o.remote.server.empty()) return RunRemoteTranslate(o, entries);
  mappers::Translator translator(**maps);
  std::unique_ptr<conformance::Validator> validator;
  if (registry != nullptr) validator = std::make_unique<conformance::Validator>(*registry);
  pipeline::TranslatePipeline pipe(translator, validator.get());
  pipeline::TranslateOptions options;
  options.mapping.recorded_at = pipeline::NowInstant();
  options.validate = o.validate;
  options.keep_invalid = o.keep_invalid;
  options.jobs = o.jobs;
  pipeline::TranslationReport report = pipe.Run(entries, options);

  Output out(o.out_dir);
  bool io_ok = true;
  if (o.format == Format::kNdjson) {
    for (const mappers::RecordResult& r : report.results) {
      for (const mappers::MappedResource& m : r.resources) {
        fhir::Document doc = fhir::BuildDocument(m.resource);
        io_ok &= out.Write(m.type + ".ndjson", fhir::WriteJson(*doc.root()), true);
      }
    }
  } else {
    auto bundles = mappers::BuildPatientBundles(
        report.results, o.format == Format::kBundle ? mappers::BundleKind::kCollection : mappers::BundleKind::kTransaction,
        o.base_url);
    for (const mappers::PatientBundle& b : bundles) {
      fhir::Document doc = fhir::BuildDocument(b.bundle);
      io_ok &= out.Write(b.patient_record_id + ".json", fhir::WriteJson(*doc.root()), false);
    }
  }
  for (const mappers::RecordResult& r : report.results) {
    for (const fhir::Issue& i : r.issues) {
      if (o.quiet && i.severity > fhir::Severity::kError) continue;
      std::cerr << fhir::FormatIssue(i) << " (" << i.source << ")\n";
    }
    if (r.rejected && !o.out_dir.empty()) {
      std::string line = fhir::Concat("{\"entry\":", r.index + 1, ",\"record\":");
      fhir::AppendJsonString(mappers::FieldRef(r.kind, r.record_id, {}), &line);
      line += ",\"outcome\":";
      line += fhir::OperationOutcomeJson(r.issues);
      line += "}";
      io_ok &= out.Write("rejected.ndjson", line, true);
    }
  }
  io_ok &= out.Finish();
  std::cerr << "\n" << report.received << " record(s) in: " << report.translated << " translated, " << report.rejected
            << " rejected\n";
  std::cerr << "resources out:";
  size_t total = 0;
  for (const auto& [type, n] : report.resources_by_type) {
    std::cerr << " " << type << " " << n;
    total += n;
  }
  std::cerr << " (" << total << " in all)\n";
  std::cerr << "issues: " << report.issues_by_severity[fhir::Severity::kFatal] << " fatal, "
            << report.issues_by_severity[fhir::Severity::kError] << " error, "
            << report.issues_by_severity[fhir::Severity::kWarning] << " warning, "
            << report.issues_by_severity[fhir::Severity::kInformation] << " information\n";
  // Which rules the issues come from, most frequent first (a long list is usually a few rules).
  std::map<std::string, size_t> by_rule;
  for (const mappers::RecordResult& r : report.results) {
    for (const fhir::Issue& i : r.issues) {
      if (i.severity <= fhir::Severity::kWarning) ++by_rule[fhir::Concat(fhir::SeverityCode(i.severity), " ", i.message_id)];
    }
  }
  std::vector<std::pair<size_t, std::string>> rules;
  for (const auto& [rule, n] : by_rule) rules.emplace_back(n, rule);
  std::sort(rules.rbegin(), rules.rend());
  for (size_t k = 0; k < rules.size() && k < 8; ++k) std::cerr << "  " << rules[k].first << "\t" << rules[k].second << "\n";
  if (!io_ok) {
    std::cerr << "fhirgw translate: could not write all output\n";
    return 2;
  }
  return report.rejected > 0 ? 1 : 0;
}

}  // namespace fhirgw::cli
