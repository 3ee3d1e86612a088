// File: gateway/pipeline/translate_pipeline.cc
#include "gateway/pipeline/translate_pipeline.h"

#include <chrono>
#include <ctime>

#include "fhir/text.h"
#include "fhir/tree_builder.h"
#include "gateway/pipeline/parallel_for.h"

namespace fhirgw::pipeline {

std::string NowInstant() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

void TranslatePipeline::Validate(mappers::RecordResult& result, const TranslateOptions& options) const {
  bool errors = false;
  for (const mappers::MappedResource& m : result.resources) {
    fhir::Document doc = fhir::BuildDocument(m.resource);
    fhir::IssueList issues;
    validator_->Validate(doc, {}, &issues);
    for (fhir::Issue& issue : issues) {
      errors = errors || issue.severity <= fhir::Severity::kError;
      issue.source = mappers::SourceOf(result, m, issue.location);
      if (issue.location.empty()) issue.location = m.type;
      result.issues.push_back(std::move(issue));
    }
  }
  if (errors && !options.keep_invalid) {
    fhir::Issue issue;
    issue.severity = fhir::Severity::kError;
    issue.type = fhir::IssueType::kProcessing;
    issue.message_id = "translation-invalid";
    issue.text = "the resources made from this record do not conform to their profiles (see the issues above): the record is rejected";
    issue.source = mappers::FieldRef(result.kind, result.record_id, {});
    result.issues.push_back(std::move(issue));
    result.rejected = true;
    result.resources.clear();
  }
}

TranslationReport TranslatePipeline::Run(const std::vector<mappers::ReadEntry>& entries,
                                         const TranslateOptions& options, mappers::BatchIndex* carry) const {
  TranslationReport report;
  report.received = entries.size();
  std::vector<fhirgw::oncology::v1::Record> records;
  std::vector<size_t> record_entry;  // entry index of each parsed record
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i].ok) continue;
    records.push_back(entries[i].record);
    record_entry.push_back(i);
  }
  std::vector<mappers::RecordResult> translated = translator_.Translate(records, options.mapping, carry);
  report.results.resize(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].ok) continue;
    mappers::RecordResult& r = report.results[i];
    r.index = i;
    r.kind = "record";
    r.rejected = true;
    fhir::Issue issue;
    issue.severity = fhir::Severity::kError;
    issue.type = fhir::IssueType::kStructure;
    issue.message_id = "record-unreadable";
    issue.text = entries[i].error;
    issue.source = fhir::Concat(entries[i].file, ":", entries[i].position);
    r.issues.push_back(std::move(issue));
  }
  if (validator_ != nullptr && options.validate) {
    // Each record's resources are validated apart from every other record's: in parallel.
    ParallelFor(translated.size(), options.jobs, [&](size_t k) {
      if (!translated[k].rejected) Validate(translated[k], options);
    });
  }
  for (size_t k = 0; k < translated.size(); ++k) {
    mappers::RecordResult& r = translated[k];
    r.index = record_entry[k];
    report.results[r.index] = std::move(r);
  }
  for (const mappers::RecordResult& r : report.results) {
    if (r.rejected) {
      ++report.rejected;
    } else {
      ++report.translated;
    }
    for (const mappers::MappedResource& m : r.resources) ++report.resources_by_type[m.type];
    for (const fhir::Issue& i : r.issues) ++report.issues_by_severity[i.severity];
  }
  return report;
}

}  // namespace fhirgw::pipeline
