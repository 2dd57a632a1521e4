#!/usr/bin/env bash
# Run every fuzz target of the module for a while, one target per
# invocation as go test requires, and stop at the first failure.
#
#   tools/fuzz/fuzz.sh [FUZZTIME] [PACKAGE...]     # default 3s, ./...
#
# Targets are found with `go test -list`, so a new FuzzX is run without
# being listed here. Each package's instrumented test binary is built
# once and run for each of its targets. A failing input is written by go test to the
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

cache=$(go env GOCACHE)/fuzz
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
export JIKENBO_TEST_WEB_ENGINE=sqlite

failed=0
while read -r pkg targets; do
  if [[ $pkg == */store/postgres && -z ${JIKENBO_TEST_POSTGRES:-} ]]; then
    echo "-- $pkg: SKIPPING (JIKENBO_TEST_POSTGRES is not set)"
    continue
  fi
  # One instrumented test binary per package, run once per target: go
  # test -fuzz would link it again for every target.
  test="$bin/$(basename "$pkg").test"
  go test -c -fuzz=. -o "$test" "$pkg"
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $targets; do
    start=$SECONDS
    # The fuzzing engine itself sometimes ends a short run with "context
    # deadline exceeded" and no failing input (its workers outlived the
    # fuzz time on a busy machine): that target is run once more. A real
    # failure writes its input and fails again.
    for attempt in 1 2; do
      if out=$(cd "$dir" && "$test" -test.run XXX -test.fuzz "^$target\$" -test.fuzztime "$fuzztime" \
        -test.fuzzminimizetime 200x -test.fuzzcachedir "$cache/$pkg" 2>&1); then
        ok=1
        break
      fi
      ok=0
      if [[ $attempt == 2 ]] || ! grep -q 'context deadline exceeded' <<<"$out" || grep -q 'Failing input written' <<<"$out"; then
        break
      fi
      echo "-- $pkg $target: the fuzzing engine timed out without a failing input; running it again"
    done
    if [[ $ok == 1 ]]; then
      runs=$(grep -o 'execs: [0-9]*' <<<"$out" | tail -n1 | cut -d' ' -f2 || true)
      echo "-- $pkg $target: ok (${runs:-0} runs, $((SECONDS - start))s)"
    else
      echo "-- $pkg $target: FAIL"
      echo "$out" | tail -n 30
      echo "(re-run: cd $dir && go test -run '$target/' .)"
      failed=1
      break 2
    fi
  done
done < <(go test -list '^Fuzz' "${pkgs[@]}" | awk '/^Fuzz/ {t = t " " $1} /^(ok|\?)/ {if (t != "") print $2, t; t = ""}')
exit $failed
