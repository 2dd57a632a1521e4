#!/usr/bin/env bash
# Uncached page throughput, old binary against new, interleaved URL by
# URL in one run: both servers run on the same casebook with the response
# cache off (--cache-mb 0); for each URL, wrk loads the old server, then
# the new one. Besides wrk's req/s and latency it reads the server's CPU
# time (utime + stime from /proc) before and after each run, so that
# "CPU ms per request" can be compared on a machine whose other load
# takes most of the CPU; and its peak RSS (VmHWM) at the end.
#   OLD=/tmp/jikenbo-old NEW=/tmp/jikenbo-new DB=/tmp/pages100k.db DUR=10s ENC= ./page-wrk.sh [URL-PATH...]
# ENC=br (or gzip) sends Accept-Encoding with every request.
set -euo pipefail
OLD=${OLD:?old binary}; NEW=${NEW:?new binary}; DB=${DB:?casebook}; DUR=${DUR:-10s}; ENC=${ENC:-}
if [ $# -eq 0 ]; then
  set -- / /cases/2024-001 "/labels/%E6%9C%80%E7%B5%82%E5%A0%B1%E5%91%8A" /archive/2024/05 /api/v1/cases /stats
fi
hdr=()
[ -n "$ENC" ] && hdr=(-H "Accept-Encoding: $ENC")
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true' EXIT
"$OLD" serve --db "$DB" --addr 127.0.0.1:8401 --no-sample --cache-mb 0 >/dev/null 2>&1 & pids+=($!)
"$NEW" serve --db "$DB" --addr 127.0.0.1:8402 --no-sample --cache-mb 0 >/dev/null 2>&1 & pids+=($!)
for port in 8401 8402; do
  for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
done
tick=$(getconf CLK_TCK)
cpu() { awk -v t="$tick" '{printf "%.3f", ($14 + $15) / t}' "/proc/$1/stat"; }
echo "| URL | binary | req/s | p50 | p99 | CPU ms / request |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for u in "$@"; do
  for i in 0 1; do
    port=$((8401 + i)); pid=${pids[$i]}; name=$([ $i = 0 ] && echo old || echo new)
    # the per-version data (archive, labels, counts, statistics) once,
    # as the first request after a change computes it
    curl -fs -o /dev/null "${hdr[@]}" "http://127.0.0.1:$port$u"
    c0=$(cpu "$pid")
    out=$(wrk -t2 -c16 -d"$DUR" --latency "${hdr[@]}" "http://127.0.0.1:$port$u")
    c1=$(cpu "$pid")
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '/^ +50%/ {print $2}'); p99=$(echo "$out" | awk '/^ +99%/ {print $2}')
    err=$(echo "$out" | awk '/Non-2xx|Socket errors/ {printf " (%s)", $0}')
    echo "| \`$u\` | $name | $rps | $p50 | $p99 | $(awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN {printf "%.2f", n ? 1000 * (b - a) / n : 0}')$err |"
  done
done
for i in 0 1; do
  echo "peak RSS $([ $i = 0 ] && echo old || echo new): $(awk '/VmHWM/ {print $2, $3}' "/proc/${pids[$i]}/status")"
done
