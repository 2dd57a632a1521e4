#!/usr/bin/env bash
# The issue-7 measurements at scale, SQLite and PostgreSQL side by side in
# one run on one machine: import throughput, search p50/p99 (searchbench)
# and wrk against one SQLite server, one PostgreSQL server and two
# PostgreSQL servers on one database (pg-wrk.sh).
#   N=100000 OUT=/tmp/pg100 docs/measurements/scripts/pg-100k.sh
# It needs wrk, a PostgreSQL server it may create the database
# jikenbo_bench on (dropped first), and about 3 GB of disk under OUT.
set -euo pipefail
cd "$(dirname "$0")/../../.."
N=${N:-100000}; OUT=${OUT:-/tmp/pg100}; DUR=${DUR:-15s}
ADMIN=${ADMIN:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
PG=${PG:-postgres://postgres@127.0.0.1:5432/jikenbo_bench?sslmode=disable}
mkdir -p "$OUT"
T="/usr/bin/time -f %e_s_wall,_%U_s_user,_%S_s_sys,_%M_KB_max_RSS"
echo "## $(date -u +%FT%TZ) N=$N, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# The machine's speed today, for comparing runs on other days: the
# extractor alone (MB/s).
go test ./extract -run XXX -bench 'Extract$' -benchtime 3s | grep Benchmark
go build -o "$OUT/jikenbo" ./cmd/jikenbo
go build -o "$OUT/searchbench" ./tools/searchbench
[ -d "$OUT/synth" ] || go run ./tools/gen -n "$N" -out "$OUT/synth"
rm -f "$OUT/s.db" "$OUT/s.db-wal" "$OUT/s.db-shm"
psql "$ADMIN" -qc "DROP DATABASE IF EXISTS jikenbo_bench" -c "CREATE DATABASE jikenbo_bench ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8' TEMPLATE template0"

echo "### import"
for db in "$OUT/s.db" "$PG"; do
  echo "- $db (load $(cut -d' ' -f1-3 /proc/loadavg))"
  $T "$OUT/jikenbo" import --db "$db" "$OUT/synth" 2>&1 | grep -v '^\s*$' | tail -2
done
echo "- sizes: SQLite $(du -m "$OUT/s.db" | cut -f1) MB, PostgreSQL $(psql "$PG" -Atc "SELECT pg_database_size(current_database()) / 1048576") MB"

echo "### search"
for db in "$OUT/s.db" "$PG"; do
  echo "- $db (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$OUT/searchbench" -db "$db" -runs 30
done

echo "### wrk"
BIN="$OUT/jikenbo" SQLITE="$OUT/s.db" PG="$PG" DUR="$DUR" docs/measurements/scripts/pg-wrk.sh
echo "## done $(date -u +%FT%TZ)"
