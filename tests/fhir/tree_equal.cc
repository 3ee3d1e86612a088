// File: tests/fhir/tree_equal.cc
#include "tests/fhir/tree_equal.h"

namespace fhir::testing {
namespace {

std::string Diff(const Element& a, const Element& b, const std::string& path) {
  if (a.is_resource != b.is_resource || a.resource_type() != b.resource_type()) {
    return path + ": resourceType " + std::string(a.resource_type()) + " vs " + std::string(b.resource_type());
  }
  if (a.kind != b.kind || a.value != b.value) {
    return path + ": value '" + std::string(a.value) + "' vs '" + std::string(b.value) + "'";
  }
  if (a.property_count != b.property_count) {
    return path + ": " + std::to_string(a.property_count) + " vs " + std::to_string(b.property_count) + " properties";
  }
  for (uint32_t i = 0; i < a.property_count; ++i) {
    const Property& pa = a.properties[i];
    const Property& pb = b.properties[i];
    std::string at = path + "." + std::string(pa.name);
    if (pa.name != pb.name) return at + ": name vs " + std::string(pb.name);
    if (pa.size != pb.size) return at + ": " + std::to_string(pa.size) + " vs " + std::to_string(pb.size) + " items";
    if (pa.is_array != pb.is_array) return at + ": array flag differs";
    if (pa.is_primitive != pb.is_primitive) return at + ": primitive flag differs";
    for (uint32_t k = 0; k < pa.size; ++k) {
      std::string d = Diff(pa.items[k], pb.items[k], at + "[" + std::to_string(k) + "]");
      if (!d.empty()) return d;
    }
  }
  return "";
}

}  // namespace

std::string TreeDifference(const Element& a, const Element& b) { return Diff(a, b, "$"); }

}  // namespace fhir::testing
