#!/usr/bin/env bash
# File: tests/cli/convert_cli_test.sh
# `fhirgw convert` end to end on real files: exit codes, outputs, and per-resource JSON issues.
# Usage: convert_cli_test.sh FHIRGW_BINARY EXAMPLES_DIR
set -u
# shellcheck source=tests/cli/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
bin=$1
examples=$2

"$bin" convert "$examples/patient-jenna.json" >"$tmp/out.json" 2>"$tmp/err"
check valid_exit 0 $?
contains valid_output "$tmp/out.json" '"resourceType":"Patient"'
contains valid_summary "$tmp/err" '1 resource(s) read, 1 written, 0 with errors'

"$bin" convert --to xml --out "$tmp/xml" "$examples" >/dev/null 2>"$tmp/err"
check faulty_exit 1 $?
contains faulty_issue "$tmp/err" 'json-duplicate-property'
contains faulty_position "$tmp/err" 'observation-faulty-ki67.json:5: error 5:3 Observation.status'
[[ -f "$tmp/xml/condition-bone-metastasis.xml" ]]; check xml_written 0 $?

"$bin" convert --to json "$tmp/xml/observation-er-status.xml" >"$tmp/back.json" 2>/dev/null
check xml_to_json_exit 0 $?
contains xml_to_json "$tmp/back.json" '"code":"16112-5"'

# XML to JSON uses the FHIR definitions: repeats become arrays, booleans JSON booleans.
printf '%s' '<Patient xmlns="http://hl7.org/fhir"><active value="true"/><name><given value="A"/></name></Patient>' >"$tmp/p.xml"
"$bin" convert "$tmp/p.xml" >"$tmp/p.json" 2>/dev/null
check xml_typed_exit 0 $?
contains xml_typed_json "$tmp/p.json" '{"resourceType":"Patient","active":true,"name":[{"given":["A"]}]}'

printf '%s\n' '{"resourceType":"Patient","id":"a"}' '' '{"resourceType":"Patient",' >"$tmp/two.ndjson"
"$bin" convert --issues json "$tmp/two.ndjson" >/dev/null 2>"$tmp/err"
check ndjson_exit 1 $?
contains ndjson_line "$tmp/err" '"line":3,"outcome":{"resourceType":"OperationOutcome"'
contains ndjson_fatal "$tmp/err" '"severity":"fatal"'

"$bin" convert /nonexistent/file.json >/dev/null 2>&1
check missing_file_exit 2 $?
"$bin" convert --to yaml "$examples" >/dev/null 2>&1
check bad_option_exit 2 $?
"$bin" frobnicate >/dev/null 2>&1
check unknown_command_exit 2 $?
"$bin" --help >"$tmp/help"
check help_exit 0 $?
contains help_text "$tmp/help" 'convert'

finish "$(basename "$0")"
