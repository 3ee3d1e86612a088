// File: conformance/element_checks.cc
// ElementWalker's checks of one element against one rule: references, bindings (with code
// format checks for LOINC and SNOMED CT, whose code systems are not shipped), fixed and pattern.
#include <cctype>
#include <charconv>

#include <optional>

#include "conformance/code_formats.h"
#include "conformance/fhirpath/ucum.h"
#include "conformance/element_walker.h"
#include "conformance/value_match.h"
#include "conformance/primitive_rules.h"
#include "fhir/json_number.h"
#include "fhir/text.h"
#include "absl/container/inlined_vector.h"

namespace conformance {
namespace {

using fhir::Append;
using fhir::Concat;
using fhir::Element;
using fhir::IssueType;
using fhir::Severity;

const TypeRef* ReferenceType(const ElementRule& rule) {
  for (const TypeRef& t : rule.types) {
    if (fhir::EqualsLiteral(t.code, "Reference")) return &t;
  }
  return nullptr;
}

}  // namespace

void ElementWalker::FixedAndPattern(const Element& e, const ElementRule& rule) {
  if (rule.fixed != nullptr && !rule.fixed->has_value() && rule.fixed->property_count != 0) {
    FixedComplex(e, *rule.fixed, rule);
  } else if (rule.fixed != nullptr && !MatchesFixed(e, *rule.fixed)) {
    Report(Severity::kError, IssueType::kValue, e.offset, "fixed-value-mismatch",
           Concat(rule.path, ": the value must be exactly the fixed ", rule.fixed_type,
                  rule.fixed->has_value() ? Concat(" '", rule.fixed->value, "'") : std::string()));
  }
  if (rule.pattern != nullptr && !MatchesPattern(e, *rule.pattern)) {
    Report(Severity::kError, IssueType::kValue, e.offset, "pattern-mismatch",
           Concat(rule.path, ": the value does not match the required pattern ", rule.pattern_type,
                  rule.pattern->has_value() ? Concat(" '", rule.pattern->value, "'") : std::string()));
  }
}

void ElementWalker::Reference(const Element& ref, const ElementRule& rule) {
  // Format problems are the base walk's; a profile walk checks only the target types it narrows.
  const bool report_format = mode_ == Mode::kBase;
  const Element* ref_value = ref.First("reference");
  const std::string_view target = ref_value != nullptr ? ref_value->value : std::string_view();
  if (target.empty()) return;  // identifier- or display-only references are allowed
  std::string_view referenced_type;
  const Element* target_resource = nullptr;  // when it resolves here (contained, or in the Bundle)
  if (target.starts_with("#")) {
    NotRepeatable();  // looked up among the enclosing resources' contained resources
    std::string_view id = target.substr(1);
    const Element* found = nullptr;
    for (auto it = resources_.rbegin(); it != resources_.rend() && found == nullptr; ++it) {
      if (const fhir::Property* contained = (*it)->Find("contained")) {
        for (const Element& c : contained->elements()) {
          if (c.ValueOf("id") == id) found = &c;
        }
      }
      if (id.empty()) found = *it;  // "#" refers to the containing resource
    }
    if (found == nullptr) {
      if (!report_format) return;
      Report(Severity::kError, IssueType::kStructure, ref_value->offset, "reference-contained-not-found",
             Concat("no contained resource has the id '", id, "'"));
      return;
    }
    referenced_type = found->resource_type();
    target_resource = found;
  } else if (target.starts_with("urn:uuid:") || target.starts_with("urn:oid:")) {
    NotRepeatable();  // resolved in the enclosing Bundle
    if (const Element* found = ResolveInBundle(target)) referenced_type = found->resource_type();
  } else if (target.find("://") == std::string_view::npos) {
    // Relative: Type/id or Type/id/_history/version.
    size_t slash = target.find('/');
    referenced_type = target.substr(0, slash);
    std::string_view rest = slash == std::string_view::npos ? std::string_view() : target.substr(slash + 1);
    std::string_view id = rest.substr(0, rest.find('/'));
    const Profile* type = registry_.BaseType(referenced_type);
    if (slash == std::string_view::npos || id.empty() || type == nullptr || !fhir::EqualsLiteral(type->kind, "resource")) {
      // The HL7 validator warns here too: such a reference may be meaningful to its server.
      if (!report_format) return;
      Report(Severity::kWarning, IssueType::kStructure, ref_value->offset, "reference-format",
             Concat("'", target, "' is not a valid reference (Type/id, an absolute URL or #contained)"));
      return;
    }
  } else {
    // Absolute: the type is the segment before the id when the URL follows the REST pattern.
    size_t last = target.rfind('/');
    size_t before = last == std::string_view::npos ? last : target.rfind('/', last - 1);
    if (before != std::string_view::npos) {
      std::string_view candidate = target.substr(before + 1, last - before - 1);
      if (registry_.BaseType(candidate) != nullptr) referenced_type = candidate;
    }
  }
  // In a document, what the Composition references must be in the Bundle (a message, by
  // contrast, may refer to resources it does not carry).
  // (Whether there is a Bundle at all is part of a memo key: see ElementWalker::Node.)
  if (!target.starts_with("#") && !bundles_.empty()) {
    NotRepeatable();  // resolved in the enclosing Bundle
    const Element* found = ResolveInBundle(target);
    if (found != nullptr && !referenced_type.empty() && found->resource_type() != referenced_type) {
      if (report_format) {
        Report(Severity::kError, IssueType::kStructure, ref_value->offset, "reference-type-mismatch",
               Concat("the reference ", target, " resolves in the Bundle to a ", found->resource_type()));
      }
      return;
    }
    if (found != nullptr) {
      referenced_type = found->resource_type();
      target_resource = found;
      // Versions of one resource may share a fullUrl (bdl-7); a reference without a version
      // then names more than one entry. History Bundles list versions and nothing else.
      if (report_format && bundles_.back()->type != "history" && target.find("/_history/") == std::string_view::npos &&
          HasOtherVersions(*found)) {
        Report(Severity::kError, IssueType::kMultipleMatches, ref_value->offset, "reference-ambiguous",
               Concat("the reference ", target, " matches more than one entry of the Bundle (versions sharing a fullUrl);"
                      " give the version (.../_history/n)"));
      }
    } else if (report_format && bundles_.back()->type == "document" && InDocumentComposition()) {
      Report(Severity::kError, IssueType::kNotFound, ref_value->offset, "reference-not-in-bundle",
             Concat("can't find '", target, "' in the document bundle"));
      return;
    }
  }
  const TypeRef* t = ReferenceType(rule);
  if (referenced_type.empty() || t == nullptr || t->target_profiles.empty()) return;
  // The type must be one the target profiles are for; a target at hand must also conform to
  // one of the profiles of its type (a base type's definition asks nothing more). Profiles that
  // are not loaded leave the question open: that is reported instead of a verdict.
  absl::InlinedVector<const Profile*, 4> of_type;
  absl::InlinedVector<std::string_view, 2> unknown;
  absl::InlinedVector<const Profile*, 4> known;  // for the message
  for (size_t i = 0; i < t->target_profiles.size(); ++i) {
    const std::string& tp = t->target_profiles[i];
    const Profile* p = i < t->target_profile_defs.size() ? t->target_profile_defs[i] : nullptr;
    if (p == nullptr) p = registry_.FindProfile(tp);
    if (p == nullptr) {
      unknown.push_back(tp);
      continue;
    }
    if (fhir::EqualsLiteral(p->type, "Resource")) return;
    if (p->type == referenced_type) of_type.push_back(p);
    known.push_back(p);
  }
  std::string names;
  for (const Profile* p : of_type) {
    if (p->IsBaseType() || target_resource == nullptr || TargetConforms(*target_resource, *p)) return;
    fhir::Append(&names, names.empty() ? "" : ", ", p->url);
  }
  if (!unknown.empty()) {
    const bool known_gap = DependencyNotLoaded();
    std::string listed;
    for (std::string_view u : unknown) fhir::Append(&listed, listed.empty() ? "" : ", ", u);
    Report(known_gap ? Severity::kWarning : Severity::kError, IssueType::kNotFound, ref_value->offset,
           "reference-target-profile-unknown",
           Concat("the target profile ", listed, " is not loaded, so the target cannot be checked",
                  known_gap ? " (a package this profile's package depends on is not loaded)" : ""));
    return;
  }
  if (of_type.empty()) {
    if (target_resource != nullptr) {
      Report(Severity::kError, IssueType::kStructure, ref_value->offset, "reference-wrong-type",
             Concat("a reference to ", referenced_type, " is not allowed here"));
      return;
    }
    // Not at hand: only the URL says what the target is (see ValidationOptions).
    std::string allowed;
    for (const Profile* p : known) fhir::Append(&allowed, allowed.empty() ? "" : ", ", p->type);
    Report(assume_valid_rest_references_ ? Severity::kError : Severity::kWarning, IssueType::kStructure,
           ref_value->offset, "reference-wrong-type",
           Concat("the type '", referenced_type, "' implied by the reference URL ", target,
                  " is not an allowed target here (must be one of ", allowed, ")",
                  assume_valid_rest_references_ ? "" : "; the target is not at hand, so this is not taken as an error"));
    return;
  }
  Report(Severity::kError, IssueType::kStructure, ref_value->offset, "reference-target-profile",
         Concat("the target of ", target, " does not conform to ", of_type.size() > 1 ? "any of " : "", names));
}

void ElementWalker::Range(const Element& e, const ElementRule& rule, std::string_view type_code) {
  if (!e.has_value()) return;
  const bool numeric = ExpectedKind(type_code) == fhir::ValueKind::kNumber;
  auto number = [](std::string_view s) {
    double v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);  // no exceptions; out of range stays 0
    return v;
  };
  auto less = [&](std::string_view a, std::string_view b) {
    // Numbers compare by value; dates, times and instants of one precision compare as text.
    return numeric ? number(a) < number(b) : a < b;
  };
  if (numeric && fhir::CheckJsonNumber(e.value) != fhir::JsonNumberError::kNone) return;
  if (!rule.min_value.empty() && less(e.value, rule.min_value)) {
    Report(Severity::kError, IssueType::kValue, e.offset, "value-below-minimum",
           Concat("the value ", e.value, " is less than the minimum ", rule.min_value));
  }
  if (!rule.max_value.empty() && less(rule.max_value, e.value)) {
    Report(Severity::kError, IssueType::kValue, e.offset, "value-above-maximum",
           Concat("the value ", e.value, " is greater than the maximum ", rule.max_value));
  }
}

