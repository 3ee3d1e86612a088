// File: tests/fhir/status_macros_test.cc
#include "fhir/status_macros.h"

#include "fhir/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fhir {
namespace {

using ::fhir::testing::IsOk;
using ::fhir::testing::IsOkAndHolds;
using ::fhir::testing::StatusIs;
using ::testing::HasSubstr;

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return absl::InvalidArgumentError("odd number");
  return n / 2;
}

absl::StatusOr<int> Quarter(int n) {
  FHIRGW_ASSIGN_OR_RETURN(int half, Half(n));
  FHIRGW_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

absl::Status CheckEven(int n) {
  FHIRGW_RETURN_IF_ERROR(Half(n).status());
  return absl::OkStatus();
}

TEST(StatusMacrosTest, AssignOrReturnPassesValuesAndErrors) {
  EXPECT_THAT(Quarter(8), IsOkAndHolds(2));
  EXPECT_THAT(Quarter(6), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("odd")));
  EXPECT_THAT(Quarter(7), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(StatusMacrosTest, ReturnIfErrorReturnsTheFirstError) {
  EXPECT_THAT(CheckEven(4), IsOk());
  EXPECT_THAT(CheckEven(3), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckEven(3), ::testing::Not(IsOk()));
}

}  // namespace
}  // namespace fhir
