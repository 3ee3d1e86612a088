// File: fhir/operation_outcome.cc
#include "fhir/operation_outcome.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <span>

#include "fhir/json_writer.h"
#include "fhir/text.h"

namespace fhir {
namespace {

// FHIR requires at least one issue; an outcome with nothing to report says so.
Issue AllOk() {
  Issue ok;
  ok.severity = Severity::kInformation;
  ok.type = IssueType::kInformational;
  ok.message_id = "all-ok";
  ok.text = "no issues found";
  return ok;
}

Node IntegerExtension(std::string_view url, int64_t value) {
  Node ext;
  ext.Set("url", url);
  ext.SetInteger("valueInteger", value);
  return ext;
}

Node StringExtension(std::string_view url, std::string_view value) {
  Node ext;
  ext.Set("url", url);
  ext.Set("valueString", value);
  return ext;
}

Node IssueNode(const Issue& issue) {
  Node n;
  if (issue.line != 0) {
    n.Add("extension", IntegerExtension(kIssueLineUrl, issue.line));
    n.Add("extension", IntegerExtension(kIssueColumnUrl, issue.column));
  }
  if (!issue.source.empty()) n.Add("extension", StringExtension(kIssueSourceUrl, issue.source));
  if (!issue.message_id.empty()) n.Add("extension", StringExtension(kMessageIdUrl, issue.message_id));
  n.Set("severity", SeverityCode(issue.severity));
  n.Set("code", IssueTypeCode(issue.type));
  if (!issue.text.empty()) n.Child("details").Set("text", issue.text);
  if (!issue.location.empty()) n.AddString("expression", issue.location);
  return n;
}

}  // namespace

Node ToOperationOutcome(const IssueList& issues) {
  Node oo = Node::Resource("OperationOutcome");
  if (issues.empty()) {
    oo.Add("issue", IssueNode(AllOk()));
    return oo;
  }
  for (const Issue& issue : issues) oo.Add("issue", IssueNode(issue));
  return oo;
}

namespace {

// Compact JSON written directly: a validating server answers with one outcome per resource, so
// this skips the intermediate tree (ToOperationOutcome builds the same structure for callers
// that need a tree; a test checks both agree).

// The extension urls are constants without characters JSON escapes: written as they are.
constexpr bool NeedsNoEscape(std::string_view s) {
  for (char c : s) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}
static_assert(NeedsNoEscape(kIssueLineUrl) && NeedsNoEscape(kIssueColumnUrl) && NeedsNoEscape(kIssueSourceUrl) &&
              NeedsNoEscape(kMessageIdUrl));

// Writes at a cursor into a buffer sized beforehand (MaxIssueSize): the constant pieces are
// fixed-size copies, where appending each to a string checked its capacity every time.
class Cursor {
 public:
  explicit Cursor(char* at) : at_(at) {}
  template <size_t N>
  void Put(const char (&literal)[N]) {
    std::memcpy(at_, literal, N - 1);
    at_ += N - 1;
  }
  void Put(std::string_view s) {
    std::memcpy(at_, s.data(), s.size());
    at_ += s.size();
  }
  void Put(char c) { *at_++ = c; }
  void Unsigned(uint32_t value) { at_ = std::to_chars(at_, at_ + 10, value).ptr; }
  void String(std::string_view s) { at_ = WriteJsonString(s, at_); }
  char* at() const { return at_; }

