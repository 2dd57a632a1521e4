package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/ingest"
)

func runExtract(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pretty := fs.Bool("pretty", false, "indent the JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jikenbo extract [--pretty] FILE...  (- reads standard input)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	files := fs.Args()
	if len(files) == 0 {
		fs.Usage()
		return 2
	}
	status := 0
	out := make([]json.RawMessage, 0, len(files))
	for _, name := range files {
		if ctx.Err() != nil {
			return 130
		}
		var b []byte
		var err error
		if name == "-" {
			b, err = io.ReadAll(stdin)
		} else {
			b, err = os.ReadFile(name)
		}
		if err != nil {
			fmt.Fprintf(stderr, "jikenbo extract: %v\n", err)
			status = 1
			msg, _ := json.Marshal(map[string]string{"source": name, "error": err.Error()})
			out = append(out, msg)
			continue
		}
		text, enc := ingest.Decode(b)
		out = append(out, extractionJSON(name, enc, text))
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

// extractionJSON is the contract's object for one input plus three fields
// that say where it came from: source (the file name), encoding (what the
// input was read as) and offsets ("utf-8": evidence spans are byte offsets
// into the UTF-8 text, which differ from the file's bytes when the input
// was Shift_JIS or EUC-JP).
func extractionJSON(source, encoding, text string) json.RawMessage {
	facts, err := json.Marshal(extract.Extract(text))
	if err != nil {
		panic(err) // Facts always marshals
	}
	extra, _ := json.Marshal(struct {
		Source   string `json:"source"`
		Encoding string `json:"encoding"`
		Offsets  string `json:"offsets"`
	}{source, encoding, "utf-8"})
	facts = append(facts[:len(facts)-1], ',')
	return append(facts, extra[1:]...)
}
