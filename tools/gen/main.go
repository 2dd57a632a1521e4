// Command gen writes synthetic releases (package synth) for load tests
// and measurements: one text file per release, in subfolders of 1,000,
// plus incidents.tsv mapping each file to its incident.
//
//	go run ./tools/gen -n 100000 -out /tmp/synth
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jikenbo/jikenbo/internal/synth"
)

func main() {
	n := flag.Int("n", 1000, "number of releases")
	out := flag.String("out", "synth", "output folder (created)")
	seed := flag.Uint64("seed", 1, "random seed; the same seed writes the same files")
	flag.Parse()
	if err := run(*n, *out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(n int, out string, seed uint64) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(out, "incidents.tsv"))
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	g := synth.New(seed, n)
	var bytes int64
	for i := range n {
		r := g.Next()
		dir := filepath.Join(out, fmt.Sprintf("%04d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(dir, r.Name), []byte(r.Text), 0o644); err != nil {
			return err
		}
		bytes += int64(len(r.Text))
		fmt.Fprintf(w, "%s\t%d\n", r.Name, r.Incident)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Printf("%d releases, %.1f MB, in %s\n", n, float64(bytes)/1e6, out)
	return nil
}
