// File: fhir/status_macros.h
// Early-return helpers for absl::Status / absl::StatusOr (the "could it run" channel).
#ifndef FHIRGW_FHIR_STATUS_MACROS_H_
#define FHIRGW_FHIR_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status); returns it from the enclosing function when not OK.
#define FHIRGW_RETURN_IF_ERROR(expr)                   \
  do {                                                 \
    ::absl::Status fhirgw_status_ = (expr);            \
    if (!fhirgw_status_.ok()) return fhirgw_status_;   \
  } while (false)

#define FHIRGW_STATUS_CONCAT_INNER_(a, b) a##b
#define FHIRGW_STATUS_CONCAT_(a, b) FHIRGW_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::StatusOr<T>); on error returns its status, else moves the value
// into `lhs` (a declaration such as `auto x` or an existing variable).
#define FHIRGW_ASSIGN_OR_RETURN(lhs, expr) \
  FHIRGW_ASSIGN_OR_RETURN_IMPL_(FHIRGW_STATUS_CONCAT_(fhirgw_statusor_, __LINE__), lhs, expr)

#define FHIRGW_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // FHIRGW_FHIR_STATUS_MACROS_H_
