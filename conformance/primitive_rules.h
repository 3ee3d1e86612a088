// File: conformance/primitive_rules.h
// The lexical rules and ranges of FHIR R4's primitive types, and which JSON kind each must be.
#ifndef FHIRGW_CONFORMANCE_PRIMITIVE_RULES_H_
#define FHIRGW_CONFORMANCE_PRIMITIVE_RULES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "fhir/element.h"

namespace conformance {

struct PrimitiveProblem {
  std::string message_id;  // empty when the value is fine
  std::string text;
};

// The primitive types by name, so that the walk classifies a type code once per element and
// then dispatches on an integer (it did three string dispatches per primitive before).
enum class PrimitiveType : uint8_t {
  kNone,  // not a primitive type: a complex type, a resource, or empty
  kBoolean, kInteger, kDecimal, kPositiveInt, kUnsignedInt, kInteger64,
  kString, kMarkdown, kCode, kId, kUri, kUrl, kCanonical, kOid, kUuid,
  kDate, kDateTime, kInstant, kTime, kBase64Binary, kXhtml,
};

// The primitive type a type code names ("dateTime"), or kNone.
PrimitiveType PrimitiveTypeOf(std::string_view type_code);

// The JSON kind a value of a primitive type must have (number, boolean or string).
fhir::ValueKind ExpectedKind(PrimitiveType type);
inline fhir::ValueKind ExpectedKind(std::string_view type_code) { return ExpectedKind(PrimitiveTypeOf(type_code)); }

// Checks `value` against the lexical space and range of `type` (named `type_code` in messages).
// True when it is fine; otherwise `problem` says why (unless null: the walk asks for the verdict
// first, and for the reason only when there is one). Does not check the JSON kind (see
// ExpectedKind). Types without lexical rules of their own pass.
bool CheckPrimitive(PrimitiveType type, std::string_view type_code, std::string_view value, PrimitiveProblem* problem);

// The same by type code; an empty message_id when the value is fine. Unknown type codes pass.
PrimitiveProblem CheckPrimitive(std::string_view type_code, std::string_view value);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_PRIMITIVE_RULES_H_
