// File: mappers/record_reader.h
// Reads internal records from files in proto3's canonical JSON mapping: one record, a JSON array
// of records, or NDJSON (one record per line). An entry that does not parse is kept as a failed
// entry with the reason, so that every entry sent in is accounted for.
#ifndef FHIRGW_MAPPERS_RECORD_READER_H_
#define FHIRGW_MAPPERS_RECORD_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "fhirgw/oncology/v1/records.pb.h"

namespace mappers {

struct ReadEntry {
  std::string file;
  uint32_t position = 0;  // NDJSON line or array index, 1-based; 1 for a single record
  bool ok = false;
  fhirgw::oncology::v1::Record record;
  std::string error;  // when !ok: why the entry is not a record
};

// Parses `text` (from `file`, for messages) into entries appended to `out`.
void ParseRecords(std::string_view text, const std::string& file, std::vector<ReadEntry>* out);
// Reads and parses a file; an error only when it cannot be read.
absl::Status ReadRecordFile(const std::string& path, std::vector<ReadEntry>* out);

}  // namespace mappers

#endif  // FHIRGW_MAPPERS_RECORD_READER_H_
