package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo/internal/testenv"
)

// The benchmarks and TestDecodeRate measure where the time of reading a
// release goes; /work/notes/issue4-measurements.md has the figures.

var pdfFixtures = []string{"pdf-release.pdf", "pdf-twocol.pdf", "cid-ucs2.pdf", "cid-sjis.pdf"}

func BenchmarkReadHTML(b *testing.B) {
	files, _ := filepath.Glob("testdata/html/*.html")
	for _, f := range files {
		page := mustRead(b, f)
		b.Run(filepath.Base(f), func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if _, err := ReadHTML(f, "", page); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadPDF is the whole of reading a PDF: temporary file,
// pdftotext, and our layout work.
func BenchmarkReadPDF(b *testing.B) {
	testenv.PopplerData(b)
	for _, f := range pdfFixtures {
		pdf := mustRead(b, "testdata/pdf/"+f)
		b.Run(f, func(b *testing.B) {
			for b.Loop() {
				if _, err := (PDFOptions{}).Read(context.Background(), f, pdf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPdftotext is pdftotext alone, on the file as it is.
func BenchmarkPdftotext(b *testing.B) {
	testenv.PopplerData(b)
	for _, f := range pdfFixtures {
		b.Run(f, func(b *testing.B) {
			for b.Loop() {
				if err := exec.Command("pdftotext", "-enc", "UTF-8", "-bbox-layout", "testdata/pdf/"+f, "-").Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkProcessStart is starting pdftotext and waiting for it, with no
// PDF to read: the floor of any PDF.
func BenchmarkProcessStart(b *testing.B) {
	testenv.PopplerData(b)
	for b.Loop() {
		exec.Command("pdftotext", "-v").Run() // exits 0 or 99 by version; only the time counts
	}
}

// BenchmarkPDFLayout is our own work on pdftotext's output: parsing the
// XHTML, dropping page furniture, ordering columns, joining lines.
func BenchmarkPDFLayout(b *testing.B) {
	testenv.PopplerData(b)
	for _, f := range pdfFixtures {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-bbox-layout", "testdata/pdf/"+f, "-").Output()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(f, func(b *testing.B) {
			for b.Loop() {
				pages, meta, err := parseBBox(out)
				if err != nil {
					b.Fatal(err)
				}
				pdfTitle(pdfText(pages), meta)
			}
		})
	}
}

// TestDecodeRate reads 1,000 HTML pages and 1,000 PDFs made from the
// fixtures, one at a time and on two workers, and prints the rates. It
// runs only with JIKENBO_MEASURE=1: it takes a while and its figures
// depend on the machine.
func TestDecodeRate(t *testing.T) {
	if os.Getenv("JIKENBO_MEASURE") == "" {
		t.Skip("SKIPPING: set JIKENBO_MEASURE=1 to measure decode rates")
	}
	testenv.PopplerData(t)
	dir := t.TempDir()
	var htmlFiles, pdfFiles []string
	pages, _ := filepath.Glob("testdata/html/*.html")
	for i := range 1000 {
		// Each page differs: its count and date change with i.
		src := mustRead(t, pages[i%len(pages)])
		b := bytes.ReplaceAll(src, []byte("2"), []byte(fmt.Sprint(i%10)))
		name := filepath.Join(dir, fmt.Sprintf("page%04d.html", i))
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
		htmlFiles = append(htmlFiles, name)
	}
	for i := range 1000 {
		src := mustRead(t, "testdata/pdf/"+pdfFixtures[i%len(pdfFixtures)])
		name := filepath.Join(dir, fmt.Sprintf("release%04d.pdf", i))
		if err := os.WriteFile(name, src, 0o644); err != nil {
			t.Fatal(err)
		}
		pdfFiles = append(pdfFiles, name)
	}
	// Where a PDF's time goes, on the same 1,000 files one at a time:
	// starting pdftotext, pdftotext's own reading, and our layout work.
	// CPU times of the child processes are given too: on a shared
	// machine they vary far less than wall-clock times.
	var startCPU, readCPU time.Duration
	start := time.Now()
	for range pdfFiles {
		c := exec.Command("pdftotext", "-v")
		c.Run()
		startCPU += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
	}
	procStart := time.Since(start)
	start = time.Now()
	outs := make([][]byte, len(pdfFiles))
	for i, f := range pdfFiles {
		c := exec.Command("pdftotext", "-enc", "UTF-8", "-bbox-layout", f, "-")
		out, err := c.Output()
		if err != nil {
			t.Fatal(err)
		}
		readCPU += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
		outs[i] = out
	}
	pdftotext := time.Since(start)
	start = time.Now()
	for _, out := range outs {
		pages, meta, err := parseBBox(out)
		if err != nil {
			t.Fatal(err)
		}
		pdfTitle(pdfText(pages), meta)
	}
	layout := time.Since(start)
	t.Logf("PDF breakdown per file: process start %.2f ms, pdftotext in all %.2f ms (so reading %.2f ms), our layout %.2f ms",
		ms(procStart)/1000, ms(pdftotext)/1000, (ms(pdftotext)-ms(procStart))/1000, ms(layout)/1000)
	t.Logf("PDF CPU per file: pdftotext -v %.2f ms, pdftotext on the file %.2f ms", ms(startCPU)/1000, ms(readCPU)/1000)

	for _, set := range []struct {
		kind  string
		files []string
	}{{"HTML", htmlFiles}, {"PDF", pdfFiles}} {
		for _, workers := range []int{1, 2} {
			start := time.Now()
			var chars int64
			var mu sync.Mutex
			var wg sync.WaitGroup
			next := make(chan string)
			for range workers {
				wg.Go(func() {
					var r Reader
					for f := range next {
						b, err := os.ReadFile(f)
						if err != nil {
							t.Error(err)
							continue
						}
						res, err := r.Read(context.Background(), f, "", b)
						if err != nil {
							t.Errorf("%s: %v", f, err)
							continue
						}
						mu.Lock()
						chars += int64(len([]rune(res.Documents[0].Text)))
						mu.Unlock()
					}
				})
			}
			for _, f := range set.files {
				next <- f
			}
			close(next)
			wg.Wait()
			d := time.Since(start)
			t.Logf("%s: %d files, %d worker(s): %s, %.0f files/s, %.2f ms/file, %d characters of text",
				set.kind, len(set.files), workers, d.Round(time.Millisecond), float64(len(set.files))/d.Seconds(),
				float64(d.Milliseconds())/float64(len(set.files)), chars)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
