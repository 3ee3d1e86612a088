// File: gateway/cli/serve_command.h
// `fhirgw serve`: the gRPC service (fhirgw.gateway.v1.FhirGateway, grpc.health.v1.Health and
// server reflection) on the shared core.
#ifndef FHIRGW_GATEWAY_CLI_SERVE_COMMAND_H_
#define FHIRGW_GATEWAY_CLI_SERVE_COMMAND_H_

#include <string>
#include <vector>

namespace fhirgw::cli {

// Runs until SIGINT or SIGTERM, then drains and returns 0; 2 on bad options or start-up failure.
int RunServe(const std::vector<std::string>& args);

inline constexpr char kServeUsage[] =
    "usage: fhirgw serve [--listen HOST:PORT] [--http-listen HOST:PORT] [--package PATH]...\n"
    "                    [--package-cache DIR]...\n"
    "                    [--concept-maps PATH]... [--token-file FILE] [--tls-cert FILE --tls-key FILE\n"
    "                    [--tls-client-ca FILE]] [--max-message-bytes N] [--max-records N]\n"
    "                    [--max-json-depth N] [--threads N] [--config FILE]\n"
    "  Serves fhirgw.gateway.v1.FhirGateway (Translate, TranslateStream, Validate, ValidateStream,\n"
    "  ListProfiles, GetCapabilityStatement), grpc.health.v1.Health and server reflection.\n"
    "  --listen         address to bind (default 127.0.0.1:8787; port 0 picks a free port). The\n"
    "                   bound address is printed on stdout: \"listening on HOST:PORT\".\n"
    "  --http-listen    also serve HTTP there: GET /metrics, /healthz, /metadata and the FHIR-style\n"
    "                   facade POST /$validate, POST /$translate (\"http on HOST:PORT\" is printed)\n"
    "  --token-file     require \"authorization: Bearer <token>\" with the token in FILE\n"
    "  --tls-cert/key   serve TLS; --tls-client-ca also requires and verifies client certificates\n"
    "  --max-message-bytes  largest request accepted (default 16 MiB; larger: RESOURCE_EXHAUSTED)\n"
    "  --max-records    records per Translate request (default 10000; more: INVALID_ARGUMENT)\n"
    "  --max-json-depth nesting accepted in resources to validate (default 128)\n"
    "  --threads        request threads (default: the number of cores)\n"
    "  --config FILE    options from FILE, one \"key = value\" per line (key: an option without --)\n"
    "  SIGINT/SIGTERM stop accepting calls and let running ones finish (up to 10 s).\n";

}  // namespace fhirgw::cli

#endif  // FHIRGW_GATEWAY_CLI_SERVE_COMMAND_H_
