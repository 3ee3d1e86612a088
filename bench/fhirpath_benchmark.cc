// File: bench/fhirpath_benchmark.cc
// FHIRPath evaluations per second on the oncology corpus (trees parsed once, outside the timed
// loop), single thread, with the R4 model from the embedded default packages:
//   - Observation.value.ofType(Quantity).value > 0 on every Observation,
//   - Patient.name.where(use='official').given.first() on every Patient,
//   - ele-1's expression on every element of every resource (what the validator replaces with a
//     native check), and the native check itself for the ratio.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "bench/corpus.h"
#include "conformance/default_packages.h"
#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/registry_model.h"
#include "conformance/native_invariants.h"
#include "conformance/registry.h"
#include "fhir/json_reader.h"

namespace {

namespace fp = conformance::fhirpath;

const conformance::Registry& SharedRegistry() {
  static const conformance::Registry* r = conformance::Registry::Load(conformance::PackagesIn())->release();
  return *r;
}

const std::vector<fhir::Document>& Documents() {
  static const auto* docs = [] {
    auto* d = new std::vector<fhir::Document>();
    for (const std::string& line : fhirgw::bench::OncologyCorpus().lines) d->push_back(fhir::ReadJson(line));
    return d;
  }();
  return *docs;
}

// Root items of the given resource type.
fp::Collection Roots(std::string_view type) {
  fp::Collection roots;
  for (const fhir::Document& d : Documents()) {
    if (d.root() != nullptr && d.root()->resource_type() == type) roots.push_back(fp::Item::Node(d.root(), type));
  }
  return roots;
}

// Two access patterns. Cold: one pass over all resources of the type (~30 MB of trees, far more
// than the caches hold): what a scan of stored trees costs. Hot: each resource evaluated as
// it would be right after it was parsed or while it is being validated (its tree in cache):
// chunks of 32 resources are first touched untimed, then evaluated.
void EvaluateOnEach(benchmark::State& state, std::string_view type, std::string_view text, bool hot) {
  fp::RegistryModel model(SharedRegistry());
  auto expr = fp::Expression::Parse(text);
  if (!expr.ok()) {
    state.SkipWithError("expression does not parse");
    return;
  }
  const fp::Collection roots = Roots(type);
  fp::Environment env;
  env.model = &model;
  size_t non_empty = 0;
  auto evaluate = [&](const fp::Item& root) {
    fp::Collection input, out;
    input.push_back(root);
    fp::Evaluation ev(env);
    if (!ev.Run(**expr, input, &out).ok()) state.SkipWithError("evaluation failed");
    non_empty += out.empty() ? 0 : 1;
    benchmark::DoNotOptimize(out.data());
  };
  constexpr size_t kChunk = 32;
  for (auto _ : state) {
    for (size_t begin = 0; begin < roots.size(); begin += kChunk) {
      const size_t end = std::min(roots.size(), begin + kChunk);
      if (hot) {
        state.PauseTiming();
        for (size_t i = begin; i < end; ++i) {
          fp::Collection warm;
          fp::Evaluation ev(env);
          benchmark::DoNotOptimize(ev.Run(**expr, {roots[i]}, &warm).ok());
        }
        state.ResumeTiming();
      }
      for (size_t i = begin; i < end; ++i) evaluate(roots[i]);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * roots.size()));
  state.counters["resources"] = static_cast<double>(roots.size());
  state.counters["non_empty_results"] = static_cast<double>(non_empty) / static_cast<double>(state.iterations());
}

constexpr std::string_view kObservationQuantity = "Observation.value.ofType(Quantity).value > 0";
constexpr std::string_view kPatientGiven = "Patient.name.where(use='official').given.first()";

void BM_ObservationQuantityPositiveHot(benchmark::State& state) {
  EvaluateOnEach(state, "Observation", kObservationQuantity, true);
}
BENCHMARK(BM_ObservationQuantityPositiveHot)->Unit(benchmark::kMillisecond);
void BM_ObservationQuantityPositiveCold(benchmark::State& state) {
  EvaluateOnEach(state, "Observation", kObservationQuantity, false);
}
BENCHMARK(BM_ObservationQuantityPositiveCold)->Unit(benchmark::kMillisecond);

void BM_PatientOfficialGivenHot(benchmark::State& state) { EvaluateOnEach(state, "Patient", kPatientGiven, true); }
BENCHMARK(BM_PatientOfficialGivenHot)->Unit(benchmark::kMillisecond);
void BM_PatientOfficialGivenCold(benchmark::State& state) { EvaluateOnEach(state, "Patient", kPatientGiven, false); }
BENCHMARK(BM_PatientOfficialGivenCold)->Unit(benchmark::kMillisecond);

// Every element with its model type, collected once.
struct TypedElement {
  const fhir::Element* element;
  std::string_view key;
};
void Collect(const fp::RegistryModel& model, const fhir::Element& e, std::string_view key,
             std::vector<TypedElement>* out) {
  out->push_back({&e, key});
  for (const fhir::Property& p : e.props()) {
    fp::ChildType ct;
    std::string_view child = model.Child(key, p.name, &ct) ? ct.key : std::string_view();
    for (const fhir::Element& c : p.elements()) Collect(model, c, c.is_resource ? c.resource_type() : child, out);
  }
}
const std::vector<TypedElement>& AllElements(const fp::RegistryModel& model) {
  static const auto* all = [&] {
    auto* v = new std::vector<TypedElement>();
    for (const fhir::Document& d : Documents()) {
      if (d.root() != nullptr) Collect(model, *d.root(), d.root()->resource_type(), v);
    }
    return v;
  }();
  return *all;
}

void BM_Ele1AllElementsFhirPath(benchmark::State& state) {
  fp::RegistryModel model(SharedRegistry());
  auto expr = fp::Expression::Parse(conformance::kEle1Expression);
  const auto& elements = AllElements(model);
  fp::Environment env;
  env.model = &model;
  size_t failing = 0;
  for (auto _ : state) {
    for (const TypedElement& t : elements) {
      fp::Collection input, out;
      input.push_back(fp::Item::Node(t.element, t.key));
      fp::Evaluation ev(env);
      if (!ev.Run(**expr, input, &out).ok()) state.SkipWithError("evaluation failed");
      failing += out.size() == 1 && !out[0].boolean ? 1 : 0;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * elements.size()));
  state.counters["elements"] = static_cast<double>(elements.size());
  state.counters["failing"] = static_cast<double>(failing) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Ele1AllElementsFhirPath)->Unit(benchmark::kMillisecond);

void BM_Ele1AllElementsNative(benchmark::State& state) {
  fp::RegistryModel model(SharedRegistry());
  const auto& elements = AllElements(model);
  size_t failing = 0;
  for (auto _ : state) {
    for (const TypedElement& t : elements) failing += conformance::SatisfiesEle1(*t.element) ? 0 : 1;
    benchmark::DoNotOptimize(failing);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * elements.size()));
}
BENCHMARK(BM_Ele1AllElementsNative)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
