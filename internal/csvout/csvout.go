// Package csvout writes the CSV the casebook hands out (the case export,
// the statistics' tables): UTF-8 with a byte-order mark, so that Excel in
// a Japanese locale reads it as UTF-8 rather than Shift_JIS, and with
// every cell that a spreadsheet would take for a formula neutralised.
package csvout

import (
	"encoding/csv"
	"io"
)

// Writer is an encoding/csv Writer that neutralises formulas. Release
// text comes from the wild: a title such as "=HYPERLINK(...)" must stay
// text in whoever opens the export.
type Writer struct {
	cw  *csv.Writer
	err error
}

// NewWriter writes the byte-order mark to w and returns a Writer on it.
func NewWriter(w io.Writer) *Writer {
	_, err := io.WriteString(w, "\ufeff")
	return &Writer{cw: csv.NewWriter(w), err: err}
}

// Neutralise returns the cell as a spreadsheet must read it: one that
// begins with =, +, -, @, a tab or a carriage return (OWASP's list of
// formula triggers) gets a leading apostrophe, which spreadsheets show
// as text and do not evaluate.
func Neutralise(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

// Write writes one record, each cell neutralised.
func (w *Writer) Write(record []string) error {
	if w.err != nil {
		return w.err
	}
	out := make([]string, len(record))
	for i, c := range record {
		out[i] = Neutralise(c)
	}
	return w.cw.Write(out)
}

// WriteAll writes the records and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	return w.Flush()
}

// Flush writes what is buffered and returns the first error.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.cw.Flush()
	return w.cw.Error()
}
