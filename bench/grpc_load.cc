// File: bench/grpc_load.cc
// Load on a running `fhirgw serve` over loopback (or starts one): unary Validate requests from
// N client threads for a fixed time (requests/s, p50/p99/p999 latency), then a TranslateStream
// of many records (records/s end to end), then the server's resident memory.
// Usage: grpc_load FHIRGW_BINARY [--threads N] [--seconds S] [--records N] [--package PATH]...
//                  [--streams validated|translation|both|none] [--batch N]
//        --batch N sends the streams' records N to a message (TranslateStreamRequest.batch,
//        ValidateStreamRequest.batch); a ValidateStream of as many Observations follows.
//        grpc_load --write-validate-frame FILE   (the same Validate request as one gRPC
//        length-prefixed message, for HTTP/2 load tools such as h2load: bench/validate_h2load)
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <mutex>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "fhirgw/gateway/v1/gateway.grpc.pb.h"
#include "tests/gateway/server_process.h"

namespace {

namespace v1 = fhirgw::gateway::v1;
using Clock = std::chrono::steady_clock;

// A typical oncology resource: an mCODE tumour marker Observation (ER positive).
constexpr char kObservation[] =
    R"({"resourceType":"Observation","id":"tm1","meta":{"profile":["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tumor-marker-test"]},)"
    R"("status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],)"
    R"("code":{"coding":[{"system":"http://loinc.org","code":"85337-4"}]},"subject":{"reference":"Patient/p1"},)"
    R"("effectiveDateTime":"2024-02-20","valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA6576-8","display":"Positive"}]}})";

