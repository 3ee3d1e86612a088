// File: mappers/bundles.cc
#include "mappers/bundles.h"

#include "fhir/text.h"

#include <map>
#include <set>

#include "mappers/profiles.h"
#include "mappers/stable_id.h"

namespace mappers {

std::vector<PatientBundle> BuildPatientBundles(const std::vector<RecordResult>& results, BundleKind kind,
                                               std::string_view base_url) {
  // Patients in order of first appearance; the patient's own resource first in its Bundle.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const MappedResource*>> by_patient;
  for (const RecordResult& r : results) {
    if (r.rejected) continue;
    if (!by_patient.contains(r.patient_record_id)) order.push_back(r.patient_record_id);
    auto& list = by_patient[r.patient_record_id];
    for (const MappedResource& m : r.resources) {
      if (m.type == "Patient") {
        list.insert(list.begin(), &m);
      } else {
        list.push_back(&m);
      }
    }
  }
  std::vector<PatientBundle> out;
  for (const std::string& patient : order) {
    PatientBundle pb;
    pb.patient_record_id = patient;
    fhir::Node& b = pb.bundle = fhir::Node::Resource("Bundle");
    b.Set("id", StableId("urn:fhirgw", kind == BundleKind::kCollection ? "bundle" : "transaction", patient));
    if (kind == BundleKind::kCollection) b.Child("meta").AddString("profile", profiles::kPatientBundle);
    b.Set("type", kind == BundleKind::kCollection ? "collection" : "transaction");
    std::set<std::string> seen;
    for (const MappedResource* m : by_patient[patient]) {
      if (!seen.insert(fhir::Concat(m->type, "/", m->id)).second) continue;
      fhir::Node entry;
      entry.Set("fullUrl", fhir::Concat(base_url, "/", m->type, "/", m->id));
      entry.Put("resource", m->resource);
      if (kind == BundleKind::kTransaction) {
        fhir::Node request;
        request.Set("method", "PUT");
        request.Set("url", m->identifier_value.empty()
                               ? fhir::Concat(m->type, "/", m->id)
                               : fhir::Concat(m->type, "?identifier=", m->identifier_system, "|", m->identifier_value));
        entry.Put("request", std::move(request));
      }
      b.Add("entry", std::move(entry));
      ++pb.entries;
    }
    out.push_back(std::move(pb));
  }
  return out;
}

}  // namespace mappers
