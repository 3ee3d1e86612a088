// File: mappers/patient_mapper.cc
// PatientRecord -> Patient (mCODE CancerPatient, on US Core Patient).
#include "mappers/mappers.h"
#include "mappers/profiles.h"

namespace mappers {
namespace {

// US Core race / ethnicity: an OMB category coding plus the required text.
void AddOmbExtension(RecordContext& cx, fhir::Node& patient, std::string_view url, std::string_view map,
                     const v1::LocalCode& local, std::string_view field) {
  if (local.code().empty()) return;
  std::optional<fhir::Node> coding = cx.Coding(map, local.code(), field, false);
  if (!coding) return;
  fhir::Node ext;
  ext.Set("url", url);
  fhir::Node category;
  category.Set("url", "ombCategory").Put("valueCoding", std::move(*coding));
  ext.Add("extension", std::move(category));
  fhir::Node text;
  text.Set("url", "text").Set("valueString", local.display().empty() ? local.code() : local.display());
  ext.Add("extension", std::move(text));
  patient.Add("extension", std::move(ext));
}

}  // namespace

void MapPatient(const v1::PatientRecord& r, RecordContext& cx) {
  if (r.mrn().empty()) cx.Error("mrn", "record-field-missing", "mrn (the medical record number) is required");
  if (r.family_name().empty() && r.given_names().empty()) {
    cx.Error("family_name", "record-field-missing", "a patient needs a family or a given name");
  }
  const StandardCode* gender = cx.Code("sex", r.administrative_sex(), "administrative_sex", true);
  std::optional<std::string> birth = cx.Date(r.birth_date(), "birth_date", false);
  std::optional<std::string> died = cx.Date(r.deceased_date(), "deceased_date", false);
  if (birth && died && *died < *birth) cx.Error("deceased_date", "record-date-order", "deceased_date is before birth_date");
  if (cx.failed()) return;

  MappedResource& out = cx.Add("Patient", profiles::kCancerPatient);
  fhir::Node& p = out.resource;
  AddOmbExtension(cx, p, profiles::kUsCoreRace, "race", r.race(), "race");
  AddOmbExtension(cx, p, profiles::kUsCoreEthnicity, "ethnicity", r.ethnicity(), "ethnicity");
  fhir::Node mrn;
  mrn.Put("type", SingleCoding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"));
  mrn.Set("system", fhir::Concat(cx.source().system(), ":mrn")).Set("value", r.mrn());
  p.Add("identifier", std::move(mrn));
  RecordContext::Trace(out, "Patient.identifier", "mrn");
  fhir::Node name;
  name.Set("use", "official");
  if (!r.family_name().empty()) name.Set("family", r.family_name());
  for (const std::string& g : r.given_names()) name.AddString("given", g);
  p.Add("name", std::move(name));
  RecordContext::Trace(out, "Patient.name", "family_name");
  if (!r.phone().empty()) {
    fhir::Node t;
    t.Set("system", "phone").Set("value", r.phone());
    p.Add("telecom", std::move(t));
  }
  if (!r.email().empty()) {
    fhir::Node t;
    t.Set("system", "email").Set("value", r.email());
    p.Add("telecom", std::move(t));
  }
  RecordContext::Trace(out, "Patient.telecom", "phone");
  p.Set("gender", gender->code);
  RecordContext::Trace(out, "Patient.gender", "administrative_sex");
  if (birth) p.Set("birthDate", *birth);
  RecordContext::Trace(out, "Patient.birthDate", "birth_date");
  if (died) {
    p.Set("deceasedDateTime", *died);
  } else if (r.deceased()) {
    p.SetBool("deceasedBoolean", true);
  }
  RecordContext::Trace(out, "Patient.deceased", "deceased");
  if (!r.address_line().empty() || !r.city().empty() || !r.postal_code().empty()) {
    fhir::Node a;
    if (!r.address_line().empty()) a.AddString("line", r.address_line());
    if (!r.city().empty()) a.Set("city", r.city());
    if (!r.state().empty()) a.Set("state", r.state());
    if (!r.postal_code().empty()) a.Set("postalCode", r.postal_code());
    p.Add("address", std::move(a));
    RecordContext::Trace(out, "Patient.address", "address_line");
  }
}

}  // namespace mappers
