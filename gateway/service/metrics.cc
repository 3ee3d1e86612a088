// File: gateway/service/metrics.cc
#include "gateway/service/metrics.h"

#include <cstdio>

namespace fhirgw::service {
namespace {

constexpr std::string_view kMethodNames[] = {"Translate", "TranslateStream", "Validate", "ValidateStream",
                                             "ListProfiles", "GetCapabilityStatement", "http_validate", "http_translate"};

void Line(std::string& out, const char* format, auto... args) {
  char buf[256];
  std::snprintf(buf, sizeof(buf), format, args...);
  out += buf;
}

}  // namespace

void Metrics::Request(Method m, double millis, bool ok) {
  PerMethod& pm = methods_[static_cast<size_t>(m)];
  pm.requests.fetch_add(1, std::memory_order_relaxed);
  if (!ok) pm.failures.fetch_add(1, std::memory_order_relaxed);
  for (size_t i = 0; i < kBucketsMs.size(); ++i) {
    if (millis <= kBucketsMs[i]) {
      pm.buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  pm.sum_micros.fetch_add(static_cast<uint64_t>(millis * 1000), std::memory_order_relaxed);
}

void Metrics::Records(uint64_t translated, uint64_t rejected) {
  translated_.fetch_add(translated, std::memory_order_relaxed);
  rejected_.fetch_add(rejected, std::memory_order_relaxed);
}

void Metrics::Resources(uint64_t valid, uint64_t invalid) {
  valid_.fetch_add(valid, std::memory_order_relaxed);
  invalid_.fetch_add(invalid, std::memory_order_relaxed);
}

void Metrics::Issues(uint64_t fatal, uint64_t error, uint64_t warning, uint64_t information) {
  issues_[0].fetch_add(fatal, std::memory_order_relaxed);
  issues_[1].fetch_add(error, std::memory_order_relaxed);
  issues_[2].fetch_add(warning, std::memory_order_relaxed);
  issues_[3].fetch_add(information, std::memory_order_relaxed);
}

std::string Metrics::Text() const {
  std::string out;
  out += "# HELP fhirgw_requests_total Requests handled, by method.\n# TYPE fhirgw_requests_total counter\n";
  for (size_t m = 0; m < methods_.size(); ++m) {
    Line(out, "fhirgw_requests_total{method=\"%.*s\"} %llu\n", static_cast<int>(kMethodNames[m].size()),
         kMethodNames[m].data(), static_cast<unsigned long long>(methods_[m].requests.load()));
  }
  out += "# HELP fhirgw_request_failures_total Requests answered with a non-OK status, by method.\n"
         "# TYPE fhirgw_request_failures_total counter\n";
  for (size_t m = 0; m < methods_.size(); ++m) {
    Line(out, "fhirgw_request_failures_total{method=\"%.*s\"} %llu\n", static_cast<int>(kMethodNames[m].size()),
         kMethodNames[m].data(), static_cast<unsigned long long>(methods_[m].failures.load()));
  }
  out += "# HELP fhirgw_request_duration_seconds Request latency, by method.\n"
         "# TYPE fhirgw_request_duration_seconds histogram\n";
  for (size_t m = 0; m < methods_.size(); ++m) {
    const PerMethod& pm = methods_[m];
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBucketsMs.size(); ++i) {
      cumulative += pm.buckets[i].load();
      Line(out, "fhirgw_request_duration_seconds_bucket{method=\"%.*s\",le=\"%g\"} %llu\n",
           static_cast<int>(kMethodNames[m].size()), kMethodNames[m].data(), kBucketsMs[i] / 1000.0,
           static_cast<unsigned long long>(cumulative));
    }
    Line(out, "fhirgw_request_duration_seconds_bucket{method=\"%.*s\",le=\"+Inf\"} %llu\n",
         static_cast<int>(kMethodNames[m].size()), kMethodNames[m].data(), static_cast<unsigned long long>(pm.requests.load()));
    Line(out, "fhirgw_request_duration_seconds_sum{method=\"%.*s\"} %.6f\n", static_cast<int>(kMethodNames[m].size()),
         kMethodNames[m].data(), pm.sum_micros.load() / 1e6);
    Line(out, "fhirgw_request_duration_seconds_count{method=\"%.*s\"} %llu\n", static_cast<int>(kMethodNames[m].size()),
         kMethodNames[m].data(), static_cast<unsigned long long>(pm.requests.load()));
  }
  out += "# HELP fhirgw_records_total Internal records translated or rejected.\n# TYPE fhirgw_records_total counter\n";
  Line(out, "fhirgw_records_total{outcome=\"translated\"} %llu\n", static_cast<unsigned long long>(translated_.load()));
  Line(out, "fhirgw_records_total{outcome=\"rejected\"} %llu\n", static_cast<unsigned long long>(rejected_.load()));
  out += "# HELP fhirgw_validated_resources_total Resources validated, by result.\n"
         "# TYPE fhirgw_validated_resources_total counter\n";
  Line(out, "fhirgw_validated_resources_total{result=\"valid\"} %llu\n", static_cast<unsigned long long>(valid_.load()));
  Line(out, "fhirgw_validated_resources_total{result=\"invalid\"} %llu\n", static_cast<unsigned long long>(invalid_.load()));
  out += "# HELP fhirgw_issues_total Issues reported, by severity.\n# TYPE fhirgw_issues_total counter\n";
  constexpr const char* kSeverities[] = {"fatal", "error", "warning", "information"};
  for (size_t i = 0; i < 4; ++i) {
    Line(out, "fhirgw_issues_total{severity=\"%s\"} %llu\n", kSeverities[i], static_cast<unsigned long long>(issues_[i].load()));
  }
  out += "# HELP fhirgw_loaded_profiles Profiles loaded from FHIR packages.\n# TYPE fhirgw_loaded_profiles gauge\n";
  Line(out, "fhirgw_loaded_profiles %llu\n", static_cast<unsigned long long>(profiles_));
  out += "# HELP fhirgw_loaded_packages FHIR packages loaded.\n# TYPE fhirgw_loaded_packages gauge\n";
  Line(out, "fhirgw_loaded_packages %llu\n", static_cast<unsigned long long>(packages_));
  return out;
}

}  // namespace fhirgw::service
