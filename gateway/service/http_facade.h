// File: gateway/service/http_facade.h
// The HTTP side port: GET /metrics (Prometheus text), GET /healthz, GET /metadata (the
// CapabilityStatement), and a FHIR-style facade for engines that do not speak gRPC:
// POST /$validate (a resource or Bundle -> OperationOutcome) and POST /$translate (records in
// proto3 JSON: one, an array or NDJSON -> a collection Bundle of the patient Bundles and an
// OperationOutcome per rejected record). FHIR answers use application/fhir+json.
#ifndef FHIRGW_GATEWAY_SERVICE_HTTP_FACADE_H_
#define FHIRGW_GATEWAY_SERVICE_HTTP_FACADE_H_

#include <memory>
#include <string>
#include <thread>

#include "gateway/service/gateway_service.h"
#include "gateway/service/metrics.h"

namespace httplib {
class Server;
}

namespace fhirgw::service {

class HttpFacade {
 public:
  // All must outlive the facade.
  HttpFacade(const GatewayService& service, const conformance::Registry& registry, Metrics& metrics,
             size_t max_body_bytes);
  ~HttpFacade();

  // Binds `host`:`port` (0: any free port) and serves on a thread; returns the bound port, or
  // 0 when it cannot bind.
  int Start(const std::string& host, int port);
  void Stop();

 private:
  const GatewayService& service_;
  const conformance::Registry& registry_;
  Metrics& metrics_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace fhirgw::service

#endif  // FHIRGW_GATEWAY_SERVICE_HTTP_FACADE_H_
