#!/usr/bin/env bash
# File: tests/cli/validate_cli_test.sh
# `fhirgw validate` end to end: exit codes, the three output formats, packages from a cache.
# Usage: validate_cli_test.sh FHIRGW_BINARY EXAMPLES_DIR SHARED_DIR
set -u
# shellcheck source=tests/cli/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
bin=$1
examples=$2
shared=$3

"$bin" validate "$examples/patient-jenna.json" >"$tmp/out" 2>"$tmp/err"
check valid_exit 0 $?
contains valid_summary "$tmp/out" '1 resource(s) in 1 file(s): 1 valid, 0 with errors'
contains load_report "$tmp/err" 'profiles'

"$bin" validate --format json "$examples" >"$tmp/out" 2>/dev/null
check invalid_exit 1 $?
check json_lines 4 "$(wc -l <"$tmp/out")"
contains json_outcome "$tmp/out" '"outcome":{"resourceType":"OperationOutcome"'

"$bin" validate --format junit "$examples" >"$tmp/junit.xml" 2>/dev/null
check junit_exit 1 $?
contains junit_suite "$tmp/junit.xml" '<testsuite name="fhirgw validate" tests="4" failures="1">'

printf '%s\n' '{"resourceType":"Patient","gender":"woman"}' >"$tmp/bad.json"
"$bin" validate --quiet "$tmp/bad.json" >"$tmp/out" 2>/dev/null
check binding_exit 1 $?
contains binding_rule "$tmp/out" 'Patient.gender'
contains binding_id "$tmp/out" '[binding-required]'

# Unknown extensions: a warning by default, an error when strict, accepted under a named
# domain; example urls accepted unless --no-example-urls.
printf '%s\n' '{"resourceType":"Patient","extension":[{"url":"http://partner.test/fhir/ext","valueString":"x"}]}' >"$tmp/ext.json"
"$bin" validate --quiet "$tmp/ext.json" >/dev/null 2>&1
check unknown_ext_warning_exit 0 $?
"$bin" validate --quiet --strict-extensions "$tmp/ext.json" >"$tmp/out" 2>/dev/null
check unknown_ext_strict_exit 1 $?
contains unknown_ext_strict_id "$tmp/out" '[extension-unknown]'
"$bin" validate --quiet --strict-extensions --extension-domain http://partner.test/ "$tmp/ext.json" >/dev/null 2>&1
check unknown_ext_domain_exit 0 $?
printf '%s\n' '{"resourceType":"Patient","extension":[{"url":"http://example.org/fhir/ext","valueString":"x"}]}' >"$tmp/ex.json"
"$bin" validate --quiet --strict-extensions "$tmp/ex.json" >/dev/null 2>&1
check example_url_allowed_exit 0 $?
"$bin" validate --quiet --no-example-urls "$tmp/ex.json" >"$tmp/out" 2>/dev/null
check example_url_refused_exit 1 $?
contains example_url_refused_at "$tmp/out" 'Patient.extension[0].url'

# A reference whose URL names a type the element does not allow, and which does not resolve
# here: a warning by default (as the HL7 validator), an error with --assume-valid-rest-references.
printf '%s\n' '{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Medication/m1"}}' >"$tmp/ref.json"
"$bin" validate --quiet "$tmp/ref.json" >/dev/null 2>&1
check rest_reference_default_exit 0 $?
"$bin" validate --quiet --assume-valid-rest-references "$tmp/ref.json" >"$tmp/out" 2>/dev/null
check rest_reference_assumed_exit 1 $?
contains rest_reference_assumed_id "$tmp/out" '[reference-wrong-type]'

# A package named name#version, found in a package cache folder.
mkdir -p "$tmp/cache/hl7.fhir.us.core#6.1.0"
tar xzf "$shared/fhir-packages/hl7.fhir.us.core-6.1.0.tgz" -C "$tmp/cache/hl7.fhir.us.core#6.1.0"
"$bin" validate --package-cache "$tmp/cache" --package 'hl7.fhir.us.core#6.1.0' "$examples/patient-jenna.json" >/dev/null 2>"$tmp/err"
check cache_exit 0 $?
contains cache_loaded "$tmp/err" 'loaded 6 package(s)'
"$bin" validate --package 'hl7.fhir.us.core#6.1.0' "$examples/patient-jenna.json" >/dev/null 2>&1
check cache_missing_exit 2 $?

# --jobs: many resources validated on several threads come out in input order, the same as on
# one; NDJSON lines keep their numbers, blank lines included.
{
  for i in $(seq 1 300); do printf '%s\n' "{\"resourceType\":\"Patient\",\"id\":\"p$i\",\"gender\":\"$([ $((i % 7)) = 0 ] && echo woman || echo female)\"}"; done
  echo
  printf '%s\n' '{"resourceType":"Patient","id":"last","birthDate":"1970-13-01"}'
} >"$tmp/many.ndjson"
"$bin" validate --jobs 1 --format json "$tmp/many.ndjson" >"$tmp/one.json" 2>/dev/null
check jobs1_exit 1 $?
"$bin" validate --jobs 2 --format json "$tmp/many.ndjson" >"$tmp/two.json" 2>/dev/null
check jobs2_exit 1 $?
cmp -s "$tmp/one.json" "$tmp/two.json"
check jobs_same_output 0 $?
check jobs_all_accounted 301 "$(wc -l <"$tmp/one.json" | tr -d ' ')"
contains jobs_last_line_number "$tmp/two.json" '"line":302'
"$bin" validate --quiet "$tmp/many.ndjson" >"$tmp/text" 2>/dev/null
contains ndjson_file_line "$tmp/text" "many.ndjson:302: error"
contains ndjson_file_line_p7 "$tmp/text" "many.ndjson:7: error"
"$bin" validate --jobs 0 "$tmp/many.ndjson" >/dev/null 2>&1
check jobs_zero_refused 2 $?

"$bin" validate --format yaml "$examples" >/dev/null 2>&1
check bad_format_exit 2 $?
"$bin" validate /nonexistent.json >/dev/null 2>&1
check missing_file_exit 2 $?

finish "$(basename "$0")"
