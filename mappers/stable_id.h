// File: mappers/stable_id.h
// Deterministic resource ids: a UUID version 5 (RFC 4122, SHA-1 name-based) over the source
// system, the record kind and the record id, so that translating the same record again gives
// the same ids and a resubmission updates instead of duplicating.
#ifndef FHIRGW_MAPPERS_STABLE_ID_H_
#define FHIRGW_MAPPERS_STABLE_ID_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mappers {

// SHA-1 of `data` (FIPS 180-4).
std::array<uint8_t, 20> Sha1(std::string_view data);

// "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" for the name "<system>|<kind>|<record id>" in fhirgw's
// namespace. `part` distinguishes several resources made from one record ("goal:g1").
std::string StableId(std::string_view source_system, std::string_view kind, std::string_view record_id,
                     std::string_view part = {});

}  // namespace mappers

#endif  // FHIRGW_MAPPERS_STABLE_ID_H_
