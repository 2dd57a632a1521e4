package main

import (
	"bufio"
	"context"
	"io"
	"net/url"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/stix"
	"github.com/jikenbo/jikenbo/veris"
)

func runExport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("export", "usage: jikenbo export [--db FILE] [--format json|csv|veris|stix] [--label NAME] [--query Q] [--case YYYY-NNN] [--base-url URL] [--source-id NAME] > FILE", stderr)
	db := dbFlag(fs)
	format := fs.String("format", "json", "json (the whole casebook, re-importable), csv (one row per case), veris (a JSON array of VERIS 1.4.1 incidents) or stix (a STIX 2.1 bundle)")
	label := fs.String("label", "", "veris, stix: only the cases with a public release carrying this label")
	query := fs.String("query", "", "veris, stix: only the cases with a public release matching this search")
	caseID := fs.String("case", "", "veris, stix: only this case")
	base := fs.String("base-url", "", "veris, stix: the casebook's public site, for links to its case and release pages")
	sourceID := fs.String("source-id", "", "veris, stix: the casebook's name in source_id and in the ids (default: the host of --base-url, else jikenbo)")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return usageError(fs, "unexpected argument %q (export writes to standard output)", rest[0])
	}
	interchange := *format == "veris" || *format == "stix"
	switch {
	case *format != "json" && *format != "csv" && !interchange:
		return usageError(fs, "--format %q: want json, csv, veris or stix", *format)
	case !interchange && (*label != "" || *query != "" || *caseID != ""):
		return usageError(fs, "--label, --query and --case select cases for --format veris or stix only")
	case *caseID != "" && (*label != "" || *query != ""):
		return usageError(fs, "--case cannot be combined with --label or --query")
	}
	src := veris.Source{ID: *sourceID, BaseURL: *base}
	if *base != "" {
		u, err := url.Parse(*base)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return usageError(fs, "--base-url %q: want http(s)://HOST[/PATH]", *base)
		}
		if src.ID == "" {
			src.ID = u.Host
		}
	}
	if *caseID != "" {
		if _, _, err := jikenbo.ParseCaseID(*caseID); err != nil {
			return usageError(fs, "--case: %s", jikenbo.ErrorMessage(err))
		}
	}
	s, err := openStore(ctx, *db, mustExist)
	if err != nil {
		return fail(stderr, "export", err)
	}
	defer s.Close()
	w := bufio.NewWriter(stdout)
	switch *format {
	case "csv":
		err = casebook.WriteCSV(ctx, s, w)
	case "json":
		err = casebook.WriteJSON(ctx, s, w)
	default:
		err = writeInterchange(ctx, s, w, *format, src, jikenbo.CaseSelection{Label: *label, Q: *query}, *caseID)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return fail(stderr, "export", err)
	}
	return 0
}

// writeInterchange writes the selected public cases as VERIS incidents or
// one STIX bundle, a case at a time.
func writeInterchange(ctx context.Context, qs jikenbo.QueryStore, w io.Writer, format string, src veris.Source, sel jikenbo.CaseSelection, caseID string) error {
	each := func(fn func(*jikenbo.CaseRecord) error) error {
		if caseID == "" {
			return jikenbo.EachPublicCase(ctx, qs, sel, fn)
		}
		rec, err := jikenbo.LoadCaseRecord(ctx, qs, caseID)
		if err != nil {
			return err
		}
		return fn(rec)
	}
	if format == "veris" {
		vw := veris.NewWriter(w)
		if err := each(func(r *jikenbo.CaseRecord) error { return vw.Write(veris.FromCase(r, src)) }); err != nil {
			return err
		}
		return vw.Close()
	}
	what := caseID
	if what == "" {
		what = "label=" + sel.Label + "&q=" + sel.Q
	}
	sw := stix.NewWriter(w, src, what)
	err := each(func(r *jikenbo.CaseRecord) error {
		for _, o := range stix.FromCase(r, src) {
			if err := sw.Write(o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return sw.Close()
}
