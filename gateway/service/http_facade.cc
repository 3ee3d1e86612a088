// File: gateway/service/http_facade.cc
#include "gateway/service/http_facade.h"

#include <httplib.h>

#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"
#include "fhir/text.h"
#include "gateway/service/capability_statement.h"
#include "mappers/bundles.h"

namespace fhirgw::service {
namespace {

constexpr char kFhirJson[] = "application/fhir+json";

void Refuse(httplib::Response& res, int status, std::string_view code, std::string_view text) {
  fhir::Issue issue;
  issue.severity = fhir::Severity::kError;
  issue.type = code == "security" ? fhir::IssueType::kSecurity : fhir::IssueType::kProcessing;
  issue.message_id = std::string(code == "security" ? "http-unauthorized" : "http-request-refused");
  issue.text = std::string(text);
  res.status = status;
  res.set_content(fhir::OperationOutcomeJson({issue}), kFhirJson);
}

}  // namespace

HttpFacade::HttpFacade(const GatewayService& service, const conformance::Registry& registry, Metrics& metrics,
                       size_t max_body_bytes)
    : service_(service), registry_(registry), metrics_(metrics), server_(std::make_unique<httplib::Server>()) {
  server_->set_payload_max_length(max_body_bytes);
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_.Text(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  server_->Get("/metadata", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(CapabilityStatementJson(registry_), kFhirJson);
  });
  server_->Post("/\\$validate", [this](const httplib::Request& req, httplib::Response& res) {
    RequestTimer timer(metrics_, Method::kHttpValidate);
    if (!service_.Authorized(req.get_header_value("Authorization"))) {
      timer.set_ok(false);
      return Refuse(res, 401, "security", "missing or invalid bearer token");
    }
    // Query parameters named as the command line's options: profile and extension-domain
    // repeat; the switches take "true".
    conformance::ValidationOptions options;
    for (size_t i = 0; i < req.get_param_value_count("profile"); ++i) options.profiles.push_back(req.get_param_value("profile", i));
    for (size_t i = 0; i < req.get_param_value_count("extension-domain"); ++i) {
      options.extension_domains.push_back(req.get_param_value("extension-domain", i));
    }
    auto on = [&](const char* name) { return req.get_param_value(name) == "true"; };
    options.unknown_extensions_are_errors = on("strict-extensions");
    options.example_urls_allowed = !on("no-example-urls");
    options.html_in_markdown_is_error = on("no-html-in-markdown");
    options.wrong_display_is_error = on("strict-displays");
    options.assume_valid_rest_references = on("assume-valid-rest-references");
    bool valid = false;
    std::string outcome;
    grpc::Status s = service_.ValidateResource(req.body, options, &valid, &outcome);
    if (!s.ok()) {
      timer.set_ok(false);
      return Refuse(res, 400, "processing", s.error_message());
    }
    res.set_content(outcome, kFhirJson);
  });
  server_->Post("/\\$translate", [this](const httplib::Request& req, httplib::Response& res) {
    RequestTimer timer(metrics_, Method::kHttpTranslate);
    if (!service_.Authorized(req.get_header_value("Authorization"))) {
      timer.set_ok(false);
      return Refuse(res, 401, "security", "missing or invalid bearer token");
    }
    std::vector<mappers::ReadEntry> entries;
    mappers::ParseRecords(req.body, "request", &entries);
    pipeline::TranslationReport report = service_.TranslateEntries(entries, true);
    // A collection of the patient Bundles, then an OperationOutcome per rejected record.
    fhir::Node bundle = fhir::Node::Resource("Bundle");
    bundle.Set("type", "collection");
    for (const mappers::PatientBundle& b :
         mappers::BuildPatientBundles(report.results, mappers::BundleKind::kCollection, "http://fhirgw.local/fhir")) {
      fhir::Node entry;
      entry.Put("resource", b.bundle);
      bundle.Add("entry", std::move(entry));
    }
    for (const mappers::RecordResult& r : report.results) {
      if (!r.rejected) continue;
      fhir::Node entry;
      entry.Put("resource", fhir::ToOperationOutcome(r.issues));
      bundle.Add("entry", std::move(entry));
    }
    fhir::Document doc = fhir::BuildDocument(bundle);
    std::string body = fhir::WriteJson(*doc.root());
    res.set_header("X-Fhirgw-Records", fhir::Concat(report.received, " in, ", report.translated, " translated, ",
                                                   report.rejected, " rejected"));
    res.set_content(body, kFhirJson);
  });
}

HttpFacade::~HttpFacade() { Stop(); }

int HttpFacade::Start(const std::string& host, int port) {
  int bound = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) return 0;
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return bound;
}

void HttpFacade::Stop() {
  if (server_ != nullptr) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace fhirgw::service
