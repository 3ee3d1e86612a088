// File: gateway/cli/validate_command.cc
#include "gateway/cli/validate_command.h"

#include <unistd.h>

#include <iostream>
#include <map>

#include "conformance/validator.h"
#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"
#include "fhir/text.h"
#include "gateway/cli/common_options.h"
#include "gateway/cli/input_files.h"
#include "gateway/cli/remote_gateway.h"
#include "gateway/cli/package_options.h"
#include "gateway/pipeline/parallel_for.h"

namespace fhirgw::cli {
namespace {

enum class Format { kText, kJson, kJunit };

struct Options {
  PackageOptions packages;
  conformance::ValidationOptions validation;
  Format format = Format::kText;
  bool quiet = false;
  bool coverage = false;
  RemoteOptions remote;  // remote.server set: validate on a running fhirgw serve
  int jobs = pipeline::DefaultJobs();
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
    if (a == "--profile" || a == "--format" || a == "--extension-domain") {
      const std::string* v = OptionValue(args, &i, error);
      if (v == nullptr) return false;
      if (a == "--profile") o->validation.profiles.push_back(*v);
      if (a == "--extension-domain") o->validation.extension_domains.push_back(*v);
      if (a == "--format") {
        if (*v == "text") {
          o->format = Format::kText;
        } else if (*v == "json") {
          o->format = Format::kJson;
        } else if (*v == "junit") {
          o->format = Format::kJunit;
        } else {
          *error = "--format takes text, json or junit";
          return false;
        }
      }
    } else if (a == "--strict-extensions") {
      o->validation.unknown_extensions_are_errors = true;
    } else if (a == "--strict-displays") {
      o->validation.wrong_display_is_error = true;
    } else if (a == "--assume-valid-rest-references") {
      o->validation.assume_valid_rest_references = true;
    } else if (a == "--no-html-in-markdown") {
      o->validation.html_in_markdown_is_error = true;
    } else if (a == "--no-example-urls") {
      o->validation.example_urls_allowed = false;
    } else if (a == "--quiet") {
      o->quiet = true;
    } else if (a == "--coverage") {
      o->coverage = true;
    } else if (!a.empty() && a[0] == '-') {
      *error = "unknown option " + a;
      return false;
    } else {
      o->inputs.push_back(a);
    }
  }
  if (o->inputs.empty() && !o->coverage) *error = "no input files";
  return error->empty();
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// Which invariants of the loaded packages are evaluated, and which are not and why.
void PrintInvariantCoverage(const conformance::LoadReport& report) {
  std::cout << "invariants: " << report.constraints << " in the loaded profiles, " << report.constraints_compiled
            << " compiled (" << report.distinct_expressions << " distinct expressions), "
            << report.constraints - report.constraints_compiled << " not compiled, " << report.constraints_corrected
            << " evaluated from a corrected expression\n";
  for (const std::string& note : report.notes) {
    if (note.starts_with("invariant ")) std::cout << "  " << note << "\n";
  }
}

}  // namespace

int RunValidate(const std::vector<std::string>& args) {
  Options o;
  std::string error;
  const bool parsed = ParseArgs(args, &o, &error);
  std::vector<std::string> files;
  if (!StartCommand("validate", parsed, error, kValidateUsage, o.inputs, &files)) return 2;
  auto registry = LoadRegistry(o.packages);
  if (!registry.ok()) {
    std::cerr << "fhirgw validate: " << registry.status().message() << "\n";
    return 2;
  }
  const conformance::LoadReport& report = (*registry)->report();
  if (o.coverage) {
    PrintInvariantCoverage(report);
    if (files.empty()) return 0;
  }
  if (o.format == Format::kText && !o.quiet) {
    std::cerr << "loaded " << report.packages.size() << " package(s): " << report.profiles << " profiles, "
              << report.value_sets << " value sets, " << report.code_systems << " code systems, "
              << report.constraints << " invariants (" << report.constraints_compiled << " compiled, "
              << report.constraints_corrected << " corrected) in " << report.seconds << " s\n";
    for (const std::string& note : report.notes) std::cerr << "  note: " << note << "\n";
  }
  conformance::Validator validator(**registry);
  std::unique_ptr<RemoteGateway> remote;
  if (!o.remote.server.empty()) {
    auto connected = RemoteGateway::Connect(o.remote);
    if (!connected.ok()) {
      std::cerr << "fhirgw validate: " << connected.status().message() << "\n";
      return 2;
    }
    remote = std::move(*connected);
  }
  const bool progress = o.format == Format::kText && isatty(STDERR_FILENO);

  size_t resources = 0, reported = 0, with_errors = 0, unevaluated_resources = 0;
  std::map<fhir::Severity, size_t> by_severity;
  std::map<std::string, size_t> by_rule;
  std::string junit_cases;
  bool io_failed = false;
  // What is said about one resource, in input order: printed, counted.
  auto report_one = [&](const std::string& file, uint32_t line, const fhir::IssueList& issues) {
    ++reported;
    const bool errors = fhir::HasErrors(issues);
    with_errors += errors ? 1 : 0;
    for (const fhir::Issue& i : issues) {
      ++by_severity[i.severity];
      if (i.severity <= fhir::Severity::kError) ++by_rule[i.message_id];
    }
    switch (o.format) {
      case Format::kJson: {
        std::cout << OutcomeJsonLine(file, line, issues) << "\n";
        break;
      }
      case Format::kJunit: {
        std::string name = fhir::Concat(file, line > 1 ? fhir::Concat(":", line) : std::string());
        junit_cases += fhir::Concat("  <testcase classname=\"fhirgw.validate\" name=\"", XmlEscape(name), "\">\n");
        if (errors) {
          std::string body;
          for (const fhir::Issue& i : issues) body += fhir::FormatIssue(i) + "\n";
          junit_cases += fhir::Concat("    <failure message=\"invalid FHIR resource\">", XmlEscape(body), "</failure>\n");
        }
        junit_cases += "  </testcase>\n";
        break;
      }
      case Format::kText:
        if (progress) std::cerr << "\r\033[K";
        for (const fhir::Issue& i : issues) {
          // Said once in the summary rather than once per resource.
          if (i.message_id == "invariants-not-evaluated") {
            ++unevaluated_resources;
            continue;
          }
          if (o.quiet && i.severity > fhir::Severity::kError) continue;
          // The file's line: an NDJSON resource starts on line `line`, and the issue's own line
        // counts within the resource.
        std::cout << file << ":" << line + (i.line > 0 ? i.line - 1 : 0) << ": " << fhir::FormatIssue(i) << "\n";
        }
        if (progress && reported % 1000 == 0) std::cerr << "validated " << reported << " resources..." << std::flush;
        break;
    }
  };
  // Locally, resources are read and validated in batches on --jobs threads, then reported in
  // order (the main thread only reads the files and prints).
  constexpr size_t kBatch = 256;
  std::vector<ResourceText> batch;
  std::vector<fhir::IssueList> outcomes;
  auto flush = [&] {
    outcomes.assign(batch.size(), {});
    pipeline::ParallelFor(batch.size(), o.jobs, [&](size_t k) {
      fhir::Document doc = ParseResourceText(batch[k], registry->get());
      outcomes[k] = doc.issues();
      validator.Validate(doc, o.validation, &outcomes[k]);
    });
    for (size_t k = 0; k < batch.size(); ++k) report_one(batch[k].file, batch[k].line, outcomes[k]);
    batch.clear();
  };
  // Remote: resources go to the server a batch at a time, on one stream per batch.
  struct RemoteItem {
    std::string file;
    uint32_t line;
    fhir::IssueList issues;  // the reader's; the server's answer replaces them
    std::string json;        // empty when the resource did not read: it is not sent
  };
  std::vector<RemoteItem> remote_batch;
  auto remote_flush = [&] {
    std::vector<std::string> jsons;
    std::vector<bool> sent(remote_batch.size());
    for (size_t k = 0; k < remote_batch.size(); ++k) {
      sent[k] = !remote_batch[k].json.empty();
      if (sent[k]) jsons.push_back(std::move(remote_batch[k].json));
    }
    auto answers = remote->ValidateMany(jsons, o.validation);
    if (!answers.ok()) {
      std::cerr << "fhirgw validate: " << answers.status().message() << "\n";
      io_failed = true;
    }
    for (size_t k = 0, next = 0; k < remote_batch.size(); ++k) {
      if (sent[k] && !answers.ok()) continue;  // not validated: the run fails with exit 2
      if (sent[k]) remote_batch[k].issues = std::move((*answers)[next++]);
      report_one(remote_batch[k].file, remote_batch[k].line, remote_batch[k].issues);
    }
    remote_batch.clear();
  };
  for (const std::string& file : files) {
    absl::Status s;
    if (remote == nullptr) {
      s = ReadResourceTexts(file, [&](ResourceText& text) {
        ++resources;
        batch.push_back(std::move(text));
        if (batch.size() == kBatch) flush();
      });
    } else {
      s = ReadResources(file, [&](InputResource& r) {
        ++resources;
        RemoteItem item{r.file, r.line, r.document.issues(), {}};
        // The server reads JSON: send the resource as read here (XML inputs converted). One
        // that did not read is answered here, with its reader issues.
        if (r.document.root() != nullptr) {
          item.json = r.file.ends_with(".xml") ? fhir::WriteJson(*r.document.root())
                                               : std::string(r.document.source().data(), r.document.source().size());
        }
        remote_batch.push_back(std::move(item));
        if (remote_batch.size() == kBatch) remote_flush();
      }, registry->get());
      remote_flush();
    }
    if (!s.ok()) {
      std::cerr << "fhirgw validate: " << s.message() << "\n";
      io_failed = true;
    }
  }
  flush();
  if (progress) std::cerr << "\r\033[K";
  if (o.format == Format::kJunit) {
    std::cout << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"fhirgw validate\" tests=\""
              << resources << "\" failures=\"" << with_errors << "\">\n" << junit_cases << "</testsuite>\n";
  }
  if (o.format == Format::kText) {
    std::cout << "\n" << resources << " resource(s) in " << files.size() << " file(s): " << (resources - with_errors)
              << " valid, " << with_errors << " with errors\n";
    std::cout << "issues: " << by_severity[fhir::Severity::kFatal] << " fatal, " << by_severity[fhir::Severity::kError]
              << " error, " << by_severity[fhir::Severity::kWarning] << " warning, "
              << by_severity[fhir::Severity::kInformation] << " information\n";
    for (const auto& [rule, count] : by_rule) std::cout << "  " << count << "\t" << rule << "\n";
    if (unevaluated_resources > 0) {
      std::cout << "not checked: some invariants (FHIRPath constraints) of " << unevaluated_resources
                << " resource(s), whose expressions do not compile (see --coverage)\n";
    }
  }
  if (io_failed) return 2;
  return with_errors > 0 ? 1 : 0;
}

}  // namespace fhirgw::cli
