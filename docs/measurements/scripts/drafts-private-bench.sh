#!/bin/sh
# The cost of the public reads of issue 13 item 1, main against this
# branch on one casebook: both servers run side by side with the response
# cache off, and each URL is fetched by both in turn, so that the shared
# machine's noise falls on both alike. Prints the median and p90 of each.
#
#   MAIN=jikenbo-main DRAFTS=jikenbo-drafts DB=c.db N=40 drafts-private-bench.sh
set -eu
: "${MAIN:?binary built from main}" "${DRAFTS:?binary built from this branch}" "${DB:?a casebook imported by MAIN}"
N=${N:-40}
dir=$(mktemp -d)
cp "$DB" "$dir/main.db"
cp "$DB" "$dir/drafts.db"
start=$(date +%s.%N)
"$MAIN" serve --db "$dir/main.db" --addr 127.0.0.1:18101 --no-sample --cache-mb 0 2>"$dir/main.log" &
m=$!
"$DRAFTS" serve --db "$dir/drafts.db" --addr 127.0.0.1:18102 --no-sample --cache-mb 0 2>"$dir/drafts.log" &
d=$!
trap 'kill $m $d; rm -rf "$dir"' EXIT
for port in 18101 18102; do
	until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.2; done
done
echo "both ready after $(echo "$(date +%s.%N) - $start" | bc) s (this branch migrates the copy on open)"
# The statistics are computed once per casebook version: the first
# request after start is their cost.
echo "first /stats: main $(curl -s -o /dev/null -w '%{time_total}' http://127.0.0.1:18101/stats) s," \
	"branch $(curl -s -o /dev/null -w '%{time_total}' http://127.0.0.1:18102/stats) s"
stat() { sort -n | awk '{a[NR]=$1} END {printf "%7.1f ms %7.1f ms", a[int((NR+1)/2)]*1000, a[int(NR*0.9+0.5)]*1000}'; }
printf '%-28s %22s %22s\n' URL "main p50 p90" "branch p50 p90"
for u in / /api/v1/cases '/api/v1/cases?status=ongoing' /watch /cases/2024-001 /api/v1/cases/2024-001 /orgs/1 /api/v1/orgs/1 /orgs/1/feed.atom /releases/1; do
	: >"$dir/a"; : >"$dir/b"
	i=0
	while [ $i -lt "$N" ]; do
		curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:18101$u" >>"$dir/a"
		curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:18102$u" >>"$dir/b"
		i=$((i + 1))
	done
	printf '%-28s %22s %22s\n' "$u" "$(stat <"$dir/a")" "$(stat <"$dir/b")"
done
