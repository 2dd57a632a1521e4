#!/bin/sh
# Old binary against new binary on one casebook, interleaved, for the
# search-speed measurements (docs/measurements/search-speed.md):
#
#   1. searchbench -only page: the search page's store calls for 1-, 2-
#      and 4-character terms (first search and p50/p99 of the repeats);
#   2. /search under wrk -t2 -c16 with the query list of search-wrk.lua,
#      `serve --cache-mb 0` (no response cache), after a 5 s warm-up run.
#
#   OLD=/tmp/old NEW=/tmp/new DB=/tmp/search100k.db RUNS=30 DUR=15s \
#     docs/measurements/scripts/search-speed.sh
#
# OLD and NEW are directories holding a `jikenbo` and a `searchbench`
# binary each. Rounds alternate old and new so that the machine's load
# falls on both alike.
set -eu
: "${OLD:?}" "${NEW:?}" "${DB:?}"
RUNS=${RUNS:-30}
DUR=${DUR:-15s}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-18931}
here=$(dirname "$0")

round=1
while [ "$round" -le "$ROUNDS" ]; do
	for v in old new; do
		dir=$OLD
		[ "$v" = new ] && dir=$NEW
		echo "== round $round, $v: searchbench"
		"$dir/searchbench" -db "$DB" -runs "$RUNS" -only page | grep -E 'queries|releases'
	done
	for v in old new; do
		dir=$OLD
		[ "$v" = new ] && dir=$NEW
		echo "== round $round, $v: wrk /search"
		JIKENBO_LOG=warn "$dir/jikenbo" serve --db "$DB" --cache-mb 0 --no-sample --addr "127.0.0.1:$PORT" 2>/dev/null &
		pid=$!
		i=0
		until curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do
			i=$((i + 1))
			[ "$i" -gt 300 ] && { echo "serve did not start"; kill "$pid"; exit 1; }
			sleep 0.2
		done
		wrk -t2 -c16 -d5s -s "$here/search-wrk.lua" "http://127.0.0.1:$PORT" >/dev/null
		wrk -t2 -c16 -d"$DUR" --latency -s "$here/search-wrk.lua" "http://127.0.0.1:$PORT" |
			grep -E 'Requests/sec|50%|90%|99%|requests in|non-2xx'
		kill "$pid"
		wait "$pid" 2>/dev/null || true
	done
	round=$((round + 1))
done
