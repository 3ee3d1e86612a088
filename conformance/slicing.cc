// File: conformance/slicing.cc
// ElementWalker's slicing: which slice each item of a sliced element belongs to, the slices'
// own cardinalities, closed slicing, and validation of each item against its slice.
//
// Discriminators evaluated: value and pattern (against the fixed or pattern value at the
// discriminator path in the slice, or the profile URL of an extension slice for `url`), exists,
// type, profile (the value conforms to a profile the slice's type names), and type or profile
// through resolve() (the reference's target, in the resource or its Bundle, against the slice's
// target profiles). A discriminator that cannot be evaluated (other functions in the path, a
// target outside the Bundle, a binding as the only constraint) makes that slice undecided: items are not
// assigned to it, and neither its minimum nor closed slicing is reported, so nothing is claimed
// that was not checked; an information issue says so.
#include <vector>

#include "conformance/element_walker.h"
#include "conformance/slice_plans.h"
#include "conformance/value_match.h"
#include "fhir/text.h"

namespace conformance {
namespace {

using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;

using Decision = ElementWalker::SliceDecision;


}  // namespace

ElementWalker::SliceDecision ElementWalker::SliceMatch(const Element& item, const ElementRule& owner, ElementRef slice,
                                                       std::string_view item_type) {
  const ElementRule& s = slice.rule();
  if (!owner.slicing || owner.slicing->discriminators.empty()) return Decision::kUndecided;
  const std::vector<Discriminator>& discriminators = owner.slicing->discriminators;
  // Planned at load (slice_plans.h); a slice planned for other discriminators is planned here.
  const bool planned = s.discriminator_plans.size() == discriminators.size();
  std::vector<const Element*> values;
  for (size_t k = 0; k < discriminators.size(); ++k) {
    const Discriminator& d = discriminators[k];
    if (d.path == "resolve()" || d.path.ends_with(".resolve()")) {
      const Decision resolved = ResolvedMatch(item, owner, slice, item_type, d);
      if (resolved != Decision::kMatch) return resolved;
      continue;
    }
    if (d.path.find('(') != std::string::npos) return Decision::kUndecided;  // extension(...), ofType(...)
    ElementRule::DiscriminatorPlan unplanned;
    if (!planned) unplanned = PlanDiscriminator(registry_, slice, d);
    const ElementRule::DiscriminatorPlan& plan = planned ? s.discriminator_plans[k] : unplanned;
    const ElementRef at{plan.at_profile, plan.at_index};
    const std::vector<std::string_view>& segs = d.segments;
    values.clear();
    // "$this" names the item itself ("$this.name" is the item's name).
    CollectAtPath(item, segs, segs.empty() || segs[0] != "$this" ? 0 : 1, values);
    if (d.type == "exists") {
      if (!at) return Decision::kUndecided;
      bool want = at.rule().min > 0;
      if (at.rule().max == 0) want = false;
      if (want != !values.empty()) return Decision::kNoMatch;
      continue;
    }
    if (d.type == "type") {
      if (!at || at.rule().types.size() != 1) return Decision::kUndecided;
      std::string_view want = at.rule().types[0].code;
      if (segs.empty() || (segs.size() == 1 && segs[0] == "$this")) {
        std::string_view have = item.is_resource ? item.resource_type() : item_type;
        if (have != want) return Decision::kNoMatch;
        continue;
      }
      // A path below the item (Bundle.entry slicing on "resource"): resources say their type.
      if (values.empty()) return Decision::kNoMatch;
      bool found = false;
      for (const Element* v : values) {
        if (!v->is_resource) return Decision::kUndecided;
        found = found || v->resource_type() == want;
      }
      if (!found) return Decision::kNoMatch;
      continue;
    }
    if (d.type == "profile") {
      if (!at) return Decision::kUndecided;
      std::vector<const Profile*> profiles;
      for (const TypeRef& t : at.rule().types) {
        for (const std::string& url : t.profiles) {
          if (const Profile* p = registry_.FindProfile(url)) profiles.push_back(p);
        }
      }
      if (profiles.empty()) return Decision::kUndecided;
      bool found = false;
      for (const Element* v : values) {
        for (const Profile* p : profiles) found = found || Conforms(*v, *p);
      }
      if (!found) return Decision::kNoMatch;
      continue;
    }
    if (d.type != "value" && d.type != "pattern") return Decision::kUndecided;
    // Extension slices name their extension by type profile rather than a fixed url.
    if (d.path == "url" && !s.types.empty() && !s.types[0].profiles.empty()) {
      std::string_view want = s.types[0].profiles[0];
      want = want.substr(0, want.find('|'));
      bool found = false;
      for (const Element* v : values) found = found || v->value == want;
      if (!found) return Decision::kNoMatch;
      continue;
    }
    // Each expected value, and whether it is fixed (matched exactly) or a pattern.
    if (plan.expected.empty()) return Decision::kUndecided;
    bool found = false;
    for (const Element* v : values) {
      for (const auto& [want, exact] : plan.expected) {
        found = found || (exact ? MatchesFixed(*v, *want) : MatchesPattern(*v, *want));
      }
    }
    if (!found) return Decision::kNoMatch;
  }
  return Decision::kMatch;
}

ElementWalker::SliceDecision ElementWalker::ResolvedMatch(const Element& item, const ElementRule& owner, ElementRef slice,
                                                          std::string_view item_type, const Discriminator& d) {
  if (d.type != "type" && d.type != "profile") return Decision::kUndecided;
  // The reference's rule in the slice names the allowed targets.
  const std::string_view prefix = d.path == "resolve()" ? std::string_view("$this")
                                                        : std::string_view(d.path).substr(0, d.path.size() - 10);
  ElementRef at = RuleBelow(registry_, slice, SplitPath(prefix));
  if (!at) return Decision::kUndecided;
  std::vector<const Profile*> targets;
  for (const TypeRef& t : at.rule().types) {
    for (const std::string& url : t.target_profiles) {
      if (const Profile* p = registry_.FindProfile(url)) targets.push_back(p);
    }
  }
  if (targets.empty()) return Decision::kUndecided;
  std::string_view key = !owner.children.empty() ? std::string_view(owner.path) : item_type;
  std::optional<fhirpath::Collection> resolved = EvaluateAt(d.path, item, key, nullptr);
  // A target outside the resource and its Bundle cannot be looked at: nothing is claimed.
  if (!resolved || resolved->empty()) return Decision::kUndecided;
  for (const fhirpath::Item& r : *resolved) {
    if (!r.is_node() || !r.node->is_resource) continue;
    for (const Profile* p : targets) {
      if (d.type == "type" ? (p->type == r.node->resource_type() || p->type == "Resource") : Conforms(*r.node, *p)) {
        return Decision::kMatch;
      }
    }
  }
  return Decision::kNoMatch;
}

void ElementWalker::Sliced(const Element& holder, const fhir::Property& p, ElementRef base, std::string_view type_code,
                           int depth) {
  NotRepeatable();  // discriminators may resolve references and walk profiles from here
  const ElementRule& rule = base.rule();
  const std::vector<uint32_t>& slices = rule.slices;
  std::vector<uint32_t> counts(slices.size(), 0);
  std::vector<bool> undecided(slices.size(), false);
  for (uint32_t k = 0; k < p.size; ++k) {
    const Element& item = p.items[k];
    if (p.is_array) path_.back().index = static_cast<int32_t>(k);
    int chosen = -1;
    bool any_undecided = false;
    for (size_t i = 0; i < slices.size() && chosen < 0; ++i) {
      Decision d = SliceMatch(item, rule, ElementRef{base.profile, slices[i]}, type_code);
      if (d == Decision::kMatch) chosen = static_cast<int>(i);
      if (d == Decision::kUndecided) {
        undecided[i] = true;
        any_undecided = true;
      }
    }
    if (chosen < 0) {
      if (rule.slicing && rule.slicing->rules == "closed" && !any_undecided) {
        Report(Severity::kError, IssueType::kStructure, item.offset, "slice-none-matches-closed",
               Concat(rule.path, ": this item matches none of the slices, and the slicing is closed"));
      }
      Node(item, base, type_code, depth + 1);
      continue;
    }
    ++counts[static_cast<size_t>(chosen)];
    ElementRef slice{base.profile, slices[static_cast<size_t>(chosen)]};
    const ElementRule& s = slice.rule();
    // An extension slice is checked against its extension's own definition.
    const Profile* extension = nullptr;
    if (type_code == "Extension" && !s.types.empty() && !s.types[0].profiles.empty()) {
      extension = registry_.FindProfile(s.types[0].profiles[0]);
    }
    if (extension != nullptr) {
      Node(item, ElementRef{extension, 0}, "Extension", depth + 1);
    } else {
      Node(item, slice, type_code, depth + 1);
    }
  }
  path_.back().index = -1;
  Segment self = path_.back();
  path_.pop_back();  // slice cardinality is reported on the holding element
  for (size_t i = 0; i < slices.size(); ++i) {
    const ElementRule& s = base.profile->elements[slices[i]];
    if (counts[i] < s.min && !undecided[i]) {
      Report(Severity::kError, IssueType::kStructure, holder.offset, "slice-min",
             Concat("Slice '", s.id, "': a matching slice is required, but not found (min ", s.min, ", found ", counts[i], ")"));
    } else if (counts[i] < s.min) {
      Report(Severity::kInformation, IssueType::kInformational, holder.offset, "slice-not-evaluated",
             Concat("Slice '", s.id, "' could not be evaluated (its discriminator is not supported yet)"));
    }
    if (counts[i] > s.max) {
      Report(Severity::kError, IssueType::kStructure, holder.offset, "slice-max",
             Concat(s.id, ": max allowed = ", s.max, ", but found ", counts[i]));
    }
  }
  path_.push_back(self);
}

}  // namespace conformance
