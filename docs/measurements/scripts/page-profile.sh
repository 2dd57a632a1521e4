#!/usr/bin/env bash
# CPU and allocation profiles of jikenbo's public pages under load, one
# page at a time: tools/pageprof serves the casebook (response cache
# off) with /debug/pprof on a second port, wrk loads one URL and the
# profile is taken while it runs.
#   DB=/tmp/pages100k.db OUT=/tmp/prof ./page-profile.sh [URL-PATH...]
# writes OUT/NAME.cpu.pb.gz and OUT/NAME.allocs.pb.gz per page and
# prints the top of each CPU profile (cumulative).
set -euo pipefail
DB=${DB:-/tmp/pages100k.db}; OUT=${OUT:-/tmp/prof}; SECS=${SECS:-10}; CONNS=${CONNS:-16}
ENC=${ENC:-}   # e.g. ENC=br sends Accept-Encoding: br
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p "$OUT"
go build -o "$OUT/pageprof" "$ROOT/tools/pageprof"
"$OUT/pageprof" -db "$DB" -addr 127.0.0.1:8301 -pprof 127.0.0.1:8302 >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null http://127.0.0.1:8301/healthz && break; sleep 0.2; done
if [ $# -eq 0 ]; then
  set -- / /cases/2024-001 "/labels/%E6%9C%80%E7%B5%82%E5%A0%B1%E5%91%8A" /archive/2024/05 /api/v1/cases /stats
fi
hdr=()
[ -n "$ENC" ] && hdr=(-H "Accept-Encoding: $ENC")
for u in "$@"; do
  name=$(echo "$u" | tr -c 'A-Za-z0-9\n' '_' | sed 's/^_*//; s/^$/home/')
  curl -fs -o /dev/null "${hdr[@]}" "http://127.0.0.1:8301$u"   # the per-version data, once
  wrk -t2 -c"$CONNS" -d"$((SECS + 3))s" "${hdr[@]}" "http://127.0.0.1:8301$u" > "$OUT/$name.wrk" &
  w=$!
  sleep 1
  go tool pprof -proto -output "$OUT/$name.cpu.pb.gz" "http://127.0.0.1:8302/debug/pprof/profile?seconds=$SECS" 2>/dev/null
  go tool pprof -proto -output "$OUT/$name.allocs.pb.gz" "http://127.0.0.1:8302/debug/pprof/allocs" 2>/dev/null
  wait $w
  echo "== $u: $(awk '/Requests\/sec/ {print $2}' "$OUT/$name.wrk") req/s"
  go tool pprof -top -cum -nodecount=35 "$OUT/$name.cpu.pb.gz" 2>/dev/null | sed -n '5,45p'
done
