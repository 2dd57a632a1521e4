#!/bin/sh
# The store's write path, old binary against new, interleaved in one run
# (docs/measurements/effective-facts.md). Usage:
#   effective-facts.sh OLD_FACTSBENCH NEW_FACTSBENCH OUT_DIR [PG_URL_BASE] [OLD_JIKENBO NEW_JIKENBO SYNTH_DIR]
# OLD_/NEW_FACTSBENCH are tools/factsbench built from each commit (the
# tool uses only jikenbo.Store, so one source builds against both).
# PG_URL_BASE (postgres://postgres@127.0.0.1:5432) adds the PostgreSQL
# runs, each into a new database. With the two jikenbo binaries and a
# directory made by `go run ./tools/gen -n N -out SYNTH_DIR`, the whole
# import (extraction, linking, store) is timed too, on SQLite.
# Sizes: WRITE_SQLITE (3000), WRITE_PG (1500) releases filed; runs in the
# order ORDER (old new new old).
set -eu
oldb=$1 newb=$2 out=$3 pg=${4:-} oldj=${5:-} newj=${6:-} synth=${7:-}
order=${ORDER:-old new new old}
mkdir -p "$out"
load() { cut -d' ' -f1 /proc/loadavg; }
i=0
for which in $order; do
	i=$((i + 1))
	if [ "$which" = old ]; then bench=$oldb; else bench=$newb; fi
	db=$out/store-$which-$i.db
	rm -f "$db" "$db-wal" "$db-shm"
	echo "== store sqlite $which (run $i), load $(load)"
	"$bench" -db "$db" -write "${WRITE_SQLITE:-3000}" -n 200
	if [ -n "$pg" ]; then
		name=factsbench_${which}_$i
		psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
		echo "== store postgres $which (run $i), load $(load)"
		"$bench" -db "$pg/$name?sslmode=disable" -write "${WRITE_PG:-1500}" -n 200
		psql -q "$pg/postgres" -c "DROP DATABASE $name"
	fi
done
[ -n "$synth" ] || exit 0
i=0
for which in $order; do
	i=$((i + 1))
	if [ "$which" = old ]; then bin=$oldj bench=$oldb; else bin=$newj bench=$newb; fi
	db=$out/import-$which-$i.db
	rm -f "$db" "$db-wal" "$db-shm"
	echo "== import sqlite $which (run $i), load $(load)"
	/usr/bin/time -f "import: %e s wall, %U s user, %S s sys, %M KB max RSS" "$bin" import --db "$db" "$synth" 2>&1 | tail -2
	"$bench" -db "$db" -n 200
done
