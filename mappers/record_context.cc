// File: mappers/record_context.cc
#include "mappers/record_context.h"

#include "mappers/stable_id.h"

namespace mappers {
namespace {

bool Digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

bool IsValidDate(std::string_view d) {
  if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
  if (!Digits(d.substr(0, 4))) return false;
  if (d.size() == 4) return true;
  if (d[4] != '-' || !Digits(d.substr(5, 2))) return false;
  int month = (d[5] - '0') * 10 + (d[6] - '0');
  if (month < 1 || month > 12) return false;
  if (d.size() == 7) return true;
  if (d[7] != '-' || !Digits(d.substr(8, 2))) return false;
  int year = std::stoi(std::string(d.substr(0, 4)));
  int day = (d[8] - '0') * 10 + (d[9] - '0');
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max = month == 2 && leap ? 29 : kDays[month - 1];
  return day >= 1 && day <= max;
}

RecordContext::RecordContext(const ConceptMaps& maps, const BatchIndex& batch, const TranslateOptions& options,
                             std::string_view kind, const v1::Source& source, RecordResult* result, IdCache* ids)
    : maps_(maps), batch_(batch), options_(options), kind_(kind), source_(source), result_(result), ids_(ids) {}

void RecordContext::AddIssue(fhir::Severity severity, fhir::IssueType type, std::string_view field,
                             std::string_view message_id, std::string text) {
  fhir::Issue issue;
  issue.severity = severity;
  issue.type = type;
  issue.message_id = std::string(message_id);
  issue.text = std::move(text);
  issue.source = FieldRef(kind_, source_.record_id(), field);
  result_->issues.push_back(std::move(issue));
}

void RecordContext::Error(std::string_view field, std::string_view message_id, std::string text) {
  failed_ = true;
  AddIssue(fhir::Severity::kError, fhir::IssueType::kInvalid, field, message_id, std::move(text));
}

void RecordContext::Warning(std::string_view field, std::string_view message_id, std::string text) {
  AddIssue(fhir::Severity::kWarning, fhir::IssueType::kInformational, field, message_id, std::move(text));
}

std::optional<fhir::Node> RecordContext::Concept(std::string_view map, std::string_view code,
                                                 std::string_view local_display, std::string_view field,
                                                 bool required) {
  if (code.empty()) {
    if (required) Error(field, "record-field-missing", fhir::Concat("a code is required in ", field));
    return std::nullopt;
  }
  const std::vector<StandardCode>& codes = maps_.Lookup(map, code);
  if (codes.empty()) {
    std::string text = fhir::Concat("local code '", code, "' has no mapping in concept map '", map, "'");
    if (required) {
      Error(field, "code-unmapped", std::move(text));
    } else {
      Warning(field, "code-unmapped", fhir::Concat(text, "; the element is left out"));
    }
    return std::nullopt;
  }
  fhir::Node codeable;
  for (const StandardCode& c : codes) {
    fhir::Node coding;
    coding.Set("system", c.system).Set("code", c.code);
    if (!c.display.empty()) coding.Set("display", c.display);
    codeable.Add("coding", std::move(coding));
  }
  if (!local_display.empty()) codeable.Set("text", local_display);
  return codeable;
}

fhir::Node RecordContext::ConceptOrText(std::string_view map, std::string_view code, std::string_view text,
                                        std::string_view field) {
  if (!maps_.Lookup(map, code).empty()) return *Concept(map, code, text, field, false);
  Warning(field, "code-unmapped",
          fhir::Concat("local code '", code, "' has no mapping in concept map '", map, "': coded as text only"));
  fhir::Node codeable;
  codeable.Set("text", text.empty() ? code : text);
  return codeable;
}

const StandardCode* RecordContext::Code(std::string_view map, std::string_view code, std::string_view field,
                                         bool required) {
  if (!Concept(map, code, {}, field, required)) return nullptr;
  return &maps_.Lookup(map, code)[0];
}

std::optional<fhir::Node> RecordContext::Coding(std::string_view map, std::string_view code, std::string_view field,
                                                bool required) {
  std::optional<fhir::Node> codeable = Concept(map, code, {}, field, required);
  if (!codeable) return std::nullopt;
  const std::vector<StandardCode>& codes = maps_.Lookup(map, code);
  fhir::Node coding;
  coding.Set("system", codes[0].system).Set("code", codes[0].code);
  if (!codes[0].display.empty()) coding.Set("display", codes[0].display);
  return coding;
}

std::optional<fhir::Node> RecordContext::Ref(std::string_view resource_type, std::string_view kind,
                                             std::string_view record_id, std::string_view field, bool required) {
  if (record_id.empty()) {
    if (required) Error(field, "record-field-missing", fhir::Concat(field, " is required"));
    return std::nullopt;
  }
  if (!batch_.Has(kind, record_id)) {
    Warning(field, "reference-not-in-batch",
            fhir::Concat(kind, " record '", record_id,
                         "' is not in this batch: the reference assumes it was translated before"));
  }
  std::string id;
  if (ids_ != nullptr) {
    std::string key = fhir::Concat(source_.system(), "|", kind, "|", record_id);
    auto it = ids_->find(key);
    if (it == ids_->end()) it = ids_->emplace(std::move(key), StableId(source_.system(), kind, record_id)).first;
    id = it->second;
  } else {
    id = StableId(source_.system(), kind, record_id);
  }
  fhir::Node ref;
  ref.Set("reference", fhir::Concat(resource_type, "/", id));
  return ref;
}

std::optional<fhir::Node> RecordContext::Subject(std::string_view patient_record_id) {
  return Ref("Patient", "patient", patient_record_id, "patient_record_id", true);
}

std::optional<std::string> RecordContext::Date(std::string_view value, std::string_view field, bool required) {
  if (value.empty()) {
    if (required) Error(field, "record-field-missing", fhir::Concat(field, " is required"));
    return std::nullopt;
  }
  if (!IsValidDate(value)) {
    Error(field, "record-date-invalid", fhir::Concat("'", value, "' is not a possible date (YYYY, YYYY-MM or YYYY-MM-DD)"));
    return std::nullopt;
  }
  return std::string(value);
}

std::string RecordContext::Id(std::string_view part) const {
  return StableId(source_.system(), kind_, source_.record_id(), part);
}

MappedResource& RecordContext::Add(std::string_view type, std::string_view profile, std::string_view part) {
  MappedResource& r = result_->resources.emplace_back();
  r.type = std::string(type);
  r.id = Id(part);
  r.profile = std::string(profile);
  r.resource = fhir::Node::Resource(type);
  r.resource.Set("id", r.id);
  if (!profile.empty()) r.resource.Child("meta").AddString("profile", profile);
  // Provenance has no identifier element; everything else we make does.
  if (type != "Provenance") {
    r.identifier_system = source_.system();
    r.identifier_value = part.empty() ? source_.record_id() : fhir::Concat(source_.record_id(), "#", part);
    fhir::Node identifier;
    identifier.Set("system", r.identifier_system).Set("value", r.identifier_value);
    if (type == "AdverseEvent") {  // the one kind here whose identifier does not repeat
      r.resource.Put("identifier", std::move(identifier));
    } else {
      r.resource.Add("identifier", std::move(identifier));
    }
  }
  return r;
}

}  // namespace mappers
