// File: bench/translate_benchmark.cc
// Translation throughput in records per second, single thread, on the shipped examples
// (examples/records: 25 patients, 487 records), read once outside the timed loop:
//   - mapping alone (records -> resource trees, with Provenance),
//   - mapping plus freezing each resource and writing its JSON (what an NDJSON export does),
//   - mapping plus validation of every resource against its profiles (the embedded default).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>

#include "conformance/default_packages.h"
#include "conformance/registry.h"
#include "fhir/json_writer.h"
#include "gateway/pipeline/translate_pipeline.h"

namespace {

const std::vector<mappers::ReadEntry>& Entries() {
  static const auto* entries = [] {
    auto* e = new std::vector<mappers::ReadEntry>();
    std::vector<std::filesystem::path> files;
    for (const auto& f : std::filesystem::directory_iterator(FHIRGW_SOURCE_DIR "/examples/records")) files.push_back(f.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) static_cast<void>(mappers::ReadRecordFile(f.string(), e));
    return e;
  }();
  return *entries;
}

const mappers::ConceptMaps& Maps() {
  static const auto* maps = mappers::ConceptMaps::Load({mappers::DefaultConceptMapDir()})->release();
  return *maps;
}

std::vector<fhirgw::oncology::v1::Record> Records() {
  std::vector<fhirgw::oncology::v1::Record> records;
  for (const auto& e : Entries()) records.push_back(e.record);
  return records;
}

void BM_TranslateRecords(benchmark::State& state) {
  const auto records = Records();
  mappers::Translator translator(Maps());
  mappers::TranslateOptions options;
  options.recorded_at = "2026-01-01T00:00:00Z";
  size_t resources = 0;
  for (auto _ : state) {
    auto results = translator.Translate(records, options);
    for (const auto& r : results) resources += r.resources.size();
    benchmark::DoNotOptimize(results.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records.size()));
  state.counters["resources_per_record"] =
      static_cast<double>(resources) / static_cast<double>(state.iterations() * records.size());
}
BENCHMARK(BM_TranslateRecords)->Unit(benchmark::kMillisecond);

void BM_TranslateAndWriteJson(benchmark::State& state) {
  const auto records = Records();
  mappers::Translator translator(Maps());
  mappers::TranslateOptions options;
  options.recorded_at = "2026-01-01T00:00:00Z";
  for (auto _ : state) {
    for (const auto& r : translator.Translate(records, options)) {
      for (const auto& m : r.resources) {
        fhir::Document doc = fhir::BuildDocument(m.resource);
        std::string json = fhir::WriteJson(*doc.root());
        benchmark::DoNotOptimize(json.data());
      }
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_TranslateAndWriteJson)->Unit(benchmark::kMillisecond);

void BM_TranslateAndValidate(benchmark::State& state) {
  static const conformance::Registry* registry = conformance::Registry::Load(conformance::PackagesIn())->release();
  conformance::Validator validator(*registry);
  mappers::Translator translator(Maps());
  fhirgw::pipeline::TranslatePipeline pipe(translator, &validator);
  fhirgw::pipeline::TranslateOptions options;
  options.mapping.recorded_at = "2026-01-01T00:00:00Z";
  size_t rejected = 0;
  for (auto _ : state) {
    auto report = pipe.Run(Entries(), options);
    rejected += report.rejected;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * Entries().size()));
  state.counters["rejected"] = static_cast<double>(rejected) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_TranslateAndValidate)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
