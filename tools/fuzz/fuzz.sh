#!/usr/bin/env bash
# Run every fuzz target of the module for a while, one target per
# invocation as go test requires, and stop at the first failure.
#
#   tools/fuzz/fuzz.sh [FUZZTIME] [PACKAGE...]     # default 3s, ./...
#
# Targets are found with `go test -list`, so a new FuzzX is run without
# being listed here. A failing input is written by go test to the
# package's testdata/fuzz/FuzzX/, where it stays as a seed once fixed.
# New coverage is minimised for at most 200 runs, so that on a busy
# machine a short run fuzzes rather than minimises. The PostgreSQL
# targets run when JIKENBO_TEST_POSTGRES is set; the web target runs on
# SQLite only (the web tests' rerun on PostgreSQL is for the unit tests).
set -euo pipefail
cd "$(dirname "$0")/../.."
fuzztime=${1:-3s}
shift || true
pkgs=("${@:-./...}")

failed=0
while read -r pkg targets; do
  for target in $targets; do
    if [[ $pkg == */store/postgres && -z ${JIKENBO_TEST_POSTGRES:-} ]]; then
      echo "-- $pkg $target: SKIPPING (JIKENBO_TEST_POSTGRES is not set)"
      continue
    fi
    start=$SECONDS
    if out=$(JIKENBO_TEST_WEB_ENGINE=sqlite go test -run XXX -fuzz "^$target\$" -fuzztime "$fuzztime" \
      -fuzzminimizetime 200x "$pkg" 2>&1); then
      echo "-- $pkg $target: ok ($(grep -o 'execs: [0-9]*' <<<"$out" | tail -n1 | cut -d' ' -f2) runs, $((SECONDS - start))s)"
    else
      echo "-- $pkg $target: FAIL"
      echo "$out" | tail -n 30
      failed=1
      break 2
    fi
  done
done < <(JIKENBO_TEST_WEB_ENGINE=sqlite go test -list '^Fuzz' "${pkgs[@]}" | awk '/^Fuzz/ {t = t " " $1} /^(ok|\?)/ {if (t != "") print $2, t; t = ""}')
exit $failed
