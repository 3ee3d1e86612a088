// File: conformance/fhirpath/function_support.h
// Declarations of every function implementation (the table in functions_table.cc lists them) and
// the argument helpers they share.
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_FUNCTION_SUPPORT_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_FUNCTION_SUPPORT_H_

#include <optional>
#include <string_view>

#include "conformance/fhirpath/compare.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/functions.h"

namespace conformance::fhirpath {

// Every implementation has the table's signature, whether or not it uses each parameter.
#define FHIRPATH_FUNCTION(name)                                                               \
  absl::Status name([[maybe_unused]] Evaluation& ev, [[maybe_unused]] const Node& call,        \
                    [[maybe_unused]] const Scope& scope, [[maybe_unused]] const Collection& input, \
                    [[maybe_unused]] Collection* out)

// The single input item as a System value; nullopt for empty input; an error for more than one.
absl::Status SingleInput(const Node& call, const Collection& input, std::optional<Item>* out);
// Argument i as a single value of System type `type` (nullopt when empty); an error otherwise.
absl::Status ArgValue(Evaluation& ev, const Node& call, size_t i, const Scope& scope, ValueType type,
                      std::optional<Item>* out);
// The string input of a string function: nullopt for empty input; an error for a non-string.
absl::Status StringInput(const Node& call, const Collection& input, std::optional<std::string_view>* out);
// Argument i as a single string (nullopt when empty); an error otherwise.
absl::Status StringArg(Evaluation& ev, const Node& call, size_t i, const Scope& scope,
                       std::optional<std::string_view>* out);
// A criteria result as a boolean: single Boolean -> its value, empty -> nullopt, any other
// single item -> true; more than one item is an error.
absl::Status Truth(const Node& call, const Collection& c, std::optional<bool>* out);
// True when `c` holds an item equal to `item`.
bool Contains(const Collection& c, const Item& item);
// Appends `input` with duplicates (by equality) removed; items already in `out` do not count.
void AppendDistinct(const Collection& input, Collection* out);

// Existence.
FHIRPATH_FUNCTION(FnEmpty); FHIRPATH_FUNCTION(FnExists); FHIRPATH_FUNCTION(FnAll);
FHIRPATH_FUNCTION(FnAllTrue); FHIRPATH_FUNCTION(FnAnyTrue); FHIRPATH_FUNCTION(FnAllFalse);
FHIRPATH_FUNCTION(FnAnyFalse); FHIRPATH_FUNCTION(FnSubsetOf); FHIRPATH_FUNCTION(FnSupersetOf);
FHIRPATH_FUNCTION(FnCount); FHIRPATH_FUNCTION(FnDistinct); FHIRPATH_FUNCTION(FnIsDistinct);
FHIRPATH_FUNCTION(FnNot);
// Filtering, projection, subsetting, combining, aggregation.
FHIRPATH_FUNCTION(FnWhere); FHIRPATH_FUNCTION(FnSelect); FHIRPATH_FUNCTION(FnRepeat);
FHIRPATH_FUNCTION(FnOfType); FHIRPATH_FUNCTION(FnIs); FHIRPATH_FUNCTION(FnAs);
FHIRPATH_FUNCTION(FnSingle); FHIRPATH_FUNCTION(FnFirst); FHIRPATH_FUNCTION(FnLast);
FHIRPATH_FUNCTION(FnTail); FHIRPATH_FUNCTION(FnSkip); FHIRPATH_FUNCTION(FnTake);
FHIRPATH_FUNCTION(FnIntersect); FHIRPATH_FUNCTION(FnExclude); FHIRPATH_FUNCTION(FnUnion);
FHIRPATH_FUNCTION(FnCombine); FHIRPATH_FUNCTION(FnAggregate); FHIRPATH_FUNCTION(FnSort);
FHIRPATH_FUNCTION(FnType);
// Conversion.
FHIRPATH_FUNCTION(FnIif); FHIRPATH_FUNCTION(FnToBoolean); FHIRPATH_FUNCTION(FnConvertsToBoolean);
FHIRPATH_FUNCTION(FnToInteger); FHIRPATH_FUNCTION(FnConvertsToInteger); FHIRPATH_FUNCTION(FnToDecimal);
FHIRPATH_FUNCTION(FnConvertsToDecimal); FHIRPATH_FUNCTION(FnToString); FHIRPATH_FUNCTION(FnConvertsToString);
FHIRPATH_FUNCTION(FnToDate); FHIRPATH_FUNCTION(FnConvertsToDate); FHIRPATH_FUNCTION(FnToDateTime);
FHIRPATH_FUNCTION(FnConvertsToDateTime); FHIRPATH_FUNCTION(FnToTime); FHIRPATH_FUNCTION(FnConvertsToTime);
FHIRPATH_FUNCTION(FnToQuantity); FHIRPATH_FUNCTION(FnConvertsToQuantity);
// Strings.
FHIRPATH_FUNCTION(FnIndexOf); FHIRPATH_FUNCTION(FnLastIndexOf); FHIRPATH_FUNCTION(FnSubstring);
FHIRPATH_FUNCTION(FnStartsWith); FHIRPATH_FUNCTION(FnEndsWith); FHIRPATH_FUNCTION(FnContainsString);
FHIRPATH_FUNCTION(FnUpper); FHIRPATH_FUNCTION(FnLower); FHIRPATH_FUNCTION(FnReplace);
FHIRPATH_FUNCTION(FnMatches); FHIRPATH_FUNCTION(FnMatchesFull); FHIRPATH_FUNCTION(FnReplaceMatches);
FHIRPATH_FUNCTION(FnLength); FHIRPATH_FUNCTION(FnToChars); FHIRPATH_FUNCTION(FnTrim);
FHIRPATH_FUNCTION(FnSplit); FHIRPATH_FUNCTION(FnJoin); FHIRPATH_FUNCTION(FnEncode);
FHIRPATH_FUNCTION(FnDecode); FHIRPATH_FUNCTION(FnEscape); FHIRPATH_FUNCTION(FnUnescape);
// Math and precision.
FHIRPATH_FUNCTION(FnAbs); FHIRPATH_FUNCTION(FnCeiling); FHIRPATH_FUNCTION(FnExp); FHIRPATH_FUNCTION(FnFloor);
FHIRPATH_FUNCTION(FnLn); FHIRPATH_FUNCTION(FnLog); FHIRPATH_FUNCTION(FnPower); FHIRPATH_FUNCTION(FnRound);
FHIRPATH_FUNCTION(FnSqrt); FHIRPATH_FUNCTION(FnTruncate); FHIRPATH_FUNCTION(FnLowBoundary);
FHIRPATH_FUNCTION(FnHighBoundary); FHIRPATH_FUNCTION(FnPrecision); FHIRPATH_FUNCTION(FnComparable);
// Tree navigation and utility.
FHIRPATH_FUNCTION(FnChildren); FHIRPATH_FUNCTION(FnDescendants); FHIRPATH_FUNCTION(FnTrace);
FHIRPATH_FUNCTION(FnNow); FHIRPATH_FUNCTION(FnToday); FHIRPATH_FUNCTION(FnTimeOfDay);
// FHIR's additions.
FHIRPATH_FUNCTION(FnExtension); FHIRPATH_FUNCTION(FnHasValue); FHIRPATH_FUNCTION(FnGetValue);
FHIRPATH_FUNCTION(FnResolve); FHIRPATH_FUNCTION(FnMemberOf); FHIRPATH_FUNCTION(FnConformsTo);
FHIRPATH_FUNCTION(FnHtmlChecks); FHIRPATH_FUNCTION(FnElementDefinition); FHIRPATH_FUNCTION(FnSlice);
FHIRPATH_FUNCTION(FnSubsumes); FHIRPATH_FUNCTION(FnSubsumedBy);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_FUNCTION_SUPPORT_H_
