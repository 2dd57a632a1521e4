package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/link"
)

func runImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("import", "usage: jikenbo import [--db FILE] [--draft] [--exclude GLOB] PATH|URL...  (text, HTML, PDF, Blogger exports, jikenbo exports, https URLs; directories recursively)", stderr)
	db := dbFlag(fs)
	draft := fs.Bool("draft", false, "add new releases as drafts, to be published on the desk")
	var exclude globs
	fs.Var(&exclude, "exclude", "leave out files and directories matching this glob (name or path; repeatable)")
	paths, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(paths) == 0 {
		return usageError(fs, "no file, directory or URL to import")
	}
	s, err := openStore(ctx, *db, create)
	if err != nil {
		return fail(stderr, "import", err)
	}
	defer s.Close()
	im := &casebook.Importer{Store: s, Extract: extract.Extract, Linker: &link.Linker{}, Log: newLogger(stderr), Draft: *draft, Exclude: exclude,
		Actor: cliActor()}
	var bar *progressBar
	if isTerminal(stderr) {
		bar = &progressBar{w: stderr, start: time.Now()}
		im.Progress = bar.update
	}
	sum, err := im.Import(ctx, paths)
	if bar != nil {
		bar.clear()
	}
	if sum != nil {
		for _, f := range sum.Failures {
			fmt.Fprintf(stderr, "jikenbo import: %s\n", f)
		}
		fmt.Fprintf(stdout, "%s: %d added, %d already present, %d linked to existing cases, %s, %d failed\n",
			plural(sum.Files, "file", "files"), sum.Added, sum.Present, sum.Linked, plural(sum.NewCases, "new case", "new cases"), sum.Failed)
		if sum.Versions > 0 {
			fmt.Fprintf(stdout, "%s of releases already in the casebook (edited at the source)\n", plural(sum.Versions, "new version", "new versions"))
		}
		if sum.Sources > 0 {
			fmt.Fprintf(stdout, "%d releases already in the casebook came from another source (kept as its sources)\n", sum.Sources)
		}
		if len(sum.Skipped) > 0 {
			kinds := slices.Sorted(maps.Keys(sum.Skipped))
			var parts []string
			for _, k := range kinds {
				parts = append(parts, fmt.Sprintf("%d %s", sum.Skipped[k], k))
			}
			fmt.Fprintf(stdout, "Blogger entries skipped (not live posts): %s\n", strings.Join(parts, ", "))
		}
		if len(sum.SkippedFiles) > 0 {
			var parts []string
			for _, k := range slices.Sorted(maps.Keys(sum.SkippedFiles)) {
				parts = append(parts, fmt.Sprintf("%d %s", sum.SkippedFiles[k], k))
			}
			fmt.Fprintf(stdout, "files skipped: %s\n", strings.Join(parts, ", "))
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "jikenbo import: interrupted; run it again to finish")
			return 130
		}
		return fail(stderr, "import", err)
	}
	if sum.Failed > 0 {
		return 1
	}
	return 0
}

// isTerminal reports whether w is a terminal (a character device), where
// a progress bar helps; in a pipe or a log file it would be noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws one line, redrawn at most every 100 ms.
type progressBar struct {
	w     io.Writer
	start time.Time
	last  time.Time
}

func (p *progressBar) update(done, total int64, s *casebook.Summary) {
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last = now
	frac := 1.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	elapsed := now.Sub(p.start)
	n := s.Added + s.Present + s.Failed
	rate := float64(n) / max(elapsed.Seconds(), 0.001)
	eta := "--"
	if frac > 0 && frac < 1 {
		eta = (time.Duration(float64(elapsed)/frac) - elapsed).Round(time.Second).String()
	}
	const width = 30
	filled := int(frac * width)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% %d releases %.0f/s ETA %s ", strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
		frac*100, n, rate, eta)
}

func (p *progressBar) clear() { fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 78)) }

// plural is "1 file" or "2 files".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// globs is a repeatable flag of glob patterns.
type globs []string

func (g *globs) String() string { return strings.Join(*g, ",") }

func (g *globs) Set(v string) error {
	if _, err := filepath.Match(v, ""); err != nil {
		return fmt.Errorf("bad pattern %q: %v", v, err)
	}
	*g = append(*g, v)
	return nil
}
