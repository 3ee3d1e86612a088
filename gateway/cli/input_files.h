// File: gateway/cli/input_files.h
// Turns the command line's FILE arguments into resources to process: JSON or XML files, NDJSON
// files (one resource per line) and directories (searched recursively for those three kinds).
#ifndef FHIRGW_GATEWAY_CLI_INPUT_FILES_H_
#define FHIRGW_GATEWAY_CLI_INPUT_FILES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "fhir/document.h"
#include "fhir/issue.h"
#include "fhir/type_model.h"

namespace fhirgw::cli {

// One resource read from an input file.
struct InputResource {
  std::string file;
  uint32_t line = 1;  // the NDJSON line, else 1
  fhir::Document document;
};

// Expands directories into the JSON, XML and NDJSON files below them, sorted. Returns NotFound
// for a path that does not exist.
absl::Status ExpandInputs(const std::vector<std::string>& args, std::vector<std::string>* files);

// One resource's text as read from an input file, not parsed yet (so that parsing can be
// spread over threads).
struct ResourceText {
  std::string file;
  uint32_t line = 1;  // the NDJSON line, else 1
  std::string text;
  bool xml = false;
};

// Calls `sink` once per resource text in `file`: NDJSON line by line (blank lines skipped;
// memory bounded by the longest line), other files whole. XML is told by the extension (.xml),
// else by the first character. Returns an error only when the file cannot be read.
absl::Status ReadResourceTexts(const std::string& file, const std::function<void(ResourceText&)>& sink);

// Parses one resource text (see ReadResources for `model`).
fhir::Document ParseResourceText(const ResourceText& text, const fhir::TypeModel* model);

// Reads `file` and calls `sink` once per resource in it (blank NDJSON lines are skipped). The
// format comes from the extension (.xml, .ndjson), else from the first character. Returns an
// error only when the file cannot be read; problems in the content are issues in each Document.
// `model` (may be null) tells the XML reader which elements repeat and which values are numbers
// or booleans.
absl::Status ReadResources(const std::string& file,
                           const std::function<void(InputResource&)>& sink,
                           const fhir::TypeModel* model = nullptr);

// The start every file-reading command shares: when `parsed` is false, prints `error` and
// `usage`; else expands `inputs` into `files`, printing why when that fails. Returns false when
// the command should exit with status 2.
bool StartCommand(std::string_view command, bool parsed, const std::string& error, std::string_view usage,
                  const std::vector<std::string>& inputs, std::vector<std::string>* files);

// Reads a whole file (tokens, certificates, configuration); false when it cannot be read.
bool ReadTextFile(const std::string& path, std::string* out);

// One line of machine-readable output per resource: {"file":...,"line":N,"outcome":{...}}.
std::string OutcomeJsonLine(const std::string& file, uint32_t line, const fhir::IssueList& issues);

}  // namespace fhirgw::cli

#endif  // FHIRGW_GATEWAY_CLI_INPUT_FILES_H_
