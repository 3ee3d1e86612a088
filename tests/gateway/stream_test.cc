// File: tests/gateway/stream_test.cc
// TranslateStream and ValidateStream on the real server (service_fixture.h): answers in order
// with their sequence ids, one per record or resource whether sent one per message or in
// batches, summaries that add up (10,000 records with 10% bad), refusals that end a stream
// after the answers before them, references to records sent earlier, and cancellation.
#include <grpcpp/grpcpp.h>

#include <string>
#include <thread>
#include <vector>

#include "fhirgw/gateway/v1/gateway.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mappers/record_reader.h"
#include "tests/gateway/service_fixture.h"

namespace fhirgw::service_testing {
namespace {

TEST_F(ServiceTest, ValidateStreamAnswersEachInOrderThenSums) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->ValidateStream(&ctx);
  for (uint64_t i = 0; i < 30; ++i) {
    v1::ValidateStreamRequest req;
    req.set_sequence_id(100 + i);
    req.set_resource_json(i % 3 == 0 ? kBadPatient : kPatient);
    ASSERT_TRUE(stream->Write(req));
  }
  stream->WritesDone();
  v1::ValidateStreamResponse resp;
  uint64_t next = 100, invalid = 0;
  bool summary = false;
  while (stream->Read(&resp)) {
    if (resp.has_summary()) {
      summary = true;
      EXPECT_EQ(resp.summary().received(), 30u);
      EXPECT_EQ(resp.summary().rejected(), 10u);
      EXPECT_EQ(resp.summary().translated() + resp.summary().rejected(), 30u);
      continue;
    }
    EXPECT_EQ(resp.result().sequence_id(), next++);
    invalid += resp.result().valid() ? 0 : 1;
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_TRUE(summary);
  EXPECT_EQ(invalid, 10u);
}

TEST_F(ServiceTest, ValidateStreamBatchesAreAnsweredResourceByResource) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->ValidateStream(&ctx);
  std::string deep = R"({"resourceType":"Patient","extension":[)";
  for (int i = 0; i < 200; ++i) deep += R"({"url":"http://x.test/e","extension":[)";
  for (int i = 0; i < 200; ++i) deep += "]}";
  deep += "]}";
  auto json = [&](uint64_t id) { return id == 9 ? deep : id % 3 == 0 ? kBadPatient : kPatient; };
  uint64_t id = 0;
  for (int size : {5, 1, 12, 0, 3}) {  // 0: a single-resource message
    v1::ValidateStreamRequest req;
    if (size == 0) {
      req.set_sequence_id(id);
      req.set_resource_json(json(id++));
    }
    for (int k = 0; k < size; ++k, ++id) {
      v1::SequencedResource* r = req.add_batch();
      r->set_sequence_id(id);
      r->set_resource_json(json(id));
    }
    ASSERT_TRUE(stream->Write(req));
  }
  v1::ValidateStreamRequest too_many;
  too_many.add_batch()->set_resource_json(kPatient);
  for (int i = 0; i < 17; ++i) too_many.add_profiles("http://hl7.org/fhir/StructureDefinition/Patient");
  stream->Write(too_many);
  stream->WritesDone();
  v1::ValidateStreamResponse resp;
  uint64_t next = 0, invalid = 0, batches = 0;
  auto check = [&](const v1::ValidateStreamResult& r) {
    EXPECT_EQ(r.sequence_id(), next++);
    EXPECT_EQ(r.valid(), r.sequence_id() % 3 != 0) << r.sequence_id();
    if (r.sequence_id() == 9) {
      EXPECT_THAT(r.operation_outcome_json(), HasSubstr("deep")) << r.operation_outcome_json();
    }
    invalid += r.valid() ? 0 : 1;
  };
  while (stream->Read(&resp)) {
    ASSERT_FALSE(resp.has_summary()) << "the stream ends with the refusal, not a summary";
    if (resp.has_batch()) {
      ++batches;
      for (const v1::ValidateStreamResult& r : resp.batch().results()) check(r);
    } else {
      check(resp.result());
    }
  }
  grpc::Status status = stream->Finish();
  EXPECT_EQ(next, 22u);
  EXPECT_EQ(batches, 4u);
  EXPECT_EQ(invalid, 8u);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("too many profiles"));
  EXPECT_TRUE(server_->running());
}

