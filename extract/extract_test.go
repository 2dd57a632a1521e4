package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden extracts every release in testdata (releases written for
// these tests in the style of real ones) and compares the JSON with its
// golden file. Run `go test ./extract -update` after an intended change
// and review the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(Extract(string(src)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(f, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./extract -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("extraction of %s differs from %s:\ngot:\n%s\nwant:\n%s", f, golden, got, want)
			}
		})
	}
}

// TestEvidenceQuotesTheInput checks that every evidence span of the golden
// inputs covers text that supports its field: the case number's digits,
// the organisation's and title's text, a date's digits.
func TestEvidenceQuotesTheInput(t *testing.T) {
	src, err := os.ReadFile("testdata/post-skimming.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	f := Extract(text)
	want := map[string]string{
		"case_id":      "2025-118",
		"organization": "株式会社みどり書房",
		"published":    "2025/6/20",
		"detected":     "2025年2月10日",
	}
	seen := map[string]bool{}
	for _, ev := range f.Evidence {
		if ev.Start < 0 || ev.End > len(text) || ev.Start >= ev.End {
			t.Fatalf("span %+v outside the input", ev)
		}
		if w, ok := want[ev.Field]; ok {
			seen[ev.Field] = true
			if got := text[ev.Start:ev.End]; !strings.Contains(got, w) {
				t.Errorf("evidence for %s is %q, want it to hold %q", ev.Field, got, w)
			}
		}
	}
	for field := range want {
		if !seen[field] {
			t.Errorf("no evidence for %s", field)
		}
	}
}

// TestEvidenceOffsetsAreOriginalBytes checks that spans point into the
// original text even where normalisation changed its length (full-width
// digits become one byte each).
func TestEvidenceOffsetsAreOriginalBytes(t *testing.T) {
	text := "お知らせ\n令和７年３月４日\n株式会社みどり書房\n２０２５年２月１０日、不正アクセスを確認しました。"
	f := Extract(text)
	for _, ev := range f.Evidence {
		if ev.Field == "detected" {
			if got := text[ev.Start:ev.End]; got != "２０２５年２月１０日" {
				t.Errorf("detected evidence = %q, want the full-width date", got)
			}
			return
		}
	}
	t.Fatal("no detected evidence")
}

func TestEmptyAndOddInput(t *testing.T) {
	for _, in := range []string{"", "\n\n\n", " ", "\xff\xfe\x00", "【", "【セキュリティ事件簿#】", strings.Repeat("。", 1000)} {
		f := Extract(in)
		if f.Status == "" {
			t.Errorf("Extract(%q): empty status", in)
		}
		if f.AffectedPersons != nil || f.Organization != "" || len(f.Categories) != 0 {
			t.Errorf("Extract(%q) read facts from nothing: %+v", in, f)
		}
	}
}

// FuzzExtract: the extractor never panics, always gives valid JSON, and
// keeps every evidence span inside the input.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, name := range files {
		b, _ := os.ReadFile(name)
		f.Add(string(b))
	}
	for _, s := range []string{"", "令和元年5月1日", "約3万件", "1万2千件", "【セキュリティ事件簿#2024-1】", "ｶﾞｷﾞ", "２０２４年", "R6.11.12", "\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		facts := Extract(in)
		b, err := json.Marshal(facts)
		if err != nil || !json.Valid(b) {
			t.Fatalf("invalid JSON %s: %v", b, err)
		}
		spanned := map[string]bool{}
		for _, ev := range facts.Evidence {
			if ev.Confidence != jikenbo.ConfidenceHigh && ev.Confidence != jikenbo.ConfidenceLow {
				t.Fatalf("evidence %+v: confidence neither high nor low", ev)
			}
			if !ev.HasSpan() {
				// an empty field marked low: no span at all
				if ev.Start != 0 || ev.End != 0 || ev.Confidence != jikenbo.ConfidenceLow {
					t.Fatalf("evidence %+v: neither a span nor an empty field marked low", ev)
				}
				continue
			}
			spanned[ev.Field] = true
			if ev.Start < 0 || ev.End > len(in) {
				t.Fatalf("span %+v outside input of %d bytes", ev, len(in))
			}
		}
		for _, ev := range facts.Evidence {
			if !ev.HasSpan() && spanned[ev.Field] {
				t.Fatalf("field %s has both a span and an empty-field entry", ev.Field)
			}
		}
		for _, s := range []string{facts.Organization, facts.Title} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in output %q", s)
			}
		}
	})
}

// BenchmarkExtract measures the extractor alone over the golden inputs;
// the MB/s column is the figure to watch when profiling.
func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob("testdata/*.txt")
	var texts []string
	n := 0
	for _, name := range files {
		s, _ := os.ReadFile(name)
		texts = append(texts, string(s))
		n += len(s)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, s := range texts {
			Extract(s)
		}
	}
}

// BenchmarkExtractLarge reads one release of 1 and 10 MB made of the
// golden inputs repeated, with its lines and as one single line: MB/s must
// stay the same across sizes (linear time).
func BenchmarkExtractLarge(b *testing.B) {
	for _, size := range []int{1 << 20, 10 << 20} {
		text := largeInput(size)
		for _, shape := range []string{"lines", "oneline"} {
			in := text
			if shape == "oneline" {
				in = strings.ReplaceAll(text, "\n", "")
			}
			b.Run(fmt.Sprintf("%dMB-%s", size>>20, shape), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				for b.Loop() {
					Extract(in)
				}
			})
		}
	}
}

func largeInput(size int) string {
	files, _ := filepath.Glob("testdata/*.txt")
	var sb strings.Builder
	for sb.Len() < size {
		for _, name := range files {
			s, _ := os.ReadFile(name)
			sb.Write(s)
		}
	}
	return strings.ToValidUTF8(sb.String()[:size], "")
}
