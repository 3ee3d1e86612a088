// File: gateway/service/translate_stream_reactor.cc
#include "gateway/service/translate_stream_reactor.h"

#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"
#include "gateway/service/gateway_service.h"

namespace fhirgw::service {

namespace v1 = fhirgw::gateway::v1;

TranslateStreamReactor::TranslateStreamReactor(const GatewayService& service, Metrics& metrics,
                                               grpc::CallbackServerContext* context, const grpc::Status& refusal)
    : service_(service), context_(context), timer_(metrics, Method::kTranslateStream) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!refusal.ok()) {
    FinishLocked(refusal);
    return;
  }
  StartRead(&request_);
}

v1::TranslateStreamResponse TranslateStreamReactor::Translate() {
  if (seen_.keys.size() > kMaxRemembered) seen_ = mappers::BatchIndex();
  std::vector<mappers::ReadEntry> entries(1);
  entries[0].ok = true;
  entries[0].record = request_.record();
  pipeline::TranslationReport report = service_.TranslateEntries(entries, !request_.skip_validation(), &seen_);
  const mappers::RecordResult& r = report.results[0];
  summary_.set_received(summary_.received() + 1);
  if (r.rejected) {
    summary_.set_rejected(summary_.rejected() + 1);
  } else {
    summary_.set_translated(summary_.translated() + 1);
  }
  v1::TranslateStreamResponse response;
  v1::TranslateStreamResult* result = response.mutable_result();
  result->set_sequence_id(request_.sequence_id());
  result->set_rejected(r.rejected);
  for (const mappers::MappedResource& m : r.resources) {
    fhir::Document doc = fhir::BuildDocument(m.resource);
    result->add_resource_json(fhir::WriteJson(*doc.root()));
  }
  result->set_operation_outcome_json(fhir::OperationOutcomeJson(r.issues));
  return response;
}

void TranslateStreamReactor::OnReadDone(bool ok) {
  if (!ok) {
    // The client closed its side (or the call ended): the summary is the last message.
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_) return;
    if (context_->IsCancelled()) {
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client"));
      return;
    }
    v1::TranslateStreamResponse closing;
    *closing.mutable_summary() = summary_;
    reads_done_ = true;
    QueueLocked(std::move(closing));
    return;
  }
  if (context_->IsCancelled()) {
    std::lock_guard<std::mutex> lock(mu_);
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client"));
    return;
  }
  v1::TranslateStreamResponse response = Translate();  // outside the lock: writes go on meanwhile
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  QueueLocked(std::move(response));
  if (queue_.size() < kMaxQueued) {
    StartRead(&request_);
  } else {
    read_paused_ = true;
  }
}

void TranslateStreamReactor::OnWriteDone(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  if (!ok) {
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    return;
  }
  queue_.pop_front();
  writing_ = false;
  if (!queue_.empty()) {
    WriteFrontLocked();
  } else if (reads_done_) {
    FinishLocked(grpc::Status::OK);
    return;
  }
  if (read_paused_ && queue_.size() < kMaxQueued) {
    read_paused_ = false;
    StartRead(&request_);
  }
}

void TranslateStreamReactor::OnCancel() {
  std::lock_guard<std::mutex> lock(mu_);
  FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client"));
}

void TranslateStreamReactor::QueueLocked(v1::TranslateStreamResponse response) {
  // A deque keeps the front element in place while others are appended: StartWrite holds it.
  queue_.push_back(std::move(response));
  if (!writing_) WriteFrontLocked();
}

void TranslateStreamReactor::WriteFrontLocked() {
  writing_ = true;
  // With results queued behind this one, gRPC may hold it to send with them (fewer frames and
  // system calls); the last in the queue always goes out at once, flushing those held.
  grpc::WriteOptions options;
  if (queue_.size() > 1) options.set_buffer_hint();
  StartWrite(&queue_.front(), options);
}

void TranslateStreamReactor::FinishLocked(const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  timer_.set_ok(status.ok());
  Finish(status);
}

}  // namespace fhirgw::service
