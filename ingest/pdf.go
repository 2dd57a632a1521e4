package ingest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
)

// DefaultPDFTimeout bounds one pdftotext run. A release of a few pages
// takes milliseconds; a minute means a pathological file.
const DefaultPDFTimeout = time.Minute

// PDFOptions configures how PDF files are read. The zero value runs
// pdftotext from PATH with DefaultPDFTimeout.
type PDFOptions struct {
	// Command is the pdftotext to run; "" looks it up on PATH.
	Command string
	Timeout time.Duration
	// MaxLayout bounds pdftotext's layout output, which is read whole
	// before the layout is rebuilt: a PDF whose layout passes it is
	// refused. 0 means MaxTextSize, the limit a text file has.
	MaxLayout int
}

// ErrNoPdftotext says pdftotext is not installed.
var ErrNoPdftotext = jikenbo.Errorf(jikenbo.EINTERNAL,
	"pdftotext not found: reading PDF files needs poppler-utils and poppler-data (Debian/Ubuntu: apt-get install poppler-utils poppler-data)")

// Read extracts the text of a PDF file with poppler's pdftotext, the only
// extractor that read every Japanese test PDF right (see
// engineering-notes §3). pdftotext gives each line with its position
// (-bbox-layout), and the layout is rebuilt here: columns are read one
// after the other, a line broken at the right margin is joined to the
// next (without a space between Japanese characters), and lines repeated
// at the top or bottom of the pages (headers, footers, page numbers) are
// dropped. A PDF without any text, usually a scan, is an error: it would
// otherwise become an empty release.
func (o PDFOptions) Read(ctx context.Context, name string, b []byte) (Document, error) {
	if len(b) > MaxPDFSize {
		return Document{}, invalidf(name, "the PDF is %d MB, more than the %d MB limit", len(b)>>20, MaxPDFSize>>20)
	}
	if !isPDF(b) {
		return Document{}, invalidf(name, "not a PDF")
	}
	// pdftotext quietly reconstructs a file whose end is missing and
	// returns the pages it still finds, so a cut-off download would be
	// stored as a shorter release. Every complete PDF ends with %%EOF.
	if !bytes.Contains(b[max(0, len(b)-4096):], []byte("%%EOF")) {
		return Document{}, invalidf(name, "truncated PDF: the file does not end with %%%%EOF (an interrupted download or copy?)")
	}
	out, err := o.run(ctx, name, b)
	if err != nil {
		return Document{}, err
	}
	pages, meta, err := parseBBox(out)
	if err != nil {
		return Document{}, invalidf(name, "reading pdftotext's output: %v", err)
	}
	text := pdfText(pages)
	if len(text) > MaxTextSize {
		return Document{}, invalidf(name, "%d MB of text is more than the %d MB a release can have", len(text)>>20, MaxTextSize>>20)
	}
	if strings.TrimSpace(text) == "" {
		return Document{}, invalidf(name, "the PDF has no text layer (%d page(s) of images only: a scanned document?); it needs OCR, which jikenbo does not do", len(pages))
	}
	title := pdfTitle(text, meta)
	return Document{Source: name, ContentType: TypePDF, Original: b, Title: title, Text: text,
		Published: dateInText(text), Pages: len(pages)}, nil
}

