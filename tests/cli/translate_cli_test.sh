#!/usr/bin/env bash
# File: tests/cli/translate_cli_test.sh
# `fhirgw translate` end to end on the shipped examples and on bad input: outputs per format,
# per-record OperationOutcomes for rejected records, accounting, and exit codes.
# Usage: translate_cli_test.sh FHIRGW_BINARY EXAMPLES_RECORDS_DIR
set -u
# shellcheck source=tests/cli/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
bin=$1
records=$2

"$bin" translate --quiet --out "$tmp/bundles" "$records" 2>"$tmp/err"
check bundles_exit 0 $?
check bundle_files 25 "$(ls "$tmp/bundles" | wc -l | tr -d ' ')"
contains summary "$tmp/err" "record(s) in: "
contains no_rejects "$tmp/err" " 0 rejected"
contains bundle_profile "$tmp/bundles/P001.json" '"profile":["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-patient-bundle"]'

"$bin" translate --quiet --format transaction --no-validate "$records/patient-P001.json" >"$tmp/tx.json" 2>/dev/null
check transaction_exit 0 $?
contains conditional_put "$tmp/tx.json" '"method":"PUT","url":"Patient?identifier=urn:example:hospital-a:oncology|P001"'

"$bin" translate --quiet --format ndjson --no-validate --out "$tmp/nd" "$records/patient-P003.json" 2>/dev/null
check ndjson_exit 0 $?
check ndjson_patient_lines 1 "$(wc -l <"$tmp/nd/Patient.ndjson" | tr -d ' ')"
[[ -f "$tmp/nd/ResearchSubject.ndjson" ]]; check trial_subject_written 0 $?

# Bad input: one good patient, an unmapped drug, an impossible date, a line that is not JSON.
cat >"$tmp/bad.ndjson" <<'NDJSON'
{"patient":{"source":{"system":"urn:t","recordId":"P1"},"mrn":"1","familyName":"Doe","administrativeSex":"F"}}
{"medication":{"source":{"system":"urn:t","recordId":"M1"},"patientRecordId":"P1","kind":"ORDER","drug":{"code":"NOPE"},"status":"active","startDate":"2021-01-01","prescriber":"Dr X"}}
{"performanceStatus":{"source":{"system":"urn:t","recordId":"PS1"},"patientRecordId":"P1","scale":"ECOG","score":1,"date":"2021-02-30"}}
this is not json
NDJSON
"$bin" translate --out "$tmp/badout" --no-validate "$tmp/bad.ndjson" 2>"$tmp/err"
check bad_exit 1 $?
contains bad_summary "$tmp/err" "4 record(s) in: 1 translated, 3 rejected"
contains unmapped_field "$tmp/err" "(medication[M1].drug)"
contains date_field "$tmp/err" "(performance_status[PS1].date)"
check rejected_outcomes 3 "$(wc -l <"$tmp/badout/rejected.ndjson" | tr -d ' ')"
contains outcome_json "$tmp/badout/rejected.ndjson" '"resourceType":"OperationOutcome"'

# Output files are written whole: running the same batch again into the same folder leaves
# the same files (NDJSON replaced, not appended to) and no temporary files.
"$bin" translate --quiet --format ndjson --no-validate --out "$tmp/nd" "$records/patient-P003.json" 2>/dev/null
check ndjson_rerun_exit 0 $?
check ndjson_rerun_lines 1 "$(wc -l <"$tmp/nd/Patient.ndjson" | tr -d ' ')"
check no_partial_files 0 "$(find "$tmp/nd" "$tmp/bundles" -name '*.partial' | wc -l | tr -d ' ')"
# A file that cannot be written (here a folder stands where the Bundle goes) is an I/O error.
mkdir -p "$tmp/blocked/P003.json"
"$bin" translate --quiet --no-validate --out "$tmp/blocked" "$records/patient-P003.json" >/dev/null 2>"$tmp/err"
check unwritable_out_exit 2 $?
contains unwritable_out_said "$tmp/err" 'could not write all output'
check unwritable_no_partial 0 "$(find "$tmp/blocked" -name '*.partial' | wc -l | tr -d ' ')"

# --jobs: validation on one thread or two gives the same Bundles and the same issues (the
# Provenance timestamps aside, which name the second the run started).
"$bin" translate --jobs 1 --out "$tmp/j1" "$records" 2>"$tmp/j1.err"
check jobs1_exit 0 $?
"$bin" translate --jobs 2 --out "$tmp/j2" "$records" 2>"$tmp/j2.err"
check jobs2_exit 0 $?
strip_times() { sed -E 's/"recorded":"[^"]*"//g' "$@"; }
same=0
for f in "$tmp"/j1/*.json; do
  cmp -s <(strip_times "$f") <(strip_times "$tmp/j2/$(basename "$f")") || same=1
done
check jobs_same_bundles 0 $same
cmp -s "$tmp/j1.err" "$tmp/j2.err"
check jobs_same_issues 0 $?

"$bin" translate >/dev/null 2>&1
check usage_exit 2 $?

finish "translate CLI"
