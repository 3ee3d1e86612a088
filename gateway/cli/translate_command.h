// File: gateway/cli/translate_command.h
// `fhirgw translate`: internal oncology records (proto3 JSON: one record, an array, or NDJSON)
// to FHIR, validated against the loaded profiles, as per-patient Bundles, transaction Bundles or
// NDJSON; every rejected record gets an OperationOutcome naming the record and field.
#ifndef FHIRGW_GATEWAY_CLI_TRANSLATE_COMMAND_H_
#define FHIRGW_GATEWAY_CLI_TRANSLATE_COMMAND_H_

#include <string>
#include <vector>

namespace fhirgw::cli {

// Returns the exit code: 0 every record translated, 1 some rejected, 2 usage or I/O problem.
int RunTranslate(const std::vector<std::string>& args);

inline constexpr char kTranslateUsage[] =
    "usage: fhirgw translate [--format bundle|transaction|ndjson] [--out DIR] [--concept-maps PATH]...\n"
    "                        [--package PATH]... [--package-cache DIR]... [--base-url URL]\n"
    "                        [--no-validate] [--keep-invalid] [--jobs N] [--quiet]\n"
    "                        [--server HOST:PORT [--token-file F] [--server-ca F]] FILE...\n"
    "  Translates internal oncology records (proto fhirgw.oncology.v1.Record in proto3 JSON: a\n"
    "  record, an array of records, or NDJSON; directories are searched) into FHIR R4 resources\n"
    "  shaped to mCODE STU4 and US Core 6.1, and validates each against its declared profiles\n"
    "  (the embedded packages plus every --package; add US Core 6.1.0 for its profiles).\n"
    "  --format bundle       one mCODE patient Bundle (collection) per patient (default)\n"
    "  --format transaction  one transaction Bundle per patient: conditional PUTs by identifier\n"
    "  --format ndjson       one resource per line\n"
    "  --out DIR             write <patient>.json Bundles or <Type>.ndjson files, and\n"
    "                        rejected.ndjson (an OperationOutcome per rejected record); without it\n"
    "                        the output goes to stdout, one JSON document per line\n"
    "  --concept-maps PATH   ConceptMap JSON files or directories (local codes -> standard codes);\n"
    "                        given after the shipped maps, so a hospital's maps override them\n"
    "  --base-url URL        RESTful base of the Bundle entries' fullUrls (default http://fhirgw.local/fhir)\n"
    "  --no-validate         skip validation; --keep-invalid: keep records whose resources fail it\n"
    "  --jobs N              threads validating the resources (default: one per core)\n"
    "  --server              translate on a running `fhirgw serve` (bundle and transaction formats)\n"
    "  Issues go to stderr with the record and field they concern, then a summary.\n"
    "  Exit status: 0 all records translated, 1 some rejected, 2 usage or I/O problem.\n";

}  // namespace fhirgw::cli

#endif  // FHIRGW_GATEWAY_CLI_TRANSLATE_COMMAND_H_
