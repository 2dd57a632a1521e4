package classify

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

const setDir = "../testdata/classify"

func loadSet(t *testing.T) []Example {
	t.Helper()
	es, err := LoadSet(setDir)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// The embedded weights are the fit of the labelled set as it is now: a
// document added or changed without go run ./tools/classifyfit fails here.
func TestEmbeddedWeightsMatchFit(t *testing.T) {
	got := Fit(loadSet(t), FitOptions{}).JSON()
	if !bytes.Equal(got, embedded) {
		t.Fatal("classify/weights.json is not the fit of testdata/classify: run go run ./tools/classifyfit")
	}
}

func TestSetSize(t *testing.T) {
	var pos, neg int
	for _, e := range loadSet(t) {
		if e.Incident {
			pos++
		} else {
			neg++
		}
	}
	if neg < 150 || pos < 30 {
		t.Fatalf("set has %d incident notices and %d other documents, want at least 30 and 150", pos, neg)
	}
}

// Cross-validated scores, never on the examples fitted on. The floors are
// below the measured figures (docs/measurements/classify.md) so that a
// broken feature or fit fails, not a small change of the set.
func TestCrossValidation(t *testing.T) {
	s := CrossValidate(loadSet(t), 5, FitOptions{})
	t.Logf("5-fold: precision %.3f recall %.3f %v", s.Precision(), s.Recall(), s.Misses)
	if s.Precision() < 0.85 || s.Recall() < 0.85 {
		t.Fatalf("5-fold precision %.3f recall %.3f, want both >= 0.85; misses: %v", s.Precision(), s.Recall(), s.Misses)
	}
}

// The corpus notices were not fitted on: they measure the embedded model
// on real releases.
func TestCorpusRecall(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "dev")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("development corpus absent (%v)", err)
	}
	dev, err := LoadList(filepath.Join(setDir, "corpus-dev.list"), dir)
	if err != nil {
		t.Fatal(err)
	}
	s := Default().Evaluate(dev)
	t.Logf("recall on %d corpus notices: %.3f %v", len(dev), s.Recall(), s.Misses)
	if s.Recall() < 0.85 {
		t.Fatalf("recall %.3f on the corpus, want >= 0.85; misses: %v", s.Recall(), s.Misses)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name     string
		title    string
		text     string
		incident bool
		cue      string // a reason the verdict must give
	}{
		{
			name:     "leak notice",
			title:    "不正アクセスによる個人情報漏えいのお詫び",
			text:     "このたび、当社の通販サイトが第三者による不正アクセスを受け、お客様の氏名、住所、メールアドレス(1,204件)が漏えいした可能性があることが判明いたしました。現在調査中です。深くお詫び申し上げます。",
			incident: true,
			cue:      "fact:affected_persons",
		},
		{
			name:     "misdelivery",
			text:     "メール誤送信のお詫び\n職員がBccで送信すべきメールをToで送信し、受信者32名のメールアドレスが他の受信者に表示される状態となりました。関係者の皆様に深くお詫び申し上げます。",
			incident: true,
			cue:      "cue:誤送信",
		},
		{
			name:     "maintenance",
			title:    "システムメンテナンスのお知らせ",
			text:     "下記の日程でシステムメンテナンスを実施いたします。作業中はサービスをご利用いただけません。6月1日(日)1:00~6:00",
			incident: false,
			cue:      "cue:メンテナンス",
		},
		{
			name:     "phishing warning",
			title:    "当社を装った不審なメールにご注意ください",
			text:     "当社を装い、偽サイトに誘導するメールが確認されています。当社とは一切関係ございません。リンク先でパスワードを入力しないでください。",
			incident: false,
			cue:      "cue:ご注意",
		},
		{
			name:     "seminar",
			title:    "情報セキュリティセミナー開催のご案内",
			text:     "ランサムウェアの手口と対策を解説するセミナーを開催します。参加費無料、定員50名。お申し込みはフォームから。",
			incident: false,
			cue:      "cue:セミナー",
		},
	}
	m := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := m.Classify(tt.title, tt.text)
			if v.Incident != tt.incident {
				t.Errorf("Incident = %v (score %.3f), want %v; reasons %v", v.Incident, v.Score, tt.incident, v.Reasons)
			}
			if v.Incident != (v.Score >= Threshold) || v.Score < 0 || v.Score > 1 {
				t.Errorf("score %.3f and Incident %v disagree", v.Score, v.Incident)
			}
			if !sort.SliceIsSorted(v.Reasons, func(i, j int) bool {
				return math.Abs(v.Reasons[i].Weight) > math.Abs(v.Reasons[j].Weight)
			}) {
				t.Errorf("reasons not sorted by |weight|: %v", v.Reasons)
			}
			found := false
			z := m.Bias
			for _, r := range v.Reasons {
				found = found || r.Cue == tt.cue
				z += r.Weight
			}
			if !found {
				t.Errorf("reasons %v lack %s", v.Reasons, tt.cue)
			}
			if math.Abs(sigmoid(z)-v.Score) > 0.02 {
				t.Errorf("reasons do not add up to the score: %.6f vs %.6f", sigmoid(z), v.Score)
			}
		})
	}
}

// The casebook's own headline tag is the editor's, not the organisation's:
// it must not move the verdict.
func TestHeadlineTagIgnored(t *testing.T) {
	body := "株式会社例示 個人情報漏えいのお詫び 2024/11/25\n\n当社サーバーが不正アクセスを受け、お客様情報が流出した可能性があります。"
	a := Default().Classify("", body)
	b := Default().Classify("", "【セキュリティ事件簿#2024-001】"+body)
	if a.Score != b.Score {
		t.Fatalf("score %.4f without the tag, %.4f with it", a.Score, b.Score)
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "{", `{"bias":1}`} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q) succeeded", in)
		}
	}
}

func TestLoadListErrors(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "l.list")
	os.WriteFile(list, []byte("# comment\n\n../escape.txt\n"), 0o644)
	if _, err := LoadList(list, dir); err == nil || !bytes.Contains([]byte(err.Error()), []byte("l.list:3")) {
		t.Fatalf("err = %v, want one naming l.list:3", err)
	}
	os.WriteFile(list, []byte("missing.txt\n"), 0o644)
	if _, err := LoadList(list, dir); err == nil {
		t.Fatal("missing file accepted")
	}
}
