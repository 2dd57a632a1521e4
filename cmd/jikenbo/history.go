package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jikenbo/jikenbo"
)

func runHistory(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("history", "usage: jikenbo history [--db FILE] RELEASE  (a release ID, or the URL or path it was imported from)", stderr)
	db := dbFlag(fs)
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 {
		return usageError(fs, "want one RELEASE, got %d arguments", len(rest))
	}
	s, err := openStore(ctx, *db, mustExist)
	if err != nil {
		return fail(stderr, "history", err)
	}
	defer s.Close()
	var rel *jikenbo.Release
	if id, perr := strconv.ParseInt(rest[0], 10, 64); perr == nil {
		rel, err = s.FindReleaseByID(ctx, id)
	} else {
		rel, err = s.FindReleaseBySource(ctx, rest[0])
	}
	if err != nil {
		return fail(stderr, "history", err)
	}
	vs, err := s.FindVersions(ctx, rel.ID)
	if err != nil {
		return fail(stderr, "history", err)
	}
	writeHistory(stdout, rel, vs)
	return 0
}

// writeHistory prints each version with the facts that changed and a
// line diff of its text against the previous version's.
func writeHistory(w io.Writer, rel *jikenbo.Release, vs []*jikenbo.ReleaseVersion) {
	fmt.Fprintf(w, "release %d: %s (%d versions)\n", rel.ID, rel.Source, len(vs))
	for i, v := range vs {
		fmt.Fprintf(w, "\nversion %d  imported %s  sha256 %s  %s  %d bytes\n", v.Number, v.ImportedAt.UTC().Format("2006-01-02 15:04:05Z"),
			v.SHA256, v.ContentType(), len(v.Original))
		if i == 0 {
			continue
		}
		if len(v.ChangedFacts) == 0 {
			fmt.Fprintln(w, "facts: unchanged")
		} else {
			fmt.Fprintln(w, "facts changed:")
			for _, c := range v.ChangedFacts {
				fmt.Fprintf(w, "  %s: %s -> %s\n", c.Field, c.Before, c.After)
			}
		}
		fmt.Fprintf(w, "--- version %d\n+++ version %d\n", vs[i-1].Number, v.Number)
		writeDiff(w, splitLines(vs[i-1].Text), splitLines(v.Text), 2)
	}
}

func splitLines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// diffOp is one line of a line diff: ' ' kept, '-' removed, '+' added.
type diffOp struct {
	kind byte
	line string
}

// lineDiff is a longest-common-subsequence diff of two lists of lines.
// The common start and end are taken off first, so that an edit of a few
// lines in a long release costs little; the table is quadratic in what is
// left, which for a release (a few hundred lines) stays small.
func lineDiff(a, b []string) []diffOp {
	var ops []diffOp
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		ops = append(ops, diffOp{' ', a[pre]})
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(ma), len(mb)
	// lcs[i][j] is the LCS length of ma[i:] and mb[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if ma[i] == mb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && ma[i] == mb[j]:
			ops = append(ops, diffOp{' ', ma[i]})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			ops = append(ops, diffOp{'+', mb[j]})
			j++
		default:
			ops = append(ops, diffOp{'-', ma[i]})
			i++
		}
	}
	for k := len(a) - suf; k < len(a); k++ {
		ops = append(ops, diffOp{' ', a[k]})
	}
	return ops
}

// writeDiff prints the changed lines of a diff with context lines around
// them, and "…" where unchanged lines are left out.
func writeDiff(w io.Writer, a, b []string, context int) {
	ops := lineDiff(a, b)
	show := make([]bool, len(ops))
	changed := false
	for k, op := range ops {
		if op.kind != ' ' {
			changed = true
			for c := max(0, k-context); c <= min(len(ops)-1, k+context); c++ {
				show[c] = true
			}
		}
	}
	if !changed {
		fmt.Fprintln(w, "  (text unchanged)")
		return
	}
	skipped := false
	for k, op := range ops {
		if !show[k] {
			skipped = true
			continue
		}
		if skipped {
			fmt.Fprintln(w, "  …")
			skipped = false
		}
		fmt.Fprintf(w, "%c %s\n", op.kind, op.line)
	}
	if skipped {
		fmt.Fprintln(w, "  …")
	}
}
