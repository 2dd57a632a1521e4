#!/usr/bin/env bash
# wrk against jikenbo serve: SQLite, one PostgreSQL server process, and
# two server processes on the same PostgreSQL database (one wrk each,
# half the connections each, run at the same time; the sum is the
# figure). The response cache is off (--cache-mb 0) so every request
# reaches the store.
#   BIN=/tmp/pgm/jikenbo SQLITE=/tmp/pgm/s10k.db PG=postgres://…/jikenbo_bench DUR=10s ./pg-wrk.sh
set -euo pipefail
BIN=${BIN:-/tmp/pgm/jikenbo}; SQLITE=${SQLITE:-/tmp/pgm/s10k.db}
PG=${PG:-postgres://postgres@127.0.0.1:5432/jikenbo_bench?sslmode=disable}; DUR=${DUR:-10s}
urls=("/" "/search?q=%E7%B4%9B%E5%A4%B1" "/cases/2024-001" "/api/v1/releases")
pids=()
serve() { "$BIN" serve --db "$1" --addr "127.0.0.1:$2" --no-sample --cache-mb 0 >/dev/null 2>&1 & pids+=($!); }
stop() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; pids=(); }
trap stop EXIT
waitup() { for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$1/" && return; sleep 0.2; done; echo "port $1 not up"; exit 1; }
rps() { awk '/Requests\/sec/ {print $2}'; }
lat() { awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print p50, p99}'; }
echo "| store | processes | URL | req/s | p50 | p99 |"
echo "| --- | --- | --- | --- | --- | --- |"
for setup in ${SETUPS:-sqlite pg1 pg2}; do
  case $setup in
    sqlite) serve "$SQLITE" 8101; waitup 8101 ;;
    pg1) serve "$PG" 8101; waitup 8101 ;;
    pg2) serve "$PG" 8101; serve "$PG" 8102; waitup 8101; waitup 8102 ;;
  esac
  for u in "${urls[@]}"; do
    if [ $setup = pg2 ]; then
      wrk -t1 -c8 -d"$DUR" --latency "http://127.0.0.1:8101$u" > /tmp/wrk-a.txt &
      w=$!
      wrk -t1 -c8 -d"$DUR" --latency "http://127.0.0.1:8102$u" > /tmp/wrk-b.txt
      wait "$w"
      r=$(awk -v a="$(rps </tmp/wrk-a.txt)" -v b="$(rps </tmp/wrk-b.txt)" 'BEGIN {printf "%.0f", a+b}')
      l=$(lat </tmp/wrk-a.txt)
    else
      wrk -t2 -c16 -d"$DUR" --latency "http://127.0.0.1:8101$u" > /tmp/wrk-a.txt
      r=$(rps </tmp/wrk-a.txt); l=$(lat </tmp/wrk-a.txt)
    fi
    set -- $l
    echo "| $setup | $([ $setup = pg2 ] && echo 2 || echo 1) | \`$u\` | $r | $1 | $2 |"
  done
  stop
done
