package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/jikenbo/jikenbo/classify"
	"github.com/jikenbo/jikenbo/ingest"
)

// classifyResult is one document's verdict as --json prints it.
type classifyResult struct {
	Source   string            `json:"source"`
	Title    string            `json:"title"`
	Incident bool              `json:"incident"`
	Score    float64           `json:"score"`
	Reasons  []classify.Reason `json:"reasons"`
}

func runClassify(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("classify", "usage: jikenbo classify [--json] FILE|URL...  (is each document an organisation's own notice of a security incident?)", stderr)
	asJSON := fs.Bool("json", false, "print JSON (an array) instead of text")
	files, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		return usageError(fs, "no file or URL to classify")
	}
	m := classify.Default()
	status := 0
	results := []classifyResult{}
	reader := &ingest.Reader{}
	for _, name := range files {
		if ctx.Err() != nil {
			return 130
		}
		res, err := readInput(ctx, reader, name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "jikenbo classify: %s\n", errorText(err))
			status = 1
			continue
		}
		for _, p := range res.Problems {
			fmt.Fprintf(stderr, "jikenbo classify: %s\n", errorText(p))
			status = 1
		}
		for _, d := range res.Documents {
			v := m.Classify(d.Title, d.Text)
			title := d.Title
			if title == "" {
				title = firstLine(d.Text)
			}
			results = append(results, classifyResult{d.Source, title, v.Incident, v.Score, v.Reasons})
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			fmt.Fprintf(stderr, "jikenbo classify: %v\n", err)
			return 1
		}
		return status
	}
	for _, r := range results {
		verdict := "not an incident notice"
		if r.Incident {
			verdict = "incident notice"
		}
		fmt.Fprintf(stdout, "%s\t%s\t%.3f\t%s\n", r.Source, verdict, r.Score, r.Title)
		for _, reason := range r.Reasons {
			fmt.Fprintf(stdout, "  %+.2f  %s\n", reason.Weight, reason.Cue)
		}
	}
	return status
}

func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}
