// Package testenv lets tests that need something outside Go (pdftotext,
// poppler-data's CMaps, Chromium, a Japanese font, a PostgreSQL server)
// say so in one way: on a developer's machine without it the test is
// skipped with the reason and the package to install, so `go test ./...`
// passes on a clean Go install; under CI=true, where .ci/run installs
// everything, the same test fails instead, so CI can never pass by
// skipping.
package testenv

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// CI reports whether the tests run under CI (CI=true, as .ci/run and
// hosted CI services set it).
func CI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// Missing skips tb because what is not available, naming how to get it;
// under CI it fails tb instead.
func Missing(tb testing.TB, what, install string) {
	tb.Helper()
	msg := what + " is not available (" + install + ")"
	if CI() {
		tb.Fatalf("CI=true needs %s", msg)
	}
	tb.Skipf("SKIPPING: %s", msg)
}

// Command returns the path of the program name on PATH, or skips (fails
// under CI) naming install as the way to get it.
func Command(tb testing.TB, name, install string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(tb, name, install)
	}
	return p
}

// Install lines for the Debian packages the tests use.
const (
	installPoppler  = "apt-get install poppler-utils poppler-data"
	installChromium = "apt-get install chromium fonts-ipafont-gothic"
)

// Pdftotext returns poppler's pdftotext, which PDF reading runs.
func Pdftotext(tb testing.TB) string {
	tb.Helper()
	return Command(tb, "pdftotext", installPoppler)
}

// PopplerDataDirs are where poppler looks for the Adobe-Japan1 CMaps that
// PDFs with non-embedded Japanese fonts need (poppler-data).
var PopplerDataDirs = []string{"/usr/share/poppler/cMap/Adobe-Japan1", "/usr/local/share/poppler/cMap/Adobe-Japan1"}

// PopplerData checks for pdftotext and poppler-data's Japanese CMaps.
func PopplerData(tb testing.TB) {
	tb.Helper()
	Pdftotext(tb)
	for _, d := range PopplerDataDirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return
		}
	}
	Missing(tb, "poppler-data's Japanese CMaps ("+PopplerDataDirs[0]+")", installPoppler)
}

// Chromium returns the path of a Chromium for the browser tests.
func Chromium(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(tb, "chromium", installChromium)
	return ""
}

// JapaneseFont checks that fontconfig knows a font with Japanese glyphs,
// without which Chromium draws every character of the site as a box.
func JapaneseFont(tb testing.TB) {
	tb.Helper()
	fcList := Command(tb, "fc-list", installChromium)
	out, err := exec.Command(fcList, ":lang=ja", "family").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		Missing(tb, "a Japanese font", installChromium)
	}
}
