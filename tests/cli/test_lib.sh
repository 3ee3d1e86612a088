# File: tests/cli/test_lib.sh
# Shared by the CLI tests (sourced): a scratch folder removed on exit, pass/fail counting, and
# the two checks they use. Each test ends with `finish NAME`.
tmp=$(mktemp -d)
cleanup_extra=:
trap 'eval "$cleanup_extra"; rm -rf "$tmp"' EXIT
failures=0
passes=0
check() {  # check NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then passes=$((passes + 1)); else echo "FAIL $1: got '$3', expected '$2'"; failures=$((failures + 1)); fi
}
contains() {  # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then passes=$((passes + 1)); else echo "FAIL $1: '$3' not in $2"; failures=$((failures + 1)); fi
}
finish() {  # finish NAME: prints the tally; the exit status says whether all passed
  echo "$1: $passes passed, $failures failed"
  [[ $failures -eq 0 ]]
}