void ElementWalker::FixedComplex(const Element& e, const Element& fixed, const ElementRule& rule) {
  // Each part is reported where it is: one that the fixed value does not have, one that differs
  // from it, and (on the element) one that it has and the instance lacks.
  for (const fhir::Property& p : e.props()) {
    const fhir::Property* want = fixed.Find(p.name);
    bool same = want != nullptr && want->size == p.size;
    for (uint32_t k = 0; same && k < p.size; ++k) same = MatchesFixed(p.items[k], want->items[k]);
    if (same) continue;
    path_.push_back({p.name, -1, {}, nullptr});
    Report(Severity::kError, IssueType::kValue, p.offset, "fixed-value-mismatch",
           want == nullptr ? Concat(rule.path, ": '", p.name, "' is present, but the fixed ", rule.fixed_type, " has none")
                           : Concat(rule.path, ": '", p.name, "' differs from the fixed ", rule.fixed_type));
    path_.pop_back();
  }
  for (const fhir::Property& p : fixed.props()) {
    if (e.Find(p.name) != nullptr) continue;
    Report(Severity::kError, IssueType::kValue, e.offset, "fixed-value-mismatch",
           Concat(rule.path, ": '", p.name, "' is missing, but the fixed ", rule.fixed_type, " has it"));
  }
}

