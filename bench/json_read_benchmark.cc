// File: bench/json_read_benchmark.cc
// Reading the oncology corpus (10,035 resources, one JSON document each) into the element tree,
// beside bare parses of the same bytes by simdjson, the parser underneath. Every variant starts
// from the same std::string lines and pays for its own copy into padded memory, as ReadJson does.
// Single thread. Compare bytes_per_second within one run (the machine's speed drifts between runs).
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>

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

// The two above, interleaved: chunks of 64 lines are read into trees and parsed by simdjson's
// DOM parser in turn, each timed, so both see the same machine speed (this VM's speed drifts by
// a third between and within runs, which makes the ratio of separate runs unreliable).
// Counters: tree_MBps, dom_MBps and ratio (tree / dom), the figure.
void BM_ReadJsonTreeInterleavedWithDom(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  const auto& corpus = OncologyCorpus();
  constexpr size_t kChunk = 64;
  simdjson::dom::parser parser;
  Clock::duration tree_time{};
  Clock::duration dom_time{};
  for (auto _ : state) {
    for (size_t begin = 0; begin < corpus.lines.size(); begin += kChunk) {
      const size_t end = std::min(corpus.lines.size(), begin + kChunk);
      const auto t0 = Clock::now();
      for (size_t i = begin; i < end; ++i) {
        fhir::Document doc = fhir::ReadJson(corpus.lines[i]);
        benchmark::DoNotOptimize(doc.root());
      }
      const auto t1 = Clock::now();
      for (size_t i = begin; i < end; ++i) {
        simdjson::dom::element root;
        auto err = parser.parse(corpus.lines[i].data(), corpus.lines[i].size(), true).get(root);
        benchmark::DoNotOptimize(err);
        benchmark::DoNotOptimize(root);
      }
      const auto t2 = Clock::now();
      tree_time += t1 - t0;
      dom_time += t2 - t1;
    }
  }
  const double bytes = static_cast<double>(state.iterations()) * static_cast<double>(corpus.bytes);
  const double tree_s = std::chrono::duration<double>(tree_time).count();
  const double dom_s = std::chrono::duration<double>(dom_time).count();
  state.counters["tree_MBps"] = bytes / tree_s / 1e6;
  state.counters["dom_MBps"] = bytes / dom_s / 1e6;
  state.counters["ratio"] = dom_s / tree_s;
}
BENCHMARK(BM_ReadJsonTreeInterleavedWithDom)->Unit(benchmark::kMillisecond);

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