// The request as a gRPC message on the wire: a zero compression flag, the big-endian length,
// then the protobuf bytes.
int WriteValidateFrame(const char* path) {
  v1::ValidateRequest req;
  req.set_resource_json(kObservation);
  std::string body = req.SerializeAsString();
  std::string frame(5, '\0');
  for (int i = 0; i < 4; ++i) frame[1 + i] = static_cast<char>((body.size() >> (8 * (3 - i))) & 0xFF);
  frame += body;
  std::ofstream out(path, std::ios::binary);
  out << frame;
  return out ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--write-validate-frame") return WriteValidateFrame(argv[2]);
  if (argc < 2) {
    std::cerr << "usage: grpc_load FHIRGW_BINARY [--threads N] [--seconds S] [--records N] [--package PATH]...\n";
    return 2;
  }
  int threads = 4, seconds = 10, records = 30000, batch = 1;
  std::string streams = "both";  // --streams validated|translation|both|none
  std::vector<std::string> server_args;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--threads") threads = std::stoi(v);
    if (a == "--seconds") seconds = std::stoi(v);
    if (a == "--records") records = std::stoi(v);
    if (a == "--streams") streams = v;
    if (a == "--batch") batch = std::max(1, std::stoi(v));
    if (a == "--package") server_args.insert(server_args.end(), {"--package", v});
  }
  fhirgw::testing::ServerProcess server(argv[1], server_args);
  if (server.address().empty()) {
    std::cerr << "server did not start\n";
    return 2;
  }
  auto channel = grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());

  // Unary Validate through the callback client API: `threads` calls in flight at all times,
  // each completion issuing the next (far less client CPU than a thread per blocked call, so
  // more of this 2-core machine is left to the server being measured).
  auto stub = v1::FhirGateway::NewStub(channel);
  v1::ValidateRequest req;
  req.set_resource_json(kObservation);
  std::atomic<bool> measuring{false}, stop{false};
  std::atomic<long> errors{0}, in_flight{0};
  std::mutex mu;
  std::vector<double> all;
  struct Call {
    grpc::ClientContext ctx;
    v1::ValidateResponse resp;
    Clock::time_point start;
  };
  std::function<void()> issue = [&] {
    if (stop) return;
    ++in_flight;
    auto* call = new Call();
    call->start = Clock::now();
    stub->async()->Validate(&call->ctx, &req, &call->resp, [&, call](grpc::Status s) {
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - call->start).count();
      if (!s.ok()) ++errors;
      if (measuring) {
        std::lock_guard<std::mutex> lock(mu);
        all.push_back(ms);
      }
      delete call;
      issue();
      --in_flight;
    });
  };
  // --seconds 0 skips the unary load (to profile the stream alone).
  if (seconds > 0) {
    for (int t = 0; t < threads; ++t) issue();
    std::this_thread::sleep_for(std::chrono::seconds(1));  // warm-up
    measuring = true;
    auto begin = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    measuring = false;
    double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
    stop = true;
    while (in_flight > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::sort(all.begin(), all.end());
    auto pct = [&](double p) { return all.empty() ? 0.0 : all[static_cast<size_t>(p * (all.size() - 1))]; };
    std::printf("Validate: %d calls in flight, %.0f requests/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, errors %ld\n",
                threads, all.size() / elapsed, pct(0.5), pct(0.99), pct(0.999), errors.load());
  }

  // TranslateStream: patient records end to end, validated and then translation only.
  for (bool validate : {true, false}) {
    if (streams == "none" || (streams != "both" && (streams == "validated") != validate)) continue;
    grpc::ClientContext ctx;
    auto stream = stub->TranslateStream(&ctx);
    auto t0 = Clock::now();
    std::thread writer([&] {
      auto fill = [](int i, fhirgw::oncology::v1::Record* record) {
        auto* p = record->mutable_patient();
        p->mutable_source()->set_system("urn:load");
        p->mutable_source()->set_record_id(std::to_string(i));
        p->set_mrn(std::to_string(i));
        p->set_family_name("Doe");
        p->add_given_names("Jane");
        p->set_birth_date("1970-01-01");
        p->set_administrative_sex("F");
      };
      for (int i = 0; i < records; i += batch) {
        v1::TranslateStreamRequest request;
        request.set_skip_validation(!validate);
        if (batch == 1) {
          request.set_sequence_id(static_cast<uint64_t>(i));
          fill(i, request.mutable_record());
        } else {
          for (int k = i; k < std::min(records, i + batch); ++k) {
            v1::SequencedRecord* r = request.add_batch();
            r->set_sequence_id(static_cast<uint64_t>(k));
            fill(k, r->mutable_record());
          }
        }
        // Held back and sent with the next (one frame for many messages), except the last.
        grpc::WriteOptions options;
        if (i + batch < records) options.set_buffer_hint();
        stream->Write(request, options);
      }
      stream->WritesDone();
    });
    v1::TranslateStreamResponse resp;
    long results = 0;
    while (stream->Read(&resp)) results += resp.has_result() ? 1 : resp.has_batch() ? resp.batch().results_size() : 0;
    writer.join();
    grpc::Status s = stream->Finish();
    double stream_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("TranslateStream (%s, %d per message): %ld records in %.2f s, %.0f records/s (%s)\n",
                validate ? "validated" : "translation only", batch, results, stream_seconds, results / stream_seconds,
                s.ok() ? "ok" : s.error_message().c_str());
  }
  // ValidateStream: the Observation `records` times, `batch` to a message.
  {
    grpc::ClientContext ctx;
    auto stream = stub->ValidateStream(&ctx);
    auto t0 = Clock::now();
    std::thread writer([&] {
      for (int i = 0; i < records; i += batch) {
        v1::ValidateStreamRequest request;
        if (batch == 1) {
          request.set_sequence_id(static_cast<uint64_t>(i));
          request.set_resource_json(kObservation);
        } else {
          for (int k = i; k < std::min(records, i + batch); ++k) {
            v1::SequencedResource* r = request.add_batch();
            r->set_sequence_id(static_cast<uint64_t>(k));
            r->set_resource_json(kObservation);
          }
        }
        grpc::WriteOptions options;
        if (i + batch < records) options.set_buffer_hint();
        stream->Write(request, options);
      }
      stream->WritesDone();
    });
    v1::ValidateStreamResponse resp;
    long results = 0;
    while (stream->Read(&resp)) results += resp.has_result() ? 1 : resp.has_batch() ? resp.batch().results_size() : 0;
    writer.join();
    grpc::Status s = stream->Finish();
    double stream_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("ValidateStream (%d per message): %ld resources in %.2f s, %.0f resources/s (%s)\n", batch, results,
                stream_seconds, results / stream_seconds, s.ok() ? "ok" : s.error_message().c_str());
  }
  std::printf("server resident memory: %.0f MB\n", server.resident_kb() / 1024.0);
  return 0;
}