void ElementWalker::ValueControls(const Element& e, const ElementRule& rule) {
  if (rule.must_have_value) {
    Report(Severity::kError, IssueType::kRequired, e.offset, "value-required",
           Concat(rule.path, ": the profile requires a value here (extensions alone are not enough)"));
    return;
  }
  if (const fhir::Property* extensions = e.Find("extension")) {
    for (const Element& x : extensions->elements()) {
      for (const std::string& alternative : rule.value_alternatives) {
        if (x.ValueOf("url") == alternative) return;
      }
    }
  }
  std::string allowed;
  for (const std::string& a : rule.value_alternatives) fhir::Append(&allowed, allowed.empty() ? "" : ", ", a);
  Report(Severity::kError, IssueType::kRequired, e.offset, "value-alternative-missing",
         Concat(rule.path, ": without a value, the profile requires one of the extensions ", allowed));
}

bool ElementWalker::DependencyNotLoaded() const {
  const Profile* p = profile_url_.empty() ? nullptr : registry_.FindProfile(profile_url_);
  return p != nullptr && registry_.DependenciesMissing(p->package);
}

bool ElementWalker::TargetConforms(const Element& target, const Profile& profile) {
  // A resource cited many times (a Bundle's Patient) is checked against a profile once.
  auto [it, fresh] = target_conforms_.try_emplace({&target, &profile}, true);
  if (fresh) it->second = Conforms(target, profile);
  return it->second;
}