TEST_F(ServiceTest, TranslateStreamOfTenThousandRecordsWithTenPercentBadAddsUp) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->TranslateStream(&ctx);
  constexpr int kRecords = 10'000;
  std::thread writer([&] {
    for (int i = 0; i < kRecords; ++i) {
      v1::TranslateStreamRequest req;
      req.set_sequence_id(static_cast<uint64_t>(i));
      auto* p = req.mutable_record()->mutable_patient();
      p->mutable_source()->set_system("urn:test");
      std::string id = std::to_string(i);
      id.insert(id.begin(), 'P');
      p->mutable_source()->set_record_id(id);
      p->set_family_name("Doe");
      p->set_administrative_sex("F");
      if (i % 10 != 7) p->set_mrn(std::to_string(i));  // every tenth record lacks its MRN
      if (!stream->Write(req)) break;
    }
    stream->WritesDone();
  });
  v1::TranslateStreamResponse resp;
  uint64_t next = 0, rejected = 0;
  bool summary = false;
  while (stream->Read(&resp)) {
    if (resp.has_summary()) {
      summary = true;
      EXPECT_EQ(resp.summary().received(), static_cast<uint64_t>(kRecords));
      EXPECT_EQ(resp.summary().rejected(), static_cast<uint64_t>(kRecords / 10));
      EXPECT_EQ(resp.summary().translated(), static_cast<uint64_t>(kRecords - kRecords / 10));
      continue;
    }
    EXPECT_EQ(resp.result().sequence_id(), next++);
    if (resp.result().rejected()) {
      ++rejected;
      EXPECT_THAT(resp.result().operation_outcome_json(), HasSubstr("patient[P"));
    }
  }
  writer.join();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_TRUE(summary);
  EXPECT_EQ(next, static_cast<uint64_t>(kRecords));
  EXPECT_EQ(rejected, static_cast<uint64_t>(kRecords / 10));
}

TEST_F(ServiceTest, TranslateStreamBatchesAreAnsweredRecordByRecordInOrder) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->TranslateStream(&ctx);
  constexpr int kRecords = 10'000;
  auto fill = [](int i, oncology::v1::Record* record) {
    auto* p = record->mutable_patient();
    p->mutable_source()->set_system("urn:test");
    std::string id = std::to_string(i);
    id.insert(id.begin(), 'B');  // (not "B" + ...: GCC 12 misreads it under -Wrestrict)
    p->mutable_source()->set_record_id(id);
    p->set_family_name("Doe");
    p->set_administrative_sex("F");
    if (i % 10 != 3) p->set_mrn(std::to_string(i));  // every tenth record lacks its MRN
  };
  std::thread writer([&] {
    int size = 1;
    for (int i = 0; i < kRecords; size = size % 150 + 7) {
      v1::TranslateStreamRequest req;
      if (size % 5 == 0) {  // now and then a single-record message
        req.set_sequence_id(static_cast<uint64_t>(i));
        fill(i++, req.mutable_record());
      } else {
        for (int end = std::min(kRecords, i + size); i < end; ++i) {
          v1::SequencedRecord* r = req.add_batch();
          r->set_sequence_id(static_cast<uint64_t>(i));
          fill(i, r->mutable_record());
        }
      }
      if (!stream->Write(req)) break;
    }
    stream->WritesDone();
  });
  v1::TranslateStreamResponse resp;
  uint64_t next = 0, rejected = 0, batches = 0;
  bool summary = false;
  auto check = [&](const v1::TranslateStreamResult& r) {
    EXPECT_EQ(r.sequence_id(), next++);
    rejected += r.rejected() ? 1 : 0;
    EXPECT_EQ(r.rejected(), r.sequence_id() % 10 == 3) << r.sequence_id();
  };
  while (stream->Read(&resp)) {
    if (resp.has_summary()) {
      summary = true;
      EXPECT_EQ(resp.summary().received(), static_cast<uint64_t>(kRecords));
      EXPECT_EQ(resp.summary().rejected(), static_cast<uint64_t>(kRecords / 10));
      EXPECT_EQ(resp.summary().translated(), static_cast<uint64_t>(kRecords - kRecords / 10));
    } else if (resp.has_batch()) {
      ++batches;
      for (const v1::TranslateStreamResult& r : resp.batch().results()) check(r);
    } else {
      check(resp.result());
    }
  }
  writer.join();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_TRUE(summary);
  EXPECT_GT(batches, 50u);
  EXPECT_EQ(next, static_cast<uint64_t>(kRecords));
  EXPECT_EQ(rejected, static_cast<uint64_t>(kRecords / 10));
}

