#!/usr/bin/env bash
# File: tests/cli/remote_cli_test.sh
# `validate --server` and `translate --server` against a real `fhirgw serve` on 127.0.0.1
# port 0 give the same answers as the local commands.
# Usage: remote_cli_test.sh FHIRGW_BINARY SOURCE_DIR
set -u
# shellcheck source=tests/cli/test_lib.sh
source "$(dirname "$0")/test_lib.sh"
bin=$1
src=$2
echo "remote-token" >"$tmp/token"
"$bin" serve --listen 127.0.0.1:0 --token-file "$tmp/token" >"$tmp/serve.out" 2>/dev/null &
server=$!
cleanup_extra='kill $server 2>/dev/null; wait $server 2>/dev/null'
for _ in $(seq 100); do grep -q "listening on" "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
address=$(sed -n 's/^listening on //p' "$tmp/serve.out")
[[ -n "$address" ]]; check server_started 0 $?

"$bin" validate --format json "$src/examples/fhir" >"$tmp/local.json" 2>/dev/null
local_status=$?
"$bin" validate --format json --server "$address" --token-file "$tmp/token" "$src/examples/fhir" >"$tmp/remote.json" 2>/dev/null
check validate_exit "$local_status" $?
# Same files, same rule ids per resource.
ids() { grep -o '"valueString":"[a-z0-9-]*"' "$1" | sort; }
check validate_same_rules "$(ids "$tmp/local.json")" "$(ids "$tmp/remote.json")"
# The validation policy travels with each request: strict about unknown extensions here.
printf '%s\n' '{"resourceType":"Patient","extension":[{"url":"http://partner.test/fhir/ext","valueString":"x"}]}' >"$tmp/ext.json"
"$bin" validate --quiet --server "$address" --token-file "$tmp/token" "$tmp/ext.json" >/dev/null 2>&1
check remote_policy_default_exit 0 $?
"$bin" validate --quiet --server "$address" --token-file "$tmp/token" --strict-extensions "$tmp/ext.json" >/dev/null 2>&1
check remote_policy_strict_exit 1 $?
printf '%s\n' '{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Medication/m1"}}' >"$tmp/ref.json"
"$bin" validate --quiet --server "$address" --token-file "$tmp/token" "$tmp/ref.json" >/dev/null 2>&1
check remote_rest_reference_default_exit 0 $?
"$bin" validate --quiet --server "$address" --token-file "$tmp/token" --assume-valid-rest-references "$tmp/ref.json" >/dev/null 2>&1
check remote_rest_reference_assumed_exit 1 $?
"$bin" validate --server "$address" "$src/examples/fhir" >/dev/null 2>"$tmp/err"
check validate_without_token 2 $?
grep -q "UNAUTHENTICATED\|bearer token" "$tmp/err"; check unauthenticated_message 0 $?

# NDJSON over several batches (and a line that does not parse, answered locally): the same
# lines, in order, with the same rule ids.
corpus="$src/../shared/testsuites/oncology-corpus/valid.ndjson"
if [[ -f "$corpus" ]]; then
  { head -n 300 "$corpus"; echo '{"resourceType":"Patient",'; sed -n '301,700p' "$corpus"; } >"$tmp/many.ndjson"
  "$bin" validate --format json --jobs 1 "$tmp/many.ndjson" >"$tmp/many-local.json" 2>/dev/null
  local_status=$?
  "$bin" validate --format json --server "$address" --token-file "$tmp/token" "$tmp/many.ndjson" >"$tmp/many-remote.json" 2>/dev/null
  check ndjson_exit "$local_status" $?
  check ndjson_count 701 "$(grep -c '"line":' "$tmp/many-remote.json")"
  check ndjson_lines "$(grep -o '"line":[0-9]*' "$tmp/many-local.json")" "$(grep -o '"line":[0-9]*' "$tmp/many-remote.json")"
  check ndjson_rules "$(ids "$tmp/many-local.json")" "$(ids "$tmp/many-remote.json")"
fi

"$bin" translate --quiet --out "$tmp/local" "$src/examples/records/patient-P002.json" 2>/dev/null
check translate_local 0 $?
"$bin" translate --quiet --out "$tmp/remote" --server "$address" --token-file "$tmp/token" "$src/examples/records/patient-P002.json" 2>"$tmp/err"
check translate_remote 0 $?
# Same resources (Provenance.recorded differs by time; compare the ids).
check translate_same_ids "$(grep -o '"id":"[0-9a-f-]*"' "$tmp/local/P002.json" | sort)" \
      "$(grep -o '"id":"[0-9a-f-]*"' "$tmp/remote/P002.json" | sort)"

finish "remote CLI"
