// File: gateway/cli/serve_command.cc
#include "gateway/cli/serve_command.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "gateway/cli/input_files.h"
#include "gateway/cli/package_options.h"
#include "gateway/service/gateway_service.h"
#include "gateway/service/http_facade.h"

namespace fhirgw::cli {
namespace {

struct Options {
  std::string listen = "127.0.0.1:8787";
  std::string http_listen;  // empty: no HTTP side port
  PackageOptions packages;
  std::vector<std::string> concept_maps;
  std::string token_file, tls_cert, tls_key, tls_client_ca;
  int max_message_bytes = 16 << 20;
  service::ServiceLimits limits;
  int threads = 0;
};

// --config FILE: "key = value" lines (keys are the long option names without "--"; '#' starts
// a comment; repeatable keys may appear more than once) become options in place, so options
// after --config on the command line override the file.
bool ExpandConfig(const std::vector<std::string>& args, std::vector<std::string>* out, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] != "--config") {
      out->push_back(args[i]);
      continue;
    }
    if (i + 1 >= args.size()) {
      *error = "--config needs a file";
      return false;
    }
    std::string text;
    if (!ReadTextFile(args[++i], &text)) {
      *error = "cannot read config file " + args[i];
      return false;
    }
    std::istringstream lines(text);
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
      ++n;
      line = line.substr(0, line.find('#'));
      size_t eq = line.find('=');
      auto trim = [](std::string s) {
        size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
      };
      if (trim(line).empty()) continue;
      if (eq == std::string::npos) {
        *error = args[i] + ":" + std::to_string(n) + ": expected key = value";
        return false;
      }
      out->push_back("--" + trim(line.substr(0, eq)));
      out->push_back(trim(line.substr(eq + 1)));
    }
  }
  return true;
}

bool ParseArgs(const std::vector<std::string>& args, Options* o, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (i + 1 >= args.size()) {
      *error = a.starts_with("--") ? a + " needs a value" : "unexpected argument " + a;
      return false;
    }
    const std::string& v = args[++i];
    auto number = [&](int64_t* out) {
      char* end = nullptr;
      long long n = std::strtoll(v.c_str(), &end, 10);
      if (end == v.c_str() || *end != '\0' || n <= 0) {
        *error = a + " needs a positive number";
        return false;
      }
      *out = n;
      return true;
    };
    int64_t n = 0;
    if (a == "--listen") {
      o->listen = v;
    } else if (a == "--http-listen") {
      o->http_listen = v;
    } else if (a == "--package") {
      o->packages.packages.push_back(v);
    } else if (a == "--package-cache") {
      o->packages.caches.push_back(v);
    } else if (a == "--concept-maps") {
      o->concept_maps.push_back(v);
    } else if (a == "--token-file") {
      o->token_file = v;
    } else if (a == "--tls-cert") {
      o->tls_cert = v;
    } else if (a == "--tls-key") {
      o->tls_key = v;
    } else if (a == "--tls-client-ca") {
      o->tls_client_ca = v;
    } else if (a == "--max-message-bytes") {
      if (!number(&n)) return false;
      o->max_message_bytes = static_cast<int>(std::min<int64_t>(n, 1 << 30));
    } else if (a == "--max-records") {
      if (!number(&n)) return false;
      o->limits.max_records_per_request = static_cast<size_t>(n);
    } else if (a == "--max-json-depth") {
      if (!number(&n)) return false;
      o->limits.max_json_depth = static_cast<uint32_t>(std::min<int64_t>(n, 1024));
    } else if (a == "--threads") {
      if (!number(&n)) return false;
      o->threads = static_cast<int>(std::min<int64_t>(n, 256));
    } else {
      *error = "unknown option " + a;
      return false;
    }
  }
  if (o->tls_cert.empty() != o->tls_key.empty()) {
    *error = "--tls-cert and --tls-key go together";
    return false;
  }
  if (!o->tls_client_ca.empty() && o->tls_cert.empty()) {
    *error = "--tls-client-ca needs --tls-cert and --tls-key";
    return false;
  }
  return true;
}

