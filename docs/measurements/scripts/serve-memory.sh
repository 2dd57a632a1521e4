#!/usr/bin/env bash
# Peak memory of `jikenbo serve` through the issue-15 workload, with the
# response cache off: every kind of page under wrk, /stats, two lenses,
# two yearly reports and their CSV, then distinct searches. Prints the
# peak RSS (VmHWM) after each step and the time of the slow first
# requests. Extra serve flags (e.g. --memory-mb 0) go in FLAGS; extra
# environment (e.g. GOMEMLIMIT=off) in ENV.
#   BIN=/tmp/jikenbo DB=/tmp/m100k.db FLAGS="--memory-mb 0" DUR=5s docs/measurements/scripts/serve-memory.sh
set -euo pipefail
BIN=${BIN:?jikenbo binary}; DB=${DB:?casebook}; DUR=${DUR:-5s}; FLAGS=${FLAGS:-}; ENV=${ENV:-}; PORT=${PORT:-8411}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2086
env $ENV "$BIN" serve --db "$DB" --addr 127.0.0.1:$PORT --no-sample --cache-mb 0 $FLAGS >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
u="http://127.0.0.1:$PORT"
hwm() { awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status"; }
cpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.1f s", ($14 + $15) / t}' "/proc/$pid/stat"; }
echo "| step | time | peak RSS | server CPU so far |"
echo "| --- | ---: | ---: | ---: |"
echo "| started | | $(hwm) | $(cpu) |"
for p in / /stats "/stats?tax=jnsa" "/stats?tax=veris" /report/2024 /report/2023 "/report/2024?tax=tsr" /report/2024/media.csv; do
  t=$(curl -s -o /dev/null -w "%{time_total}" "$u$p")
  echo "| first $p | ${t} s | $(hwm) | $(cpu) |"
done
for p in / /cases/2024-001 "/labels/%E6%9C%80%E7%B5%82%E5%A0%B1%E5%91%8A" /archive/2024/05 /api/v1/cases /stats /report/2024; do
  rps=$(wrk -t2 -c16 -d"$DUR" "$u$p" | awk '/Requests\/sec/ {print $2}')
  echo "| wrk -c16 $p | $rps req/s | $(hwm) | $(cpu) |"
done
rps=$(wrk -t2 -c16 -d"$DUR" -s "$here/search-wrk.lua" "$u" | awk '/Requests\/sec/ {print $2}')
echo "| wrk -c16 /search (distinct queries) | $rps req/s | $(hwm) | $(cpu) |"