// run runs pdftotext on b and returns its -bbox-layout output.
func (o PDFOptions) run(ctx context.Context, name string, b []byte) ([]byte, error) {
	cmd := o.Command
	if cmd == "" {
		cmd = "pdftotext"
	}
	path, err := exec.LookPath(cmd)
	if err != nil {
		return nil, ErrNoPdftotext
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultPDFTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// pdftotext needs a seekable file; standard input is not one.
	f, err := os.CreateTemp("", "jikenbo-*.pdf")
	if err != nil {
		return nil, fmt.Errorf("%s: temporary file for pdftotext: %w", name, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: temporary file for pdftotext: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("%s: temporary file for pdftotext: %w", name, err)
	}

	// The layout is read through a limit: a PDF of a few MB can hold
	// thousands of pages whose layout runs to hundreds of MB, so reading
	// stops, and pdftotext is stopped, at the size a text file may have.
	var stderr bytes.Buffer
	c := exec.CommandContext(ctx, path, "-enc", "UTF-8", "-bbox-layout", f.Name(), "-")
	c.Stderr = &stderr
	c.WaitDelay = time.Second
	pipe, err := c.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("%s: pdftotext: %w", name, err)
	}
	if err := c.Start(); err != nil {
		return nil, fmt.Errorf("%s: pdftotext: %w", name, err)
	}
	limit := o.maxLayout()
	out, rerr := io.ReadAll(io.LimitReader(pipe, int64(limit)+1))
	tooBig := len(out) > limit
	if tooBig {
		cancel()
	}
	err = c.Wait()
	switch {
	case tooBig:
		return nil, invalidf(name, "pdftotext's text and layout of the PDF pass %s after %d pages: too large to be one release",
			sizeName(limit), bytes.Count(out, []byte("<page ")))
	case ctx.Err() == context.DeadlineExceeded:
		return nil, invalidf(name, "pdftotext did not finish within %s", timeout)
	case ctx.Err() != nil:
		return nil, fmt.Errorf("%s: %w", name, ctx.Err())
	case err != nil:
		return nil, pdftotextError(name, err, stderr.String())
	case rerr != nil:
		return nil, fmt.Errorf("%s: reading pdftotext's output: %w", name, rerr)
	}
	// Without poppler-data, Japanese CID fonts that are not embedded give
	// no text, and pdftotext says so only on standard error.
	if strings.Contains(stderr.String(), "Missing language pack") {
		return nil, invalidf(name, "pdftotext cannot map this PDF's Japanese fonts: install poppler-data (apt-get install poppler-data)")
	}
	return out, nil
}

// sizeName writes a limit in MB, or in KB when smaller.
func sizeName(n int) string {
	if n < 1<<20 {
		return strconv.Itoa(n>>10) + " KB"
	}
	return strconv.Itoa(n>>20) + " MB"
}

// maxLayout is the most of pdftotext's output that is read.
func (o PDFOptions) maxLayout() int {
	if o.MaxLayout > 0 {
		return o.MaxLayout
	}
	return MaxTextSize
}

// pdftotextError explains pdftotext's exit codes (1: the file could not be
// opened or read, 3: its permissions forbid copying text).
func pdftotextError(name string, err error, stderr string) error {
	msg := strings.TrimSpace(stderr)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		switch {
		case strings.Contains(stderr, "Incorrect password"):
			return invalidf(name, "the PDF is password-protected")
		case ee.ExitCode() == 1:
			return invalidf(name, "damaged PDF: pdftotext could not read it (%s)", msg)
		case ee.ExitCode() == 3:
			return invalidf(name, "the PDF's permissions forbid copying its text")
		}
	}
	return fmt.Errorf("%s: pdftotext: %v: %s", name, err, msg)
}

// pdfWord, pdfLine and pdfPage are pdftotext's -bbox-layout output.
type pdfLine struct {
	x0, y0, x1, y1 float64
	text           string
}

func (l pdfLine) height() float64 { return l.y1 - l.y0 }

type pdfPage struct {
	width, height float64
	lines         []pdfLine
}

// parseBBox reads pdftotext's XHTML: pages holding lines holding words,
// each with its box. Flows and blocks, pdftotext's own guess at the
// reading order, are ignored: they put the first lines of a second column
// among those of the first.
func parseBBox(b []byte) ([]pdfPage, string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	var pages []pdfPage
	var title string
	var line *pdfLine
	var words []string
	var inWord, inTitle bool
	var word strings.Builder
	num := func(e xml.StartElement, key string) float64 {
		for _, a := range e.Attr {
			if a.Name.Local == key {
				f, err := strconv.ParseFloat(a.Value, 64)
				if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
					return 0 // pdftotext writes plain numbers; anything else is no position
				}
				return f
			}
		}
		return 0
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "title":
				inTitle = true
			case "page":
				pages = append(pages, pdfPage{width: num(t, "width"), height: num(t, "height")})
			case "line":
				line = &pdfLine{x0: num(t, "xMin"), y0: num(t, "yMin"), x1: num(t, "xMax"), y1: num(t, "yMax")}
				words = words[:0]
			case "word":
				inWord = true
				word.Reset()
			}
		case xml.CharData:
			if inWord {
				word.Write(t)
			} else if inTitle {
				title += string(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "title":
				inTitle = false
			case "word":
				inWord = false
				if w := strings.TrimSpace(word.String()); w != "" {
					words = append(words, w)
				}
			case "line":
				if line != nil && len(words) > 0 && len(pages) > 0 {
					line.text = strings.Join(words, " ")
					p := &pages[len(pages)-1]
					p.lines = append(p.lines, *line)
				}
				line = nil
			}
		}
	}
	return pages, strings.TrimSpace(title), nil
}
