// File: gateway/service/metrics.h
// Counters and latency histograms for the service, written in the Prometheus text format.
// Lock-free on the request path (atomics); labels are method names, outcome kinds and issue
// severities only, never anything from the data.
#ifndef FHIRGW_GATEWAY_SERVICE_METRICS_H_
#define FHIRGW_GATEWAY_SERVICE_METRICS_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace fhirgw::service {

enum class Method : uint8_t {
  kTranslate, kTranslateStream, kValidate, kValidateStream, kListProfiles, kGetCapabilityStatement,
  kHttpValidate, kHttpTranslate, kCount
};

class Metrics {
 public:
  static constexpr std::array<double, 12> kBucketsMs = {0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000};

  void Request(Method m, double millis, bool ok);
  void Records(uint64_t translated, uint64_t rejected);
  void Resources(uint64_t valid, uint64_t invalid);
  void Issues(uint64_t fatal, uint64_t error, uint64_t warning, uint64_t information);
  void set_loaded(uint64_t packages, uint64_t profiles) {
    packages_ = packages;
    profiles_ = profiles;
  }

  // The exposition text (version 0.0.4).
  std::string Text() const;

 private:
  struct PerMethod {
    std::atomic<uint64_t> requests{0}, failures{0};
    std::array<std::atomic<uint64_t>, kBucketsMs.size()> buckets{};
    std::atomic<uint64_t> sum_micros{0};
  };
  std::array<PerMethod, static_cast<size_t>(Method::kCount)> methods_;
  std::atomic<uint64_t> translated_{0}, rejected_{0}, valid_{0}, invalid_{0};
  std::array<std::atomic<uint64_t>, 4> issues_{};
  uint64_t packages_ = 0, profiles_ = 0;
};

// Times one request and records it when destroyed.
class RequestTimer {
 public:
  RequestTimer(Metrics& metrics, Method m) : metrics_(metrics), method_(m), start_(std::chrono::steady_clock::now()) {}
  ~RequestTimer() {
    metrics_.Request(method_, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count(), ok_);
  }
  void set_ok(bool ok) { ok_ = ok; }

 private:
  Metrics& metrics_;
  Method method_;
  std::chrono::steady_clock::time_point start_;
  bool ok_ = true;
};

}  // namespace fhirgw::service

#endif  // FHIRGW_GATEWAY_SERVICE_METRICS_H_
