package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo"
)

// Kinds of input ReadBytes recognises.
const (
	KindText    = "text"
	KindHTML    = "html"
	KindPDF     = "pdf"
	KindBlogger = "blogger" // a Blogger export or any Atom feed
)

// Content types of Documents.
const (
	TypeText = "text/plain; charset=utf-8"
	TypeHTML = "text/html"
	TypePDF  = "application/pdf"
)

// Size limits. A release is a few pages; far larger inputs are nearly
// always something else (a site dump, a video behind a .pdf link) and
// would only cost memory and time. Blogger exports hold a whole blog.
const (
	MaxHTMLSize    = 20 << 20
	MaxPDFSize     = 64 << 20
	MaxTextSize    = 20 << 20
	MaxBloggerSize = 512 << 20
)

// Document is one release read from a source: an HTML page, a PDF file, a
// text file or one post of a Blogger export.
type Document struct {
	// Source is where the release came from: the file path, the final URL
	// after redirects, or a Blogger post's URL.
	Source string
	// ContentType is the type of Original (TypeHTML with its charset,
	// TypePDF, TypeText).
	ContentType string
	// Original is what the casebook keeps verbatim: the file's or the
	// response's bytes; for a Blogger post, the post's HTML content as the
	// export holds it (UTF-8).
	Original []byte
	// Encoding is what Original was read as (UTF-8, Shift_JIS, EUC-JP,
	// ISO-2022-JP); "" for PDF, whose text comes out of pdftotext as UTF-8.
	Encoding string

	Title string
	// Text is the release text for the extractor: one paragraph per line,
	// without markup, navigation or repeated page headers.
	Text string
	// Published is the day the source says the release was published
	// (zero when unknown); PublishedAt is the instant when the source says
	// it to the second (Blogger), in the source's own time zone.
	Published   jikenbo.Date
	PublishedAt time.Time
	UpdatedAt   time.Time
	// URL is the page's canonical or post URL when the source names one.
	URL string
	// Labels are the Blogger post's labels.
	Labels []string
	// ID is the source's own identifier of the document (a Blogger entry
	// id), "" when it has none.
	ID string
	// Pages is the number of pages of a PDF.
	Pages int
	// Notes say what reading changed that the reader should know of:
	// control characters removed, invalid bytes replaced.
	Notes []string
}

// Result is what one input gave.
type Result struct {
	Kind      string
	Documents []Document
	// Skipped counts the entries of a Blogger export that are not live
	// posts, by kind ("settings", "comment", "page", "template", "draft",
	// "trashed"...).
	Skipped map[string]int
	// Problems are the entries that could not be read; the other entries
	// were still read. Each names the input and the entry.
	Problems []error
}

// Reader reads inputs into Documents. The zero Reader is ready to use.
type Reader struct {
	// PDF configures pdftotext.
	PDF PDFOptions
	// Blogger configures the reading of Blogger exports.
	Blogger BloggerOptions
}

// ReadBytes reads one input with a default Reader. Entries of a Blogger
// export that could not be read are returned joined as the error, next to
// the documents that could.
func ReadBytes(name string, b []byte) ([]Document, error) {
	var r Reader
	res, err := r.Read(context.Background(), name, "", b)
	if err != nil {
		return nil, err
	}
	return res.Documents, errors.Join(res.Problems...)
}

// Read reads the input called name (a file path or URL, used in messages
// and as the Source) holding b. contentType is the type a server sent, ""
// for files. The kind is sniffed from the bytes: the name and the
// content type only decide when the bytes do not, and an input that claims
// to be a PDF but is not is rejected, because it is then nearly always a
// server's error or login page saved under the PDF's name.
func (r *Reader) Read(ctx context.Context, name, contentType string, b []byte) (*Result, error) {
	kind, err := Sniff(name, contentType, b)
	if err != nil {
		return nil, err
	}
	res := &Result{Kind: kind}
	switch kind {
	case KindPDF:
		d, err := r.PDF.Read(ctx, name, b)
		if err != nil {
			return nil, err
		}
		res.Documents = []Document{d}
	case KindHTML:
		d, err := ReadHTML(name, contentType, b)
		if err != nil {
			return nil, err
		}
		res.Documents = []Document{d}
	case KindBlogger:
		br, err := r.Blogger.Read(name, b)
		if err != nil {
			return nil, err
		}
		res.Documents, res.Skipped, res.Problems = br.Posts, br.Skipped, br.Problems
	default:
		d, err := readPlain(name, b)
		if err != nil {
			return nil, err
		}
		res.Documents = []Document{d}
	}
	for i := range res.Documents {
		d := &res.Documents[i]
		var n, m int
		d.Text, n = CleanText(d.Text)
		d.Title, m = CleanText(d.Title)
		if n+m > 0 {
			d.Notes = append(d.Notes, controlNote(n+m))
		}
	}
	return res, nil
}

// invalidf returns an EINVALID error whose message starts with the input's
// name, so that a message read alone (in an import summary, in a log)
// still says which input it is about.
func invalidf(name, format string, args ...any) error {
	return jikenbo.Errorf(jikenbo.EINVALID, "%s: %s", name, fmt.Sprintf(format, args...))
}

