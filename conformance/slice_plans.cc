// File: conformance/slice_plans.cc
#include "conformance/slice_plans.h"

namespace conformance {
namespace {

using fhir::Element;

// The rules with a fixed or pattern value at `segs` (from `i`) below `at`, looking into the
// slices of the elements on the way too: R4's blood pressure profile fixes each component's
// code in a slice of code.coding, not in code.coding itself.
void ValuedThroughSlices(const Registry& registry, ElementRef at, const std::vector<std::string_view>& segs, size_t i,
                         std::vector<ElementRef>* out) {
  if (i == segs.size()) {
    if (at.rule().fixed != nullptr || at.rule().pattern != nullptr) out->push_back(at);
    return;
  }
  if (segs[i] == "$this") return ValuedThroughSlices(registry, at, segs, i + 1, out);
  ElementRef children = registry.ChildrenOf(at, {});
  if (!children) return;
  const std::string_view seg = segs[i].ends_with("[x]") ? segs[i].substr(0, segs[i].size() - 3) : segs[i];
  ChildMatch m = registry.Child(children, seg);
  if (!m.rule) return;
  ValuedThroughSlices(registry, m.rule, segs, i + 1, out);
  for (uint32_t idx : m.rule.rule().slices) ValuedThroughSlices(registry, ElementRef{m.rule.profile, idx}, segs, i + 1, out);
}

}  // namespace

void Discriminator::Split() { segments = SplitPath(path); }

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    size_t dot = path.find('.');
    out.push_back(path.substr(0, dot));
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return out;
}

void CollectAtPath(const Element& e, const std::vector<std::string_view>& segs, size_t i,
                   std::vector<const Element*>& out) {
  if (i == segs.size()) {
    out.push_back(&e);
    return;
  }
  for (const fhir::Property& p : e.props()) {
    std::string_view name = segs[i];
    bool match = p.name == name;
    if (!match && name.ends_with("[x]")) match = p.name.starts_with(name.substr(0, name.size() - 3));
    if (!match) continue;
    for (const Element& child : p.elements()) CollectAtPath(child, segs, i + 1, out);
  }
}

ElementRef RuleBelow(const Registry& registry, ElementRef slice, const std::vector<std::string_view>& segs) {
  ElementRef at = slice;
  for (std::string_view seg : segs) {
    if (seg == "$this") continue;
    ElementRef children = registry.ChildrenOf(at, {});
    if (!children) return {};
    ChildMatch m = registry.Child(children, seg.ends_with("[x]") ? seg.substr(0, seg.size() - 3) : seg);
    if (!m.rule) {
      // A choice named with [x] in the discriminator path.
      for (uint32_t idx : children.rule().children) {
        if (children.profile->elements[idx].Name() == seg) m.rule = ElementRef{children.profile, idx};
      }
      if (!m.rule) return {};
    }
    at = m.rule;
  }
  return at;
}

ElementRule::DiscriminatorPlan PlanDiscriminator(const Registry& registry, ElementRef slice, const Discriminator& d) {
  ElementRule::DiscriminatorPlan plan;
  if (d.path.find('(') != std::string::npos) return plan;  // resolve(), extension(...), ofType(...)
  const std::vector<std::string_view>& segs = d.segments;
  const ElementRef at = RuleBelow(registry, slice, segs);
  plan.at_profile = at.profile;
  plan.at_index = at.index;
  if (d.type != "value" && d.type != "pattern") return plan;
  const ElementRule& s = slice.rule();
  const ElementRule* r = at ? &at.rule() : nullptr;
  if (r != nullptr && (r->fixed != nullptr || r->pattern != nullptr)) {
    plan.expected.emplace_back(r->fixed != nullptr ? r->fixed : r->pattern, r->fixed != nullptr);
  } else if (r != nullptr && (s.fixed != nullptr || s.pattern != nullptr)) {
    // The slice fixes its whole value ({"use": "home"}): the discriminator's part of it.
    std::vector<const Element*> parts;
    CollectAtPath(s.fixed != nullptr ? *s.fixed : *s.pattern, segs, segs.empty() || segs[0] != "$this" ? 0 : 1, parts);
    for (const Element* part : parts) plan.expected.emplace_back(part, s.fixed != nullptr);
  } else if (r != nullptr) {
    std::vector<ElementRef> valued;
    ValuedThroughSlices(registry, slice, segs, 0, &valued);
    for (ElementRef v : valued) {
      const ElementRule& vr = v.rule();
      plan.expected.emplace_back(vr.fixed != nullptr ? vr.fixed : vr.pattern, vr.fixed != nullptr);
    }
  }
  return plan;
}

void PlanSlices(const Registry& registry, Profile& profile) {
  for (ElementRule& sliced : profile.elements) {
    if (!sliced.slicing) continue;
    for (uint32_t idx : sliced.slices) {
      std::vector<ElementRule::DiscriminatorPlan> plans;
      for (const Discriminator& d : sliced.slicing->discriminators) {
        plans.push_back(PlanDiscriminator(registry, ElementRef{&profile, idx}, d));
      }
      profile.elements[idx].discriminator_plans = std::move(plans);
    }
  }
}

}  // namespace conformance
