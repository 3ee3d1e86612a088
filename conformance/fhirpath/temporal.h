// File: conformance/fhirpath/temporal.h
// FHIRPath dates, date-times and times with partial precision: parsing, comparison (which may be
// "unknown" when precisions differ), arithmetic with calendar durations, and printing.
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_TEMPORAL_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_TEMPORAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace conformance::fhirpath {

// Precision levels. Seconds and milliseconds are one level: FHIRPath compares 10:00:00 and
// 10:00:00.0 as equal.
enum class Precision : uint8_t { kYear = 1, kMonth, kDay, kHour, kMinute, kSecond };

struct Temporal {
  bool is_time = false;  // a Time (no date part)
  Precision precision = Precision::kYear;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0;
  bool has_millis = false;  // printed with ".fff"
  bool has_tz = false;
  int tz_minutes = 0;  // offset east of UTC
};

// Parses "2014", "2014-01-05", "2014-01-05T10:30:00.123+10:00" (a trailing "T" is allowed, as in
// FHIRPath literals "@2014-01-05T"), or, with `time`, "10:30", "10:30:00.5".
std::optional<Temporal> ParseTemporal(std::string_view text, bool time);

// -1, 0, 1, or nullopt when the values differ only below a precision one of them lacks.
std::optional<int> CompareTemporal(const Temporal& a, const Temporal& b);

// Prints at the value's own precision, without '@'.
std::string FormatTemporal(const Temporal& t);

// Adds `amount` of `unit` (a calendar keyword "year(s)"... or UCUM "a", "mo", "wk", "d", "h",
// "min", "s", "ms"). Returns nullopt for a unit that is not a time unit.
std::optional<Temporal> AddDuration(const Temporal& t, int64_t amount, std::string_view unit);

// The number of significant digits of the value's precision as FHIRPath's precision() counts
// them (4 for a year, 17 for a full date-time with milliseconds, 9 for a full time).
int TemporalDigits(const Temporal& t);

// The earliest / latest value the imprecise value could denote, at `digits` precision (see
// FHIRPath lowBoundary/highBoundary). nullopt for an unsupported digit count.
std::optional<Temporal> TemporalBoundary(const Temporal& t, int digits, bool high);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_TEMPORAL_H_
