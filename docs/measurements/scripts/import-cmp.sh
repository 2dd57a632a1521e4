#!/bin/sh
# Import INPUT with /tmp/ip/jikenbo-main and /tmp/ip/jikenbo-new, interleaved,
# ROUNDS times: a fresh casebook, then the same import again (all present).
# usage: import-cmp.sh INPUT [ROUNDS]
in=$1; rounds=${2:-2}
for i in $(seq 1 $rounds); do
  for b in main new; do
    rm -f /tmp/ip/cmp-$b.db*
    /usr/bin/time -f "$b round $i: %e s wall, %U s user, %S s sys, %M KB max RSS" /tmp/ip/jikenbo-$b import --db /tmp/ip/cmp-$b.db $in 2>&1 | tail -2
    /usr/bin/time -f "$b round $i re-import: %e s wall, %U s user, %S s sys" /tmp/ip/jikenbo-$b import --db /tmp/ip/cmp-$b.db $in 2>&1 | tail -2
    uptime
  done
done
