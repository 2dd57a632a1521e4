// Command importprof imports files into a casebook as `jikenbo import`
// does, writing a CPU and an allocation profile of the run, so that the
// import pipeline's costs can be read with `go tool pprof`
// (docs/measurements/import-pipeline.md).
//
//	go run ./tools/importprof -db /tmp/p.db -cpu /tmp/cpu.pprof -mem /tmp/mem.pprof /tmp/synth10k
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

func main() {
	db := flag.String("db", "", "casebook: a SQLite file or a postgres:// URL")
	cpu := flag.String("cpu", "", "write a CPU profile here")
	mem := flag.String("mem", "", "write an allocation profile here")
	flag.Parse()
	if err := run(*db, *cpu, *mem, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "importprof:", err)
		os.Exit(1)
	}
}

type closer interface{ Close() error }

func run(db, cpu, mem string, paths []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	im := &casebook.Importer{Extract: extract.Extract, Linker: &link.Linker{}}
	var c closer
	if postgres.IsDSN(db) {
		s, err := postgres.Open(ctx, db, postgres.Options{})
		if err != nil {
			return err
		}
		im.Store, c = s, s
	} else {
		s, err := sqlite.Open(ctx, db, sqlite.Options{})
		if err != nil {
			return err
		}
		im.Store, c = s, s
	}
	defer c.Close()
	if mem != "" {
		runtime.MemProfileRate = 64 << 10
	}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	sum, err := im.Import(ctx, paths)
	el := time.Since(start)
	if sum != nil {
		fmt.Printf("%d files: %d added, %d present, %d linked, %d new cases, %d failed in %.1f s (%.0f releases/s)\n",
			sum.Files, sum.Added, sum.Present, sum.Linked, sum.NewCases, sum.Failed, el.Seconds(), float64(sum.Added+sum.Present)/el.Seconds())
	}
	if mem != "" {
		f, err := os.Create(mem)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	return err
}