std::shared_ptr<grpc::ServerCredentials> Credentials(const Options& o, std::string* error) {
  if (o.tls_cert.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl(o.tls_client_ca.empty()
                                            ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                            : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  if (!ReadTextFile(o.tls_key, &pair.private_key) || !ReadTextFile(o.tls_cert, &pair.cert_chain)) {
    *error = "cannot read --tls-cert / --tls-key";
    return nullptr;
  }
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!o.tls_client_ca.empty() && !ReadTextFile(o.tls_client_ca, &ssl.pem_root_certs)) {
    *error = "cannot read --tls-client-ca";
    return nullptr;
  }
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

int RunServe(const std::vector<std::string>& args) {
  // SIGINT/SIGTERM are taken by a watcher thread (sigwait). Block them before anything starts
  // a thread (gRPC's own threads start with its first credentials object) so all inherit it.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // Debian's Abseil is built with deadlock detection on: every absl::Mutex that gRPC takes per
  // call then updates a global lock graph (5% of the server's CPU under Validate load).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  Options o;
  std::string error;
  std::vector<std::string> expanded;
  if (!ExpandConfig(args, &expanded, &error) || !ParseArgs(expanded, &o, &error)) {
    std::cerr << "fhirgw serve: " << error << "\n\n" << kServeUsage;
    return 2;
  }
  std::string token;
  if (!o.token_file.empty()) {
    if (!ReadTextFile(o.token_file, &token)) {
      std::cerr << "fhirgw serve: cannot read " << o.token_file << "\n";
      return 2;
    }
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) {
      std::cerr << "fhirgw serve: " << o.token_file << " is empty\n";
      return 2;
    }
  }
  std::shared_ptr<grpc::ServerCredentials> credentials = Credentials(o, &error);
  if (credentials == nullptr) {
    std::cerr << "fhirgw serve: " << error << "\n";
    return 2;
  }
  auto registry = LoadRegistry(o.packages);
  if (!registry.ok()) {
    std::cerr << "fhirgw serve: " << registry.status().message() << "\n";
    return 2;
  }
  std::vector<std::string> map_paths = {mappers::DefaultConceptMapDir()};
  map_paths.insert(map_paths.end(), o.concept_maps.begin(), o.concept_maps.end());
  auto maps = mappers::ConceptMaps::Load(map_paths);
  if (!maps.ok()) {
    std::cerr << "fhirgw serve: " << maps.status().message() << "\n";
    return 2;
  }
  // Structured start-up log (no patient data is ever logged).
  const auto& report = (*registry)->report();
  std::cerr << "{\"event\":\"loaded\",\"packages\":" << report.packages.size() << ",\"profiles\":" << report.profiles
            << ",\"invariants\":" << report.constraints << ",\"concept_maps\":" << (*maps)->map_count()
            << ",\"seconds\":" << report.seconds << "}\n";

  service::Metrics metrics;
  metrics.set_loaded(report.packages.size(), report.profiles);
  service::GatewayService gateway(**registry, **maps, o.limits, token, &metrics);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(o.listen, credentials, &port);
  builder.RegisterService(&gateway);
  builder.SetMaxReceiveMessageSize(o.max_message_bytes);
  builder.SetMaxSendMessageSize(std::max(o.max_message_bytes, 64 << 20));
  const int threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::NUM_CQS, threads);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, threads);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "fhirgw serve: cannot listen on " << o.listen << "\n";
    return 2;
  }
  std::string host = o.listen.substr(0, o.listen.rfind(':'));
  std::cout << "listening on " << host << ":" << port << std::endl;
  service::HttpFacade http(gateway, **registry, metrics, static_cast<size_t>(o.max_message_bytes));
  if (!o.http_listen.empty()) {
    size_t colon = o.http_listen.rfind(':');
    std::string http_host = o.http_listen.substr(0, colon);
    int http_port = colon == std::string::npos ? 0 : std::atoi(o.http_listen.c_str() + colon + 1);
    int bound = http.Start(http_host, http_port);
    if (bound == 0) {
      std::cerr << "fhirgw serve: cannot listen on " << o.http_listen << " (HTTP)\n";
      server->Shutdown();
      return 2;
    }
    std::cout << "http on " << http_host << ":" << bound << std::endl;
  }
  std::cerr << "{\"event\":\"listening\",\"address\":\"" << host << ":" << port << "\",\"tls\":"
            << (o.tls_cert.empty() ? "false" : "true") << ",\"mtls\":" << (o.tls_client_ca.empty() ? "false" : "true")
            << ",\"auth\":" << (token.empty() ? "false" : "true") << ",\"threads\":" << threads << "}\n";

  std::thread watcher([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    std::cerr << "{\"event\":\"stopping\",\"signal\":" << sig << "}\n";
    server->GetHealthCheckService()->SetServingStatus(false);
    http.Stop();
    server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(10));
  });
  server->Wait();
  watcher.join();
  std::cerr << "{\"event\":\"stopped\"}\n";
  return 0;
}

}  // namespace fhirgw::cli
