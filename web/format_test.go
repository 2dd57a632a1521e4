package web_test

import (
	"testing"

	"github.com/jikenbo/jikenbo/web"
)

func TestFirstSentence(t *testing.T) {
	for _, tt := range []struct{ name, lead, want string }{
		{"Sentence", "このたび、当社において個人情報の漏えいが発生しました。深くお詫びします。", "このたび、当社において個人情報の漏えいが発生しました。"},
		{"SkipsLetterhead", "2024年11月25日\n株式会社銀時\n代表取締役 山田太郎\n\n不正アクセスによる個人情報漏えいに関するお知らせ\n本文", "不正アクセスによる個人情報漏えいに関するお知らせ"},
		{"SkipsReiwaDate", "令和6年7月5日（金）\n葦原市役所の職員によるメール誤送信について。続き", "葦原市役所の職員によるメール誤送信について。"},
		{"SkipsLabelledDate", "更新日:2025年9月22日\n弊社ウェブサイトの設定不備による個人情報の閲覧可能状態について", "弊社ウェブサイトの設定不備による個人情報の閲覧可能状態について"},
		{"FoldsSpace", "  当社  サーバーへの   不正アクセスについて  ", "当社 サーバーへの 不正アクセスについて"},
		{"Long", "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキクケコサシスセソ", "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキクケコサシス…"},
		{"NothingToSay", "2024/11/25\n短い行", ""},
		{"Empty", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := web.FirstSentence(tt.lead); got != tt.want {
				t.Errorf("FirstSentence(%q) = %q, want %q", tt.lead, got, tt.want)
			}
		})
	}
}

func TestTickLabel(t *testing.T) {
	for _, tt := range []struct {
		v, step float64
		want    string
	}{
		{0, 1, "0"}, {5, 5, "5"}, {2500, 500, "2,500"}, {20000, 10000, "2万"}, {1500000, 500000, "150万"},
		{25000, 5000, "25,000"}, {2.5, 2.5, "2.5"}, {5, 2.5, "5.0"},
	} {
		if got := web.TickLabel(tt.v, tt.step); got != tt.want {
			t.Errorf("tickLabel(%v, %v) = %q, want %q", tt.v, tt.step, got, tt.want)
		}
	}
}
