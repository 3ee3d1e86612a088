// File: mappers/record_reader.cc
#include "mappers/record_reader.h"

#include <fstream>
#include <sstream>

#include "fhir/text.h"
#include "google/protobuf/util/json_util.h"
#include "simdjson.h"

namespace mappers {
namespace {

void ParseOne(std::string_view json, const std::string& file, uint32_t position, std::vector<ReadEntry>* out) {
  ReadEntry& e = out->emplace_back();
  e.file = file;
  e.position = position;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;  // a misspelt field is an error, not silently lost data
  auto s = google::protobuf::util::JsonStringToMessage(std::string(json), &e.record, options);
  if (!s.ok()) {
    e.error = fhir::Concat("not a record: ", std::string(s.message().data(), s.message().size()));
    return;
  }
  e.ok = true;
}

}  // namespace

void ParseRecords(std::string_view text, const std::string& file, std::vector<ReadEntry>* out) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return;
  if (text[first] == '[') {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(text);
    simdjson::dom::element root;
    if (parser.parse(padded).get(root) != simdjson::SUCCESS || !root.is_array()) {
      ReadEntry& e = out->emplace_back();
      e.file = file;
      e.position = 1;
      e.error = "the file starts like a JSON array but is not valid JSON";
      return;
    }
    uint32_t i = 0;
    for (simdjson::dom::element item : root.get_array()) ParseOne(simdjson::minify(item), file, ++i, out);
    return;
  }
  // One record, or NDJSON: one per non-blank line. A single pretty-printed record spans lines,
  // so try the whole text first.
  std::vector<ReadEntry> whole;
  ParseOne(text, file, 1, &whole);
  if (whole[0].ok) {
    out->push_back(std::move(whole[0]));
    return;
  }
  uint32_t line_no = 0;
  size_t pos = 0;
  bool any = false;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++line_no;
    pos = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    ParseOne(line, file, line_no, out);
    any = true;
  }
  if (!any) out->push_back(std::move(whole[0]));
}

absl::Status ReadRecordFile(const std::string& path, std::vector<ReadEntry>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(fhir::Concat("cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  ParseRecords(text.str(), path, out);
  return absl::OkStatus();
}

}  // namespace mappers
