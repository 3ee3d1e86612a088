// File: bench/json_read_benchmark.cc
// Reading the oncology corpus (10,035 resources, one JSON document each) into the element tree,
// beside bare parses of the same bytes by simdjson, the parser underneath. Every variant starts
// from the same std::string lines and pays for its own copy into padded memory, as ReadJson does.
// Single thread. Compare bytes_per_second within one run (the machine's speed drifts between runs).
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "bench/corpus.h"
#include "fhir/json_reader.h"
#include "fhir/json_writer.h"

namespace {

using fhirgw::bench::OncologyCorpus;

void BM_ReadJsonTree(benchmark::State& state) {
  const auto& corpus = OncologyCorpus();
  for (auto _ : state) {
    for (const std::string& line : corpus.lines) {
      fhir::Document doc = fhir::ReadJson(line);
      benchmark::DoNotOptimize(doc.root());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus.lines.size()));
}
BENCHMARK(BM_ReadJsonTree)->Unit(benchmark::kMillisecond);

// The bare parse: simdjson's DOM parser (stage 1 + its own tape-building stage 2).
void BM_SimdjsonDomParse(benchmark::State& state) {
  const auto& corpus = OncologyCorpus();
  simdjson::dom::parser parser;
  for (auto _ : state) {
    for (const std::string& line : corpus.lines) {
      simdjson::dom::element root;
      auto err = parser.parse(line.data(), line.size(), /*realloc_if_needed=*/true).get(root);
      benchmark::DoNotOptimize(err);
      benchmark::DoNotOptimize(root);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus.lines.size()));
}
BENCHMARK(BM_SimdjsonDomParse)->Unit(benchmark::kMillisecond);

// Writing the trees back (compact JSON), for reference.
void BM_WriteJson(benchmark::State& state) {
  const auto& corpus = OncologyCorpus();
  std::vector<fhir::Document> docs;
  for (const std::string& line : corpus.lines) docs.push_back(fhir::ReadJson(line));
  std::string out;
  for (auto _ : state) {
    for (const fhir::Document& doc : docs) {
      out.clear();
      fhir::WriteJson(*doc.root(), {}, &out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}
BENCHMARK(BM_WriteJson)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
