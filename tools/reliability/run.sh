#!/usr/bin/env bash
# Reliability checks of import (issue 18), on SQLite and PostgreSQL: kill -9
# in the middle of imports, overlapping imports, then check that nothing
# acknowledged was lost or duplicated, that the case numbers match a clean
# import of the same files, and that search counts match grep.
#
#   tools/reliability/run.sh [CORPUS_DIR] [KILLS]
#
# CORPUS_DIR defaults to ../shared/corpus/dev, KILLS (per engine) to 8.
# PostgreSQL runs when JIKENBO_TEST_POSTGRES names a server (trust auth).
# Not run in CI: it takes minutes. Results: docs/measurements/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=$(realpath "${1:-../shared/corpus/dev}")
kills=${2:-8}
work=$(mktemp -d /tmp/jikenbo-reliability-XXXXXX)
trap 'rm -rf "$work"' EXIT
go build -o "$work/jikenbo" ./cmd/jikenbo
bin="$work/jikenbo"
in="$work/in"
mkdir -p "$in"
cp "$corpus"/*.txt "$in"/ 2>/dev/null || true
files=$(ls "$in" | wc -l)
echo "corpus: $files files from $corpus"

# casebook DB: one line per release, "file case_id", sorted; and counts.
facts() { "$bin" export --db "$1" --format json | jq -r '.releases[] | "\(.source | split("/") | last) \(.case_id)"' | sort; }
dups() { "$bin" export --db "$1" --format json | jq -r '.releases[].sha256' | sort | uniq -d | wc -l; }

pgdb() { # a fresh schema on the test server
	local schema="reliability_$1_$$"
	psql -q -v ON_ERROR_STOP=1 "${JIKENBO_TEST_POSTGRES}" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
	local sep='?'; [[ "$JIKENBO_TEST_POSTGRES" == *\?* ]] && sep='&'
	echo "${JIKENBO_TEST_POSTGRES}${sep}search_path=$schema"
}
dropdb() { [[ "$1" == postgres* ]] && psql -q -v ON_ERROR_STOP=1 "${JIKENBO_TEST_POSTGRES}" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS ${1##*search_path=} CASCADE" >/dev/null || true; }

engines=(sqlite)
[ -n "${JIKENBO_TEST_POSTGRES:-}" ] && engines+=(postgres)
for engine in "${engines[@]}"; do
	newdb() { if [ "$engine" = sqlite ]; then rm -f "$work/$1.db"*; echo "$work/$1.db"; else pgdb "$1"; fi; }
	ref=$(newdb ref)
	t0=$(date +%s.%N)
	"$bin" import --db "$ref" "$in" >/dev/null
	took=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
	facts "$ref" >"$work/ref.facts"
	want=$(wc -l <"$work/ref.facts")
	echo "== $engine: clean import, $want releases in ${took}s"

	# kill -9 at a random moment of an import, then import again.
	bad=0
	for k in $(seq "$kills"); do
		db=$(newdb "k$k")
		"$bin" import --db "$db" "$in" >/dev/null 2>&1 &
		pid=$!
		# somewhere in the first 90% of a clean import's time
		sleep "$(awk -v s="$k" -v t="$took" 'BEGIN { srand(s); printf "%.2f", 0.05 + rand() * t * 0.9 }')"
		kill -9 "$pid" 2>/dev/null && killed=yes || killed="no (finished)"
		wait "$pid" 2>/dev/null || true
		before=$( (facts "$db" 2>/dev/null || true) | wc -l)
		"$bin" import --db "$db" "$in" >/dev/null
		facts "$db" >"$work/k.facts"
		d=$(dups "$db")
		if cmp -s "$work/ref.facts" "$work/k.facts" && [ "$d" = 0 ]; then r=ok; else r=DIFFERENT; bad=$((bad + 1)); fi
		echo "kill -9 #$k: killed $killed with $before releases stored; after a second import: $(wc -l <"$work/k.facts") releases, $d duplicated, case numbers $r"
		dropdb "$db"
	done

	# Three imports of the same files at once.
	db=$(newdb overlap)
	for _ in 1 2 3; do "$bin" import --db "$db" "$in" >/dev/null 2>&1 & done
	wait
	facts "$db" >"$work/o.facts"
	d=$(dups "$db")
	if cmp -s "$work/ref.facts" "$work/o.facts" && [ "$d" = 0 ]; then r=ok; else r=DIFFERENT; bad=$((bad + 1)); fi
	echo "three overlapping imports: $(wc -l <"$work/o.facts") releases, $d duplicated, case numbers $r"
	dropdb "$db"

	# Search counts against grep on the stored texts.
	"$bin" export --db "$ref" --format json | jq -r '.releases[] | .text | gsub("\n"; " ")' >"$work/texts"
	port=$((20000 + RANDOM % 10000))
	"$bin" serve --db "$ref" --addr "127.0.0.1:$port" --no-sample --cache-mb 0 >/dev/null 2>&1 &
	spid=$!
	for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
	for term in 不正アクセス ランサムウェア 誤送信 クレジットカード 紛失 委託先; do
		g=$(grep -c -- "$term" "$work/texts" || true)
		s=$(curl -s "http://127.0.0.1:$port/api/v1/releases?q=$(printf %s "$term" | jq -sRr @uri)&limit=1" | jq -r '.total')
		[ "$g" = "$s" ] && r=ok || { r=DIFFERENT; bad=$((bad + 1)); }
		echo "search $term: $s releases, grep $g: $r"
	done
	kill "$spid"; wait "$spid" 2>/dev/null || true
	dropdb "$ref"
	echo "== $engine: $bad check(s) failed"
done
