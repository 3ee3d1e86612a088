// File: bench/validate_benchmark.cc
// Validation of the oncology corpus, JSON text in and OperationOutcome JSON out, single thread,
// with the embedded default packages; and the cost of loading those packages (start-up).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "bench/corpus.h"
#include "conformance/clean_subtrees.h"
#include "conformance/default_packages.h"
#include "conformance/registry.h"
#include "conformance/validator.h"
#include "fhir/json_reader.h"
#include "fhir/operation_outcome.h"

namespace {

std::vector<std::string> DefaultPackages() { return conformance::PackagesIn(); }

const conformance::Registry& SharedRegistry() {
  static const conformance::Registry* r = conformance::Registry::Load(DefaultPackages())->release();
  return *r;
}

long ResidentKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

// Each pass over the corpus starts with an empty memo of clean subtrees (clean_subtrees.h): a
// pass is a stream of resources never seen before, and only the corpus's own repetition helps.
// Arg 0 turns the memo off: the cost of checking every element.
void BM_ValidateCorpus(benchmark::State& state) {
  const auto& corpus = fhirgw::bench::OncologyCorpus();
  const conformance::Registry& registry = SharedRegistry();
  conformance::Validator validator(registry);
  conformance::ValidationOptions options;
  options.reuse_clean_subtrees = state.range(0) != 0;
  size_t errors = 0;
  for (auto _ : state) {
    conformance::CleanSubtrees::ForThread(registry.id()).Clear();
    for (const std::string& line : corpus.lines) {
      fhir::Document doc = fhir::ReadJson(line);
      fhir::IssueList issues = doc.issues();
      validator.Validate(doc, options, &issues);
      errors += fhir::HasErrors(issues) ? 1 : 0;
      std::string outcome = fhir::OperationOutcomeJson(issues);
      benchmark::DoNotOptimize(outcome.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus.lines.size()));
  state.counters["resources_with_errors"] = static_cast<double>(errors) / static_cast<double>(state.iterations());
  const conformance::CleanSubtrees& memo = conformance::CleanSubtrees::ForThread(registry.id());
  state.counters["memo_hits_per_pass"] = static_cast<double>(memo.hits());  // the last pass's
  state.counters["memo_kb"] = static_cast<double>(memo.bytes()) / 1024.0;
  state.counters["memo_restarts"] = static_cast<double>(memo.restarts());
}
BENCHMARK(BM_ValidateCorpus)->ArgName("memo")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

// The R4 specification's examples: 491 resources of 146 types, written by hand, with little
// repetition between them. What the memo of clean subtrees costs where it rarely finds one.
const std::vector<std::string>& R4Examples() {
  static const std::vector<std::string> examples = [] {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(FHIRGW_SHARED_DIR "/testsuites/r4-examples")) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::sort(out.begin(), out.end());
    return out;
  }();
  return examples;
}

void BM_ValidateR4Examples(benchmark::State& state) {
  const conformance::Registry& registry = SharedRegistry();
  conformance::Validator validator(registry);
  conformance::ValidationOptions options;
  options.reuse_clean_subtrees = state.range(0) != 0;
  const std::vector<std::string>& examples = R4Examples();
  for (auto _ : state) {
    conformance::CleanSubtrees::ForThread(registry.id()).Clear();
    for (const std::string& json : examples) {
      fhir::Document doc = fhir::ReadJson(json);
      fhir::IssueList issues = doc.issues();
      validator.Validate(doc, options, &issues);
      std::string outcome = fhir::OperationOutcomeJson(issues);
      benchmark::DoNotOptimize(outcome.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * examples.size()));
  state.counters["memo_hits_per_pass"] = static_cast<double>(conformance::CleanSubtrees::ForThread(registry.id()).hits());
}
BENCHMARK(BM_ValidateR4Examples)->ArgName("memo")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

// Start-up: loading and compiling R4 core, expansions, THO, extensions and mCODE.
void BM_LoadDefaultPackages(benchmark::State& state) {
  for (auto _ : state) {
    auto r = conformance::Registry::Load(DefaultPackages());
    benchmark::DoNotOptimize(r->get());
  }
  state.counters["rss_mb_after_load"] = static_cast<double>(ResidentKb()) / 1024.0;
}
BENCHMARK(BM_LoadDefaultPackages)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
