#!/bin/sh
# Compares the re-reading of ongoing cases before and after the due-check
# index and conditional GETs: builds tools/watchwalk against OLD (a commit,
# default 76e2f0a, before the change) and against the work tree, then runs
# them interleaved, old then new, for each number of cases.
#
#	docs/measurements/scripts/watchwalk.sh [OLD] [CASES...]
set -eu
old=${1:-76e2f0a}
[ $# -gt 0 ] && shift
cases=${*:-2000 10000}
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$root" archive "$old" | tar -x -C "$tmp"
mkdir -p "$tmp/tools/watchwalk"
cp "$root/tools/watchwalk/main.go" "$tmp/tools/watchwalk/"
(cd "$tmp" && go build -o "$tmp/watchwalk-old" ./tools/watchwalk)
(cd "$root" && go build -o "$tmp/watchwalk-new" ./tools/watchwalk)
head=cat
for n in $cases; do
	"$tmp/watchwalk-old" -cases "$n" -label "old ($old)" | $head
	head="tail -n +3"
	"$tmp/watchwalk-new" -cases "$n" -label new | tail -n +3
done