 private:
  char* at_;
};

// An issue's bytes besides its own strings: the four extension urls, plus under 250 bytes of
// names, punctuation, codes and two numbers (384 leaves room).
constexpr size_t kIssueFixedSize =
    384 + sizeof(kIssueLineUrl) + sizeof(kIssueColumnUrl) + sizeof(kIssueSourceUrl) + sizeof(kMessageIdUrl);

size_t MaxIssueSize(const Issue& i) {
  return kIssueFixedSize + MaxJsonStringSize(i.text.size()) + MaxJsonStringSize(i.location.size()) +
         MaxJsonStringSize(i.message_id.size()) + MaxJsonStringSize(i.source.size());
}

template <size_t N>
void StartExtension(const char (&url)[N], bool& first, Cursor& out) {
  if (!first) out.Put(',');
  first = false;
  out.Put("{\"url\":\"");
  out.Put(url);
  out.Put("\",");
}

void WriteIssue(const Issue& issue, Cursor& out) {
  out.Put('{');
  if (issue.line != 0 || !issue.source.empty() || !issue.message_id.empty()) {
    out.Put("\"extension\":[");
    bool first = true;
    if (issue.line != 0) {
      StartExtension(kIssueLineUrl, first, out);
      out.Put("\"valueInteger\":");
      out.Unsigned(issue.line);
      out.Put('}');
      StartExtension(kIssueColumnUrl, first, out);
      out.Put("\"valueInteger\":");
      out.Unsigned(issue.column);
      out.Put('}');
    }
    if (!issue.source.empty()) {
      StartExtension(kIssueSourceUrl, first, out);
      out.Put("\"valueString\":");
      out.String(issue.source);
      out.Put('}');
    }
    if (!issue.message_id.empty()) {
      StartExtension(kMessageIdUrl, first, out);
      out.Put("\"valueString\":");
      out.String(issue.message_id);
      out.Put('}');
    }
    out.Put("],");
  }
  out.Put("\"severity\":\"");
  out.Put(SeverityCode(issue.severity));
  out.Put("\",\"code\":\"");
  out.Put(IssueTypeCode(issue.type));
  out.Put('"');
  if (!issue.text.empty()) {
    out.Put(",\"details\":{\"text\":");
    out.String(issue.text);
    out.Put('}');
  }
  if (!issue.location.empty()) {
    out.Put(",\"expression\":[");
    out.String(issue.location);
    out.Put(']');
  }
  out.Put('}');
}

}  // namespace

std::string OperationOutcomeJson(const IssueList& issues, bool pretty) {
  if (pretty) {
    Document doc = BuildDocument(ToOperationOutcome(issues));
    return WriteJson(*doc.root(), JsonWriteOptions{.pretty = true});
  }
  const Issue all_ok = issues.empty() ? AllOk() : Issue();
  const std::span<const Issue> list = issues.empty() ? std::span<const Issue>(&all_ok, 1) : std::span<const Issue>(issues);
  constexpr std::string_view kHead = "{\"resourceType\":\"OperationOutcome\",\"issue\":[";
  size_t size = kHead.size() + 2;
  for (const Issue& i : list) size += MaxIssueSize(i) + 1;
  // Sized once for the worst case (every byte escaped), then cut to what was written.
  std::string out(size, '\0');
  Cursor cursor(out.data());
  cursor.Put(kHead);
  for (size_t i = 0; i < list.size(); ++i) {
    if (i != 0) cursor.Put(',');
    WriteIssue(list[i], cursor);
  }
  cursor.Put("]}");
  out.resize(static_cast<size_t>(cursor.at() - out.data()));
  return out;
}

IssueList IssuesFromOperationOutcome(const Element& outcome) {
  IssueList out;
  const Property* issues = outcome.Find("issue");
  if (issues == nullptr) return out;
  for (const Element& e : issues->elements()) {
    Issue issue;
    std::string_view severity = e.ValueOf("severity");
    for (Severity s : {Severity::kFatal, Severity::kError, Severity::kWarning, Severity::kInformation}) {
      if (SeverityCode(s) == severity) issue.severity = s;
    }
    std::string_view code = e.ValueOf("code");
    for (int t = 0; t <= static_cast<int>(IssueType::kException); ++t) {
      if (IssueTypeCode(static_cast<IssueType>(t)) == code) issue.type = static_cast<IssueType>(t);
    }
    if (const Element* details = e.First("details")) issue.text = std::string(details->ValueOf("text"));
    issue.location = std::string(e.ValueOf("expression"));
    if (const Property* exts = e.Find("extension")) {
      for (const Element& x : exts->elements()) {
        std::string_view url = x.ValueOf("url");
        auto integer = [&] { return static_cast<uint32_t>(std::strtoul(std::string(x.ValueOf("valueInteger")).c_str(), nullptr, 10)); };
        if (url == kIssueLineUrl) issue.line = integer();
        if (url == kIssueColumnUrl) issue.column = integer();
        if (url == kIssueSourceUrl) issue.source = std::string(x.ValueOf("valueString"));
        if (url == kMessageIdUrl) issue.message_id = std::string(x.ValueOf("valueString"));
      }
    }
    out.push_back(std::move(issue));
  }
  return out;
}

}  // namespace fhir
