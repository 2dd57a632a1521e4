package synth

import (
	"bytes"
	"fmt"
	"strconv"
)

// PDF writes a valid PDF of pages pages, each with lines lines of ASCII
// words in Helvetica, uncompressed: a file whose size is set by its text,
// for tests of what a large or many-paged PDF costs to read.
func PDF(pages, lines int) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	var kids bytes.Buffer
	for i := range pages {
		fmt.Fprintf(&kids, "%d 0 R ", 4+2*i)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", pages, kids.String()))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	for i := range pages {
		var c bytes.Buffer
		c.WriteString("BT /F1 9 Tf 40 800 Td 11 TL\n")
		for l := range lines {
			fmt.Fprintf(&c, "(%d %d a b c d e f g h i j k l m n o p q r s t u v w x y z) '\n", i+1, l+1)
		}
		c.WriteString("ET")
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i))
		obj("<< /Length " + strconv.Itoa(c.Len()) + " >>\nstream\n" + c.String() + "\nendstream")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}