// Sniff tells what kind of input b is. The bytes decide: PDF magic, an
// Atom feed, HTML markup, else text. A name ending in .pdf or a PDF
// content type whose bytes are not a PDF is an error.
func Sniff(name, contentType string, b []byte) (string, error) {
	claimsPDF := strings.EqualFold(path.Ext(stripQuery(name)), ".pdf")
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && mt == "application/pdf" {
		claimsPDF = true
	}
	switch {
	case isPDF(b):
		return KindPDF, nil
	case claimsPDF:
		what := "not a PDF"
		switch {
		case len(bytes.TrimSpace(b)) == 0:
			what = "empty, not a PDF"
		case isHTML(b):
			what = "HTML, not a PDF (a server's error or login page saved under the PDF's name?)"
		}
		return "", invalidf(name, "%s", what)
	case isFeed(b):
		return KindBlogger, nil
	case isHTML(b):
		return KindHTML, nil
	}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		return KindHTML, nil
	}
	ext := strings.ToLower(path.Ext(stripQuery(name)))
	if ext == ".html" || ext == ".htm" || ext == ".xhtml" {
		return KindHTML, nil
	}
	return KindText, nil
}

func stripQuery(name string) string {
	if i := strings.IndexAny(name, "?#"); i >= 0 && strings.Contains(name, "://") {
		return name[:i]
	}
	return name
}

// isPDF looks for %PDF- in the first kilobyte, where readers accept it
// (some producers put junk before it).
func isPDF(b []byte) bool {
	return bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-"))
}

// head returns the start of b, lower-cased, without a byte-order mark and
// leading space, for sniffing.
func head(b []byte, n int) []byte {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return bytes.ToLower(b[:min(len(b), n)])
}

// isFeed reports an Atom feed: an XML document whose first element is
// <feed>, after the prolog, comments, processing instructions and a
// document type declaration.
func isFeed(b []byte) bool {
	h := head(b, 4096)
	for {
		switch {
		case bytes.HasPrefix(h, []byte("<?")):
			i := bytes.Index(h, []byte("?>"))
			if i < 0 {
				return false
			}
			h = bytes.TrimLeft(h[i+2:], " \t\r\n")
		case bytes.HasPrefix(h, []byte("<!--")):
			i := bytes.Index(h, []byte("-->"))
			if i < 0 {
				return false
			}
			h = bytes.TrimLeft(h[i+3:], " \t\r\n")
		case bytes.HasPrefix(h, []byte("<!doctype")):
			// A document type declaration, with its internal subset in
			// brackets if it has one. The feed reader never expands the
			// entities it may declare: an entity it does not know is an
			// error, so such an export is refused, not stored as text.
			end := h
			if i, j := bytes.IndexByte(h, '['), bytes.IndexByte(h, '>'); i >= 0 && (j < 0 || i < j) {
				k := bytes.IndexByte(h[i:], ']')
				if k < 0 {
					return false
				}
				end = h[i+k:]
			}
			j := bytes.IndexByte(end, '>')
			if j < 0 {
				return false
			}
			h = bytes.TrimLeft(end[j+1:], " \t\r\n")
		default:
			return bytes.HasPrefix(h, []byte("<feed")) && len(h) > 5 && strings.IndexByte(" \t\r\n>", h[5]) >= 0
		}
	}
}

// isHTML applies net/http's sniffing rules, and also finds <html after a
// leading comment or XML prolog, which those rules do not look past.
func isHTML(b []byte) bool {
	if strings.HasPrefix(http.DetectContentType(b), "text/html") {
		return true
	}
	h := head(b, 1024)
	return bytes.HasPrefix(h, []byte("<")) && (bytes.Contains(h, []byte("<html")) || bytes.Contains(h, []byte("<!doctype html")))
}

// readPlain reads a text file as one release.
func readPlain(name string, b []byte) (Document, error) {
	if len(b) > MaxTextSize {
		return Document{}, invalidf(name, "%d MB of text is more than the %d MB a release can have", len(b)>>20, MaxTextSize>>20)
	}
	if isBinary(b) {
		return Document{}, invalidf(name, "binary data, not text, HTML, PDF or a Blogger export")
	}
	text, enc, invalid := decodeCounting(b)
	if err := checkDecoded(name, len(b), enc, invalid); err != nil {
		return Document{}, err
	}
	if strings.TrimSpace(text) == "" {
		return Document{}, invalidf(name, "no text")
	}
	// No Published: a text file's date is the extractor's to read, by its
	// release-date rules; the first date in the text is as often the day
	// of the incident.
	d := Document{Source: name, ContentType: TypeText, Original: b, Encoding: enc, Text: text, Title: firstLine(text)}
	if invalid > 0 {
		d.Notes = append(d.Notes, invalidNote(invalid, enc))
	}
	return d, nil
}

// isBinary reports data no text editor would have written: NUL bytes or
// many control characters in the first 8 KB.
func isBinary(b []byte) bool {
	h := b[:min(len(b), 8192)]
	if bytes.IndexByte(h, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range h {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctl++
		}
	}
	return ctl > len(h)/50+2
}

// checkDecoded rejects text that did not decode: when more than one
// byte in 50 of the input was invalid in the encoding that read it best,
// the input was not UTF-8, Shift_JIS or EUC-JP, and importing it would
// store mojibake. A few stray bad bytes, common in real Shift_JIS pages
// and in downloads cut mid-character, are tolerated (and noted).
func checkDecoded(name string, size int, enc string, invalid int) error {
	if invalid > 4 && invalid*50 > size {
		return invalidf(name, "not readable as UTF-8, Shift_JIS or EUC-JP: even as %s, the closest, %d of %d bytes are invalid", enc, invalid, size)
	}
	return nil
}

func firstLine(text string) string {
	for line := range strings.Lines(text) {
		if s := strings.TrimSpace(line); s != "" {
			return s
		}
	}
	return ""
}