TEST_F(ServiceTest, TranslateStreamRefusesAMessageWithBothFormsOrTooLargeABatch) {
  auto stub = Stub();
  for (bool both : {true, false}) {
    grpc::ClientContext ctx;
    Authorize(&ctx);
    auto stream = stub->TranslateStream(&ctx);
    v1::TranslateStreamRequest first;
    first.set_sequence_id(1);
    first.mutable_record()->mutable_patient()->set_mrn("1");
    ASSERT_TRUE(stream->Write(first));
    v1::TranslateStreamRequest bad;
    if (both) bad.set_sequence_id(2);
    for (int i = 0; i < (both ? 1 : 2001); ++i) bad.add_batch()->set_sequence_id(static_cast<uint64_t>(10 + i));
    stream->Write(bad);
    stream->WritesDone();
    v1::TranslateStreamResponse resp;
    int answers = 0;
    while (stream->Read(&resp)) answers += resp.has_result() ? 1 : 0;
    grpc::Status status = stream->Finish();
    EXPECT_EQ(answers, 1);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(both ? "not both" : "limit 2000"));
  }
  EXPECT_TRUE(server_->running());
}

TEST_F(ServiceTest, TranslateStreamResolvesReferencesToRecordsSentEarlierInTheStream) {
  // A whole patient record by record: the care plan names treatments streamed before it.
  std::vector<mappers::ReadEntry> entries;
  ASSERT_TRUE(mappers::ReadRecordFile(FHIRGW_SOURCE_DIR "/examples/records/patient-P001.json", &entries).ok());
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->TranslateStream(&ctx);
  for (size_t i = 0; i < entries.size(); ++i) {
    v1::TranslateStreamRequest req;
    req.set_sequence_id(i);
    *req.mutable_record() = entries[i].record;
    ASSERT_TRUE(stream->Write(req));
  }
  stream->WritesDone();
  v1::TranslateStreamResponse resp;
  uint64_t rejected = 99;
  while (stream->Read(&resp)) {
    if (resp.has_summary()) rejected = resp.summary().rejected();
    if (resp.has_result()) {
      EXPECT_FALSE(resp.result().rejected()) << resp.result().operation_outcome_json();
      EXPECT_THAT(resp.result().operation_outcome_json(), ::testing::Not(HasSubstr("reference-not-in-batch")));
    }
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(rejected, 0u);
}

TEST_F(ServiceTest, CancellingAStreamMidwayLeavesTheServerHealthy) {
  auto stub = Stub();
  {
    grpc::ClientContext ctx;
    Authorize(&ctx);
    auto stream = stub->TranslateStream(&ctx);
    for (int i = 0; i < 50; ++i) {
      v1::TranslateStreamRequest req;
      req.set_sequence_id(static_cast<uint64_t>(i));
      stream->Write(req);
    }
    v1::TranslateStreamResponse resp;
    ASSERT_TRUE(stream->Read(&resp));
    ctx.TryCancel();
    while (stream->Read(&resp)) {
    }
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::ValidateRequest req;
  req.set_resource_json(kPatient);
  v1::ValidateResponse resp;
  EXPECT_TRUE(stub->Validate(&ctx, req, &resp).ok());
  EXPECT_TRUE(server_->running());
}

TEST_F(ServiceTest, AStreamRequestOverALimitEndsTheStreamAfterTheAnswersBeforeIt) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->ValidateStream(&ctx);
  for (uint64_t i = 0; i < 3; ++i) {
    v1::ValidateStreamRequest req;
    req.set_sequence_id(i);
    req.set_resource_json(kPatient);
    // The third names more profiles than a request may (16).
    for (int p = 0; i == 2 && p < 17; ++p) req.add_profiles("http://example.org/StructureDefinition/p" + std::to_string(p));
    ASSERT_TRUE(stream->Write(req));
  }
  stream->WritesDone();
  v1::ValidateStreamResponse resp;
  std::vector<uint64_t> answered;
  while (stream->Read(&resp)) {
    ASSERT_FALSE(resp.has_summary()) << "a stream ended by a limit has no summary";
    answered.push_back(resp.result().sequence_id());
  }
  grpc::Status s = stream->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("too many profiles"));
  EXPECT_EQ(answered, (std::vector<uint64_t>{0, 1}));

  grpc::ClientContext refused;
  Authorize(&refused, "wrong-token");
  auto refused_stream = stub->ValidateStream(&refused);
  EXPECT_FALSE(refused_stream->Read(&resp));
  EXPECT_EQ(refused_stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);

  grpc::ClientContext after;
  Authorize(&after);
  v1::ValidateRequest ok;
  ok.set_resource_json(kPatient);
  v1::ValidateResponse vr;
  EXPECT_TRUE(stub->Validate(&after, ok, &vr).ok());
}

}  // namespace
}  // namespace fhirgw::service_testing