void ElementWalker::QuantityRange(const Element& q, const ElementRule& rule) {
  auto number = [](std::string_view s) -> std::optional<double> {
    double v = 0;
    if (s.empty() || fhir::CheckJsonNumber(s) != fhir::JsonNumberError::kNone) return std::nullopt;
    if (std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc()) return std::nullopt;
    return v;
  };
  const std::optional<double> value = number(q.ValueOf("value"));
  if (!value) return;
  const std::string_view unit = q.ValueOf("code");
  for (const bool is_min : {true, false}) {
    const Element* limit = is_min ? rule.min_quantity : rule.max_quantity;
    if (limit == nullptr) continue;
    const std::optional<double> bound = number(limit->ValueOf("value"));
    if (!bound) continue;
    const std::string_view limit_unit = limit->ValueOf("code");
    std::optional<double> v = value;
    if (unit != limit_unit) v = fhirpath::ConvertUnit(*value, unit, limit_unit);
    const std::string shown = Concat(q.ValueOf("value"), " ", unit.empty() ? q.ValueOf("unit") : unit);
    const std::string limit_shown = Concat(limit->ValueOf("value"), " ", limit_unit);
    if (!v) {
      Report(Severity::kWarning, IssueType::kValue, q.offset, "quantity-unit-not-comparable",
             Concat("the value ", shown, " cannot be compared with the ", is_min ? "minimum " : "maximum ",
                    limit_shown, ": the units do not convert"));
    } else if (is_min ? *v < *bound : *v > *bound) {
      Report(Severity::kError, IssueType::kValue, q.offset, is_min ? "value-below-minimum" : "value-above-maximum",
             Concat("the value ", shown, " is ", is_min ? "less than the minimum " : "greater than the maximum ",
                    limit_shown, unit != limit_unit ? " (after UCUM conversion)" : ""));
    }
  }
}

void ElementWalker::CodeFormat(const Element& coding) {
  // One pass over the Coding's properties (this runs for every Coding; each look-up by name
  // was a scan of its own). Find() semantics: the first property of a name, its first item.
  const Element* system_item = nullptr;
  const Element* code_item = nullptr;
  const Element* display = nullptr;
  for (const fhir::Property& p : coding.props()) {
    if (p.size == 0) continue;
    if (fhir::EqualsLiteral(p.name, "system")) {
      if (system_item == nullptr) system_item = &p.items[0];
    } else if (fhir::EqualsLiteral(p.name, "code")) {
      if (code_item == nullptr) code_item = &p.items[0];
    } else if (fhir::EqualsLiteral(p.name, "display")) {
      if (display == nullptr) display = &p.items[0];
    }
  }
  const std::string_view system = system_item != nullptr ? system_item->value : std::string_view();
  const std::string_view code = code_item != nullptr ? code_item->value : std::string_view();
  if (code.empty()) return;
  const bool loinc = system == kLoincSystem;
  if ((loinc && !IsValidLoincCode(code)) || (system == kSnomedSystem && !IsValidSnomedCode(code))) {
    Report(Severity::kError, IssueType::kCodeInvalid, code_item->offset, loinc ? "code-loinc-format" : "code-snomed-format",
           Concat("'", code, "' is not a valid ", loinc ? "LOINC code (check digit)" : "SNOMED CT concept id (Verhoeff check digit)"));
  }
  if (system == kMimeTypeSystem && !IsValidMimeType(code)) {
    Report(Severity::kError, IssueType::kCodeInvalid, code_item->offset, "code-mimetype-format",
           Concat("'", code, "' is not a media type (type/subtype[; parameter=value], RFC 6838)"));
  }
  if (display != nullptr && !system.empty()) Display(system, code, *display);
}

