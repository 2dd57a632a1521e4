#!/bin/sh
# The share of a corpus's cases with a JO model estimate, the yearly
# reports' media coverage, and the time of the first report (cold) and a
# later one (cached), measured through the public API and pages.
#   docs/measurements/scripts/lenses.sh ../shared/corpus/dev
set -e
corpus=${1:-../shared/corpus/dev}
dir=$(mktemp -d /tmp/lenses-measure-XXXXXX)
go build -o $dir/jikenbo ./cmd/jikenbo
$dir/jikenbo import --db $dir/c.db $corpus/*.txt | tail -1
$dir/jikenbo serve --db $dir/c.db --addr 127.0.0.1:18745 --no-sample >$dir/serve.log 2>&1 &
pid=$!
trap 'kill $pid; rm -rf $dir' EXIT
sleep 2
u=http://127.0.0.1:18745
python3 - $u <<'PY'
import json, sys, urllib.request, urllib.parse, time, re
u = sys.argv[1]
get = lambda p: json.load(urllib.request.urlopen(u + p))
cases, cur = [], ""
while True:
    pg = get("/api/v1/cases?limit=100" + ("&cursor=" + urllib.parse.quote(cur) if cur else ""))
    cases += pg["cases"]
    cur = pg.get("next_cursor")
    if not cur: break
withp = jo = 0
years = {}
for c in cases:
    d = get("/api/v1/cases/" + c["id"])
    p = d["facts"]["affected_persons"]
    withp += p is not None and p > 0
    jo += d["jo_estimate"] is not None
    years[c["id"][:4]] = years.get(c["id"][:4], 0) + 1
n = len(cases)
print(f"cases: {n}; with affected persons: {withp}; with a JO estimate: {jo} ({100*jo/n:.1f}% of cases, {100*jo/max(withp,1):.1f}% of those with persons)")
for y in sorted(years):
    t0 = time.time(); html = urllib.request.urlopen(f"{u}/report/{y}").read().decode(); t1 = time.time()
    urllib.request.urlopen(f"{u}/report/{y}?tax=tsr").read(); t2 = time.time()
    med = re.search(r'id="medium".*?</table>', html, re.S).group(0)
    unknown = re.search(r'<th scope="row">不明</th><td>(\d+)</td>', med)
    print(f"report {y}: {years[y]} cases, medium unknown for {unknown.group(1) if unknown else 0}; first view {1000*(t1-t0):.0f} ms, another lens {1000*(t2-t1):.0f} ms")
PY
