package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/ingest"
)

func runExtract(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("extract", "usage: jikenbo extract [--pretty] FILE|URL...  (text, HTML, PDF or Blogger export; - reads standard input)", stderr)
	pretty := fs.Bool("pretty", false, "indent the JSON")
	files, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		return usageError(fs, "no file or URL to read")
	}
	status := 0
	out := make([]json.RawMessage, 0, len(files))
	reader := &ingest.Reader{}
	for _, name := range files {
		if ctx.Err() != nil {
			return 130
		}
		res, err := readInput(ctx, reader, name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "jikenbo extract: %s\n", errorText(err))
			status = 1
			msg, _ := json.Marshal(map[string]string{"source": name, "error": errorText(err)})
			out = append(out, msg)
			continue
		}
		for _, d := range res.Documents {
			if res.Kind == ingest.KindText {
				// A casebook page holds several posts: one object each,
				// as import files them ("page.txt#2").
				if posts, err := ingest.ReadText(d.Source, []byte(d.Text)); err == nil && len(posts) > 1 {
					for _, p := range posts {
						out = append(out, extractionJSON(p.Source, d.Encoding, p.Text))
					}
					continue
				}
			}
			out = append(out, extractionJSON(d.Source, d.Encoding, d.Text))
		}
		for _, p := range res.Problems {
			fmt.Fprintf(stderr, "jikenbo extract: %s\n", errorText(p))
			status = 1
			msg, _ := json.Marshal(map[string]string{"source": name, "error": errorText(p)})
			out = append(out, msg)
		}
		if res.Kind == ingest.KindBlogger {
			fmt.Fprintf(stderr, "jikenbo extract: %s: %d posts%s\n", name, len(res.Documents), skippedText(res.Skipped))
		}
	}
	var buf bytes.Buffer
	var v any = out
	if len(out) == 1 {
		v = out[0]
	}
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if *pretty {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "jikenbo extract: %v\n", err)
		return 1
	}
	stdout.Write(buf.Bytes())
	return status
}

// readInput reads one input: an http(s) URL is fetched, "-" is standard
// input, anything else a file. The kind (text, HTML, PDF, Blogger export)
// is told from the bytes.
func readInput(ctx context.Context, r *ingest.Reader, name string, stdin io.Reader) (*ingest.Result, error) {
	var b []byte
	var err error
	contentType := ""
	switch {
	case strings.HasPrefix(name, "http://") || strings.HasPrefix(name, "https://"):
		f, err := ingest.Fetch(ctx, name, ingest.FetchOptions{})
		if err != nil {
			return nil, err
		}
		name, contentType, b = f.URL, f.ContentType, f.Body
	case name == "-":
		b, err = io.ReadAll(stdin)
	default:
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, err
	}
	return r.Read(ctx, name, contentType, b)
}

// errorText is the message of an application error (which names its
// input) or the whole chain of any other.
func errorText(err error) string {
	if jikenbo.ErrorCode(err) == jikenbo.EINTERNAL {
		return err.Error()
	}
	return jikenbo.ErrorMessage(err)
}

// skippedText lists the entries of a Blogger export that are not posts.
func skippedText(skipped map[string]int) string {
	kinds := slices.Sorted(maps.Keys(skipped))
	if len(kinds) == 0 {
		return ""
	}
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", skipped[k], k)
	}
	return "; skipped " + strings.Join(parts, ", ")
}

// extractionJSON is the contract's object for one input plus three fields
// that say where it came from: source (the file name, the final URL, or a
// Blogger post's URL), encoding (what the input was read as; absent for a
// PDF, whose text pdftotext gives as UTF-8) and offsets ("utf-8": evidence spans are byte offsets
// into the UTF-8 text, which differ from the file's bytes when the input
// was Shift_JIS or EUC-JP).
func extractionJSON(source, encoding, text string) json.RawMessage {
	facts, err := json.Marshal(extract.Extract(text))
	if err != nil {
		panic(err) // Facts always marshals
	}
	extra, _ := json.Marshal(struct {
		Source   string `json:"source"`
		Encoding string `json:"encoding,omitempty"`
		Offsets  string `json:"offsets"`
	}{source, encoding, "utf-8"})
	facts = append(facts[:len(facts)-1], ',')
	return append(facts, extra[1:]...)
}