void ElementWalker::Display(std::string_view system, std::string_view code, const Element& display) {
  // Only where the code system is here, complete, and defines the code with a display.
  const CodeSystemInfo* cs = registry_.terminology().FindCodeSystem(system);
  if (cs == nullptr || !fhir::EqualsLiteral(cs->content, "complete")) return;
  auto it = cs->display.find(code);
  if (it == cs->display.end() || it->second.empty() || SameDisplay(display.value, it->second)) return;
  std::string valid = Concat("'", it->second, "'");
  if (auto d = cs->designations.find(it->first); d != cs->designations.end()) {
    for (const std::string& other : d->second) {
      if (SameDisplay(display.value, other)) return;
      Append(&valid, " or '", other, "'");
    }
  }
  path_.push_back({"display", -1, {}, nullptr});
  Report(wrong_display_is_error_ ? Severity::kError : Severity::kWarning, IssueType::kCodeInvalid, display.offset,
         "code-display-wrong",
         Concat("wrong display '", display.value, "' for ", cs->url, "#", it->first, ": it should be ", valid));
  path_.pop_back();
}

void ElementWalker::NoteBoundCoding(const Element& coding, const ElementRule& rule) {
  // (A subtree skipped as clean notes nothing: the Validator walks again without skipping
  // when it needs the notes, see Validator::Validate.)
  if (bound_codings_ != nullptr) bound_codings_->push_back({&coding, &rule.binding_value_set});
}

void ElementWalker::Binding(const Element& e, const ElementRule& rule, std::string_view type_code) {
  if (rule.binding_strength == BindingStrength::kRequired || rule.binding_strength == BindingStrength::kExtensible) {
    BindingTo(e, rule, type_code, rule.binding_value_set, rule.binding_strength == BindingStrength::kRequired, {});
  }
  for (const ElementRule::AdditionalBinding& b : rule.additional_bindings) {
    BindingTo(e, rule, type_code, b.value_set, b.purpose == "required" || b.purpose == "maximum", b.purpose);
  }
}

void ElementWalker::BindingTo(const Element& e, const ElementRule& rule, std::string_view type_code,
                              const std::string& value_set, bool required, std::string_view additional) {
  const Terminology& terms = registry_.terminology();
  // The codes are judged as they are found (no list of results: this runs for every coded
  // element): one member settles it; else an undecidable code makes it "not checked".
  size_t judged = 0;
  bool member = false;
  bool unknown = false;
  std::string reason;
  uint32_t first_offset = e.offset;
  auto judge = [&](std::string_view system, std::string_view code, uint32_t offset) {
    if (member) return;
    if (judged++ == 0) first_offset = offset;
    MembershipResult r = terms.Contains(value_set, system, code);
    member = r.membership == Membership::kMember;
    if (r.membership == Membership::kUnknown) {
      unknown = true;
      reason = std::move(r.reason);
    }
  };
  // Codings are noted for their displays under the element's own binding only.
  auto note = [&](const Element& coding) {
    if (additional.empty()) NoteBoundCoding(coding, rule);
  };
  if (fhir::EqualsLiteral(type_code, "code") || fhir::EqualsLiteral(type_code, "string") || fhir::EqualsLiteral(type_code, "uri")) {
    if (!e.has_value()) return;
    judge({}, e.value, e.offset);
  } else if (fhir::EqualsLiteral(type_code, "Coding")) {
    std::string_view code = e.ValueOf("code");
    if (code.empty()) return;
    note(e);
    judge(e.ValueOf("system"), code, e.offset);
  } else if (fhir::EqualsLiteral(type_code, "CodeableConcept")) {
    if (const fhir::Property* codings = e.Find("coding")) {
      for (const Element& c : codings->elements()) {
        std::string_view code = c.ValueOf("code");
        if (code.empty()) continue;
        note(c);
        judge(c.ValueOf("system"), code, c.offset);
      }
    }
  } else {
    return;  // Quantity units and others: not bound here
  }
  if (judged == 0 || member) return;
  if (unknown) {
    if (mode_ == Mode::kBase || required) {
      Report(Severity::kInformation, IssueType::kInformational, e.offset, "binding-not-checked",
             Concat("the code could not be checked against ", value_set, ": ", reason));
    }
    return;
  }
  if (!additional.empty()) {
    Report(required ? Severity::kError : Severity::kWarning, IssueType::kCodeInvalid, first_offset,
           "binding-additional",
           Concat("no code is in the value set ", value_set, ", of an additional binding (purpose ", additional, ")"));
    return;
  }
  Report(required ? Severity::kError : Severity::kWarning, IssueType::kCodeInvalid, first_offset,
         required ? "binding-required" : "binding-extensible",
         Concat("the code is not in the value set ", value_set, required ? " (required binding)" : " (extensible binding)"));
}

}  // namespace conformance
