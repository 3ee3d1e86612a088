// File: conformance/fhirpath/ucum.h
// Enough of UCUM to compare and convert quantities whose units share a dimension: unit terms
// built from prefixed atoms with exponents, multiplied ('.') and divided ('/'), and annotations
// ("{tablets}"). Covers the SI base and derived units clinical data uses, time, volume, pressure,
// customary length and mass. Non-linear units (Cel, [degF]) convert only to themselves.
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_UCUM_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_UCUM_H_

#include <array>
#include <optional>
#include <string_view>

namespace conformance::fhirpath {

// A unit reduced to a factor and exponents of the base dimensions
// (length, mass, time, amount, temperature, current, luminosity, arbitrary units).
struct UnitVector {
  double factor = 1;
  std::array<int, 8> dims{};
};

// Parses a UCUM unit expression. nullopt when it is not one we understand.
std::optional<UnitVector> ParseUcum(std::string_view unit);

// The UCUM unit a FHIRPath calendar duration keyword stands for ("year(s)" -> "a", "week(s)" ->
// "wk", ...). Returns the input when it is not a calendar keyword.
std::string_view CalendarToUcum(std::string_view unit);
bool IsCalendarKeyword(std::string_view unit);

// `value` in `from` expressed in `to`, when both parse and share a dimension.
std::optional<double> ConvertUnit(double value, std::string_view from, std::string_view to);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_UCUM_H_
