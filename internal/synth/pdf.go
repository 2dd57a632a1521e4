package synth

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// PDF writes a valid PDF of pages pages, each with lines lines of ASCII
// words in Helvetica, uncompressed: a file whose size is set by its text,
// for tests of what a large or many-paged PDF costs to read.
func PDF(pages, lines int) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>"}
	var kids bytes.Buffer
	for i := range pages {
		fmt.Fprintf(&kids, "%d 0 R ", 4+2*i)
	}
	objs = append(objs, fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", pages, kids.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	for i := range pages {
		var c bytes.Buffer
		c.WriteString("BT /F1 9 Tf 40 800 Td 11 TL\n")
		for l := range lines {
			fmt.Fprintf(&c, "(%d %d a b c d e f g h i j k l m n o p q r s t u v w x y z) '\n", i+1, l+1)
		}
		c.WriteString("ET")
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i),
			"<< /Length "+strconv.Itoa(c.Len())+" >>\nstream\n"+c.String()+"\nendstream")
	}
	return pdfFile(objs)
}

// JapanesePDF writes a one-page PDF of a title and body in a Japanese
// font that is not embedded (HeiseiKakuGo-W5, Adobe-Japan1,
// UniJIS-UTF16-H), as many organisations' PDFs are: pdftotext reads it
// with poppler-data.
func JapanesePDF(title, body string) []byte {
	var c bytes.Buffer
	c.WriteString("BT /F1 12 Tf 40 800 Td 18 TL\n")
	for _, line := range append([]string{title}, strings.Split(body, "\n")...) {
		for len([]rune(line)) > 0 {
			r := []rune(line)
			n := min(len(r), 40)
			c.WriteByte('<')
			for _, u := range utf16.Encode(r[:n]) {
				fmt.Fprintf(&c, "%04X", u)
			}
			c.WriteString("> '\n")
			line = string(r[n:])
		}
	}
	c.WriteString("ET")
	return pdfFile([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Count 1 /Kids [4 0 R] >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UTF16-H /DescendantFonts [6 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", c.Len(), c.String()),
		"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 5 >> /FontDescriptor 7 0 R >>",
		"<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
	})
}

// pdfFile numbers objs from 1 (the first is the catalogue) and writes
// them with the cross-reference table and trailer.
func pdfFile(objs []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
