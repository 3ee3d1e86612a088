// File: fhir/json_companions.cc
// JsonTreeBuilder's handling of FHIR JSON's primitive companions: `name` and `_name` merged into
// one element, array holes aligned, and every mismatch reported.
#include "fhir/json_tree_builder.h"
#include "fhir/text.h"

namespace fhir {

void JsonTreeBuilder::MergeCompanions(size_t base, size_t end, bool any_companion) {
  for (size_t i = base; i < end && any_companion; ++i) {
    RawProperty& companion = s_.properties[i];
    if (!companion.is_companion || companion.dropped) continue;
    RawProperty* primary = nullptr;
    for (size_t j = base; j < end; ++j) {
      RawProperty& other = s_.properties[j];
      if (!other.is_companion && !other.dropped && other.name == companion.name) primary = &other;
    }
    s_.path.push_back({companion.name, -1});
    for (uint32_t k = 0; k < companion.size; ++k) {
      const Element& item = companion.items[k];
      if (item.has_value() || item.is_resource) {
        if (companion.is_array) s_.path.back().index = static_cast<int32_t>(k);
        AddIssue(Severity::kError, IssueType::kStructure, item.offset, "json-companion-not-object",
                 Concat("'_", companion.name, "' must hold objects with id and extension"));
        s_.path.back().index = -1;
      }
    }
    // A lone `_name` stays as it is: a primitive property whose items carry no value.
    if (primary != nullptr) MergeInto(*primary, companion);
    s_.path.pop_back();
  }
  for (size_t i = base; i < end; ++i) {
    RawProperty& prop = s_.properties[i];
    if (!prop.dropped && prop.has_null) {
      s_.path.push_back({prop.name, -1});
      ReportNullHoles(prop);
      s_.path.pop_back();
    }
  }
}

void JsonTreeBuilder::MergeInto(RawProperty& primary, RawProperty& companion) {
  companion.dropped = true;
  primary.merged = true;
  if (primary.is_array != companion.is_array || primary.size != companion.size) {
    AddIssue(Severity::kError, IssueType::kStructure, companion.offset, "json-companion-mismatch",
             Concat("'", companion.name, "' and '_", companion.name,
                    "' must both be single values or arrays of the same length"));
    return;
  }
  for (uint32_t k = 0; k < primary.size; ++k) {
    Element& target = primary.items[k];
    const Element& extra = companion.items[k];
    if (extra.is_null) continue;  // the value alone is fine; a double null is reported later
    if (target.property_count != 0) {
      if (primary.is_array) s_.path.back().index = static_cast<int32_t>(k);
      AddIssue(Severity::kError, IssueType::kStructure, extra.offset, "json-companion-on-complex",
               Concat("'_", companion.name, "' is only allowed beside primitive values"));
      s_.path.back().index = -1;
      continue;
    }
    target.properties = extra.properties;
    target.property_count = extra.property_count;
    target.length = 0;  // its content is no longer its own text (an empty object's "{}")
    if (target.is_null) {
      target.is_null = false;
      target.offset = extra.offset;
    }
  }
}

void JsonTreeBuilder::ReportNullHoles(const RawProperty& prop) {
  for (uint32_t k = 0; k < prop.size; ++k) {
    const Element& item = prop.items[k];
    if (!item.is_null) continue;
    s_.path.back().index = static_cast<int32_t>(k);
    AddIssue(Severity::kError, IssueType::kStructure, item.offset, "json-null",
             "null is only allowed in a primitive array when the matching '_' entry is not null");
  }
  s_.path.back().index = -1;
}

}  // namespace fhir
