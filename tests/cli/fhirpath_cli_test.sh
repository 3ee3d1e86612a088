#!/usr/bin/env bash
# File: tests/cli/fhirpath_cli_test.sh
# `fhirgw fhirpath` end to end: one output line per expression, results as JSON arrays, errors
# with their position, and exit codes.
# Usage: fhirpath_cli_test.sh FHIRGW_BINARY EXAMPLES_DIR
set -u
# shellcheck source=tests/cli/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
bin=$1
examples=$2

"$bin" fhirpath --input "$examples/patient-jenna.json" "Patient.name.where(use='official').given.first()" \
  "birthDate" "birthDate + 1 year" "1 'mg' + 2 'mg'" "(1 | 2 | 2).count()" "name.given.where(" "(1|2).single()" \
  >"$tmp/out" 2>"$tmp/err"
check exit_with_failures 1 $?
check line_count 7 "$(wc -l <"$tmp/out" | tr -d ' ')"
check given "$(sed -n 1p "$tmp/out")" "$(sed -n 1p "$tmp/out" | grep -E '^\["[^"]+"\]$')"
check birth_date_string 1 "$(sed -n 2p "$tmp/out" | grep -cE '^\["[0-9]{4}-[0-9]{2}-[0-9]{2}"\]$')"
check date_arithmetic 1 "$(sed -n 3p "$tmp/out" | grep -cE '^\["[0-9]{4}-[0-9]{2}-[0-9]{2}"\]$')"
check quantity '[{"value":3,"unit":"mg"}]' "$(sed -n 4p "$tmp/out")"
check count '[2]' "$(sed -n 5p "$tmp/out")"
check parse_error '{"error":"unexpected end of expression","position":17}' "$(sed -n 6p "$tmp/out")"
check eval_error '{"error":"single() found 2 items","position":6}' "$(sed -n 7p "$tmp/out")"

"$bin" fhirpath "today() > @2020-01-01" "%name & '!'" --var name=hi >"$tmp/out" 2>/dev/null
check no_input_exit 0 $?
check no_input_results '[true]|["hi!"]' "$(paste -sd'|' "$tmp/out")"

"$bin" fhirpath >/dev/null 2>&1
check no_expression_exit 2 $?
"$bin" fhirpath --input "$tmp/missing.json" "1" >/dev/null 2>&1
check missing_input_exit 2 $?

finish "fhirpath CLI"
