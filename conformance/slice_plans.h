// File: conformance/slice_plans.h
// What a slice asks of an item at each discriminator's path, worked out once per profile when
// the registry loads (the walker matched items against slices by descending the profile and
// collecting fixed values anew for every item), and the path helpers both use.
#ifndef FHIRGW_CONFORMANCE_SLICE_PLANS_H_
#define FHIRGW_CONFORMANCE_SLICE_PLANS_H_

#include <string_view>
#include <vector>

#include "conformance/profile.h"
#include "conformance/registry.h"

namespace conformance {

// "code.coding.system" -> {"code", "coding", "system"}.
std::vector<std::string_view> SplitPath(std::string_view path);

// The elements of `e` at `segs` from `i` ("$this" is the element itself; a name ending in [x]
// matches any of its types).
void CollectAtPath(const fhir::Element& e, const std::vector<std::string_view>& segs, size_t i,
                   std::vector<const fhir::Element*>& out);

// The rule of the element at `segs` below `slice` (through its children and the children of its
// types), or an empty ref when the profile does not describe it.
ElementRef RuleBelow(const Registry& registry, ElementRef slice, const std::vector<std::string_view>& segs);

// The plan of discriminator `d` (of the element `slice` slices) for `slice`.
ElementRule::DiscriminatorPlan PlanDiscriminator(const Registry& registry, ElementRef slice, const Discriminator& d);

// Fills discriminator_plans of every slice entry of `profile` (its elements must not move
// afterwards: plans point into profiles).
void PlanSlices(const Registry& registry, Profile& profile);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_SLICE_PLANS_H_
