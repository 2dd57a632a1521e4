// Command mkpdf writes the hand-made PDF fixtures of package ingest (run
// from the repository root: go run ./ingest/testdata/mkpdf):
//
//   - cid-ucs2.pdf and cid-sjis.pdf: Japanese text in a CID font that is
//     not embedded (KozMinPr6N), through the UniJIS-UCS2-H and
//     90ms-RKSJ-H CMaps and without a ToUnicode map, as old Word and
//     Acrobat output is. pdftotext reads them only with poppler-data.
//   - scanned.pdf: a page holding only an image, like a scan with no
//     text layer.
package main

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"unicode/utf16"

	"golang.org/x/text/encoding/japanese"
)

var lines = []string{
	"令和6年2月9日",
	"みさき町教育委員会",
	"町立小学校における児童の個人情報の紛失について",
	"このたび、町立みさき東小学校において、児童42名分の氏名と",
	"保護者の連絡先を記載した名簿を紛失する事案が発生しました。",
	"現時点で、第三者による不正な利用は確認されていません。",
	"関係する皆様に深くお詫び申し上げます。",
}

func main() {
	dir := "ingest/testdata/pdf"
	must(os.WriteFile(filepath.Join(dir, "cid-ucs2.pdf"), cidPDF("UniJIS-UCS2-H", ucs2), 0o644))
	must(os.WriteFile(filepath.Join(dir, "cid-sjis.pdf"), cidPDF("90ms-RKSJ-H", sjis), 0o644))
	must(os.WriteFile(filepath.Join(dir, "scanned.pdf"), scannedPDF(), 0o644))
}

func ucs2(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

func sjis(s string) []byte {
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	must(err)
	return b
}

// cidPDF writes one page of lines in a non-embedded Type0 font.
func cidPDF(cmap string, enc func(string) []byte) []byte {
	var content bytes.Buffer
	content.WriteString("BT /F1 12 Tf 16 TL 72 770 Td\n")
	for _, l := range lines {
		fmt.Fprintf(&content, "<%s> Tj T*\n", hex.EncodeToString(enc(l)))
	}
	content.WriteString("ET\n")
	return writePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /KozMinPr6N-Regular /Encoding /" + cmap + " /DescendantFonts [6 0 R] >>",
		stream("", content.Bytes()),
		"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMinPr6N-Regular /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor 7 0 R /DW 1000 >>",
		"<< /Type /FontDescriptor /FontName /KozMinPr6N-Regular /Flags 6 /FontBBox [-437 -340 1147 1317] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 742 /StemV 80 >>",
	})
}

// scannedPDF writes one page holding a grey image with dark bars where
// lines of text would be, and no text.
func scannedPDF() []byte {
	const w, h = 200, 280
	img := make([]byte, w*h)
	for y := range h {
		for x := range w {
			img[y*w+x] = 0xf0
			if y%14 < 6 && y > 20 && y < 250 && x > 20 && x < 180-(y*7)%40 {
				img[y*w+x] = 0x30
			}
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(img)
	zw.Close()
	return writePDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
		stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", w, h), z.Bytes()),
		stream("", []byte("q 595 0 0 842 0 0 cm /Im1 Do Q\n")),
	})
}

func stream(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// writePDF numbers objs from 1 and writes the cross-reference table.
func writePDF(objs []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
