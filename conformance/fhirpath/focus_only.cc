// File: conformance/fhirpath/focus_only.cc
#include "conformance/fhirpath/focus_only.h"

#include <string_view>

namespace conformance::fhirpath {
namespace {

// The environment variables that are constants, or the focus itself (%context).
bool IsFocusOrConstant(std::string_view variable) {
  return variable == "context" || variable == "ucum" || variable == "sct" || variable == "loinc" ||
         variable == "us-zip" || variable.starts_with("vs-") || variable.starts_with("ext-");
}

bool ReadsBeyondFocus(std::string_view function) {
  return function == "resolve" || function == "conformsTo" || function == "now" || function == "today" ||
         function == "timeOfDay" || function == "trace";
}

// Recursion is bounded: the parser refuses trees deeper than kMaxExpressionDepth.
bool FocusOnly(const Node* n) {
  if (n == nullptr) return true;
  if (n->kind == NodeKind::kVariable && !IsFocusOrConstant(n->name)) return false;
  if (n->kind == NodeKind::kCall && ReadsBeyondFocus(n->name)) return false;
  if (!FocusOnly(n->input) || !FocusOnly(n->rhs)) return false;
  for (const Node* a : n->args) {
    if (!FocusOnly(a)) return false;
  }
  return true;
}

}  // namespace

bool DependsOnlyOnFocus(const Expression& expr) { return FocusOnly(&expr.root()); }

}  // namespace conformance::fhirpath
