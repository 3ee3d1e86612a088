// File: gateway/pipeline/translate_pipeline.h
// Records in, validated FHIR out: the one translation path the command line and the service
// share. Entries that are not records, records the mappers reject, and records whose resources
// fail validation against their declared profiles all come back rejected with their reasons;
// every entry sent in is accounted for.
#ifndef FHIRGW_GATEWAY_PIPELINE_TRANSLATE_PIPELINE_H_
#define FHIRGW_GATEWAY_PIPELINE_TRANSLATE_PIPELINE_H_

#include <map>
#include <string>
#include <vector>

#include "conformance/validator.h"
#include "mappers/record_reader.h"
#include "mappers/translator.h"

namespace fhirgw::pipeline {

struct TranslateOptions {
  mappers::TranslateOptions mapping;
  bool validate = true;       // validate every resource against its declared profiles
  bool keep_invalid = false;  // keep records whose resources have validation errors (flagged)
  // Threads validating the translated resources (the command line's batches use every core;
  // the service keeps 1: its requests already run side by side).
  int jobs = 1;
};

struct TranslationReport {
  // One per entry, in input order; entries that did not parse are rejected results.
  std::vector<mappers::RecordResult> results;
  size_t received = 0, translated = 0, rejected = 0;
  std::map<std::string, size_t> resources_by_type;
  std::map<fhir::Severity, size_t> issues_by_severity;
};

class TranslatePipeline {
 public:
  // `validator` may be null (no validation).
  TranslatePipeline(const mappers::Translator& translator, const conformance::Validator* validator)
      : translator_(translator), validator_(validator) {}

  // `carry`: see Translator::Translate (streams keep one across calls).
  TranslationReport Run(const std::vector<mappers::ReadEntry>& entries, const TranslateOptions& options,
                        mappers::BatchIndex* carry = nullptr) const;

 private:
  void Validate(mappers::RecordResult& result, const TranslateOptions& options) const;

  const mappers::Translator& translator_;
  const conformance::Validator* validator_;
};

// The current time as a FHIR instant ("2026-11-27T20:13:12Z").
std::string NowInstant();

}  // namespace fhirgw::pipeline

#endif  // FHIRGW_GATEWAY_PIPELINE_TRANSLATE_PIPELINE_H_
