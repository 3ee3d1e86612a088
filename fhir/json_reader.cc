// File: fhir/json_reader.cc
// Two stages, as in simdjson's own DOM parser. Stage 1 is simdjson's: SIMD code, chosen at run
// time for the CPU, that validates UTF-8, finds every string and records the offset of every
// structural character and value start. Stage 2 is ours (json_tree_builder): one pass over those
// offsets that checks the JSON grammar and FHIR's JSON rules and builds the element tree. So the
// tree is built without an intermediate DOM, every position is an exact source offset, and a
// grammar error is reported where it is, with a specific message.
//
// String values without escapes and all number text point into the Document's own copy of the
// source; escaped strings are unescaped into the arena by simdjson's string parser.
#include "fhir/json_reader.h"

#include <simdjson.h>

#include <memory>

#include "fhir/json_syntax.h"
#include "fhir/json_tree_builder.h"
#include "fhir/text.h"

namespace fhir {
namespace {

// One per thread: simdjson's parser implementation keeps its buffers between documents.
struct Stage1 {
  std::unique_ptr<simdjson::internal::dom_parser_implementation> impl;
  size_t capacity = 0;

  // Returns SUCCESS or simdjson's stage-1 error (invalid UTF-8, unclosed string, raw control
  // character, capacity).
  simdjson::error_code Run(const char* text, size_t len, uint32_t max_depth) {
    if (impl == nullptr || len > capacity) {
      size_t want = std::max<size_t>(len, 1 << 16);
      if (auto err = simdjson::get_active_implementation()->create_dom_parser_implementation(
              want, max_depth + 2, impl);
          err) {
        impl.reset();
        return err;
      }
      capacity = want;
    }
    return impl->stage1(reinterpret_cast<const uint8_t*>(text), len,
                        simdjson::stage1_mode::regular);
  }
};

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

Document ReadJson(std::string_view json, const JsonReadOptions& options) {
  thread_local Stage1 stage1;
  thread_local JsonTreeBuilder::Scratch scratch;
  Document doc(json);
  std::string_view src = doc.source();
  // A UTF-8 byte order mark is tolerated (some servers send one); offsets stay file offsets.
  const uint32_t skip = src.starts_with(kUtf8Bom) ? static_cast<uint32_t>(kUtf8Bom.size()) : 0;
  if (src.size() > 0xFFFFFFF0u) {
    Issue issue;
    issue.severity = Severity::kFatal;
    issue.type = IssueType::kTooCostly;
    issue.message_id = "json-too-large";
    issue.text = "the document is larger than 4 GiB";
    doc.mutable_issues().push_back(std::move(issue));
    return doc;
  }
  simdjson::error_code err = stage1.Run(src.data() + skip, src.size() - skip, options.max_depth);
  if (err != simdjson::SUCCESS) {
    Issue issue;
    issue.severity = Severity::kFatal;
    issue.type = IssueType::kStructure;
    if (auto located = FindJsonSyntaxError(src.substr(skip), options.max_depth)) {
      Position pos = doc.PositionOf(located->offset + skip);
      issue.line = pos.line;
      issue.column = pos.column;
      issue.message_id = located->message_id;
      issue.text = Concat("malformed JSON: ", located->text);
    } else {
      issue.message_id = "json-syntax";
      issue.text = Concat("malformed JSON: ", simdjson::error_message(err));
    }
    doc.mutable_issues().push_back(std::move(issue));
    return doc;
  }
  JsonTreeBuilder::Input input{src, skip, stage1.impl->structural_indexes.get(),
                               stage1.impl->n_structural_indexes, stage1.impl.get()};
  JsonTreeBuilder(doc, options, scratch, input).Run();
  return doc;
}

}  // namespace fhir
