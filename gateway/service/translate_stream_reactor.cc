// File: gateway/service/translate_stream_reactor.cc
#include "gateway/service/translate_stream_reactor.h"

#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"
#include "gateway/service/gateway_service.h"

namespace fhirgw::service {

namespace v1 = fhirgw::gateway::v1;

TranslateStreamReactor::TranslateStreamReactor(const GatewayService& service, WorkPool& pool, Metrics& metrics,
                                               grpc::CallbackServerContext* context, const grpc::Status& refusal)
    : service_(service), pool_(pool), context_(context), timer_(metrics, Method::kTranslateStream) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!refusal.ok()) {
    FinishLocked(refusal);
    return;
  }
  StartRead(&request_);
}

v1::TranslateStreamResponse TranslateStreamReactor::Translate(const v1::TranslateStreamRequest& request) {
  if (seen_.keys.size() > kMaxRemembered) seen_ = mappers::BatchIndex();
  std::vector<mappers::ReadEntry> entries(1);
  entries[0].ok = true;
  entries[0].record = request.record();
  pipeline::TranslationReport report = service_.TranslateEntries(entries, !request.skip_validation(), &seen_);
  const mappers::RecordResult& r = report.results[0];
  summary_.set_received(summary_.received() + 1);
  if (r.rejected) {
    summary_.set_rejected(summary_.rejected() + 1);
  } else {
    summary_.set_translated(summary_.translated() + 1);
  }
  v1::TranslateStreamResponse response;
  v1::TranslateStreamResult* result = response.mutable_result();
  result->set_sequence_id(request.sequence_id());
  result->set_rejected(r.rejected);
  for (const mappers::MappedResource& m : r.resources) {
    fhir::Document doc = fhir::BuildDocument(m.resource);
    result->add_resource_json(fhir::WriteJson(*doc.root()));
  }
  result->set_operation_outcome_json(fhir::OperationOutcomeJson(r.issues));
  return response;
}

void TranslateStreamReactor::OnReadDone(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  if (context_->IsCancelled()) {
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client"));
    return;
  }
  if (ok) {
    inbox_.emplace_back(std::move(request_));
  } else {
    inbox_.emplace_back();  // the client closed its side: the summary follows the last result
  }
  if (!draining_) {
    draining_ = true;
    pool_.Post([this] { Drain(); });
  }
  if (ok) ReadMoreLocked();
}

void TranslateStreamReactor::ReadMoreLocked() {
  if (inbox_.size() + queue_.size() < kMaxQueued) {
    read_paused_ = false;
    request_.Clear();
    StartRead(&request_);
  } else {
    read_paused_ = true;
  }
}

void TranslateStreamReactor::Drain() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!finished_ && !inbox_.empty()) {
    std::optional<v1::TranslateStreamRequest> next = std::move(inbox_.front());
    inbox_.pop_front();
    if (!next.has_value()) {
      v1::TranslateStreamResponse closing;
      *closing.mutable_summary() = summary_;
      reads_done_ = true;
      QueueLocked(std::move(closing));
      continue;
    }
    lock.unlock();  // reads and writes go on while the record is translated
    v1::TranslateStreamResponse response = Translate(*next);
    lock.lock();
    if (finished_) break;
    QueueLocked(std::move(response));
  }
  draining_ = false;
  if (done_) {
    lock.unlock();
    delete this;
  }
}

void TranslateStreamReactor::OnDone() {
  std::unique_lock<std::mutex> lock(mu_);
  done_ = true;
  if (draining_) return;  // the running Drain deletes the reactor when it ends
  lock.unlock();
  delete this;
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
  if (read_paused_) ReadMoreLocked();
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
