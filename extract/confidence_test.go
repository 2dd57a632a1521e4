package extract

import (
	"testing"

	"github.com/jikenbo/jikenbo"
)

// confidenceOf returns how sure Extract is of each field of text: "high",
// "low", or "" for a field with no evidence at all; and whether every low
// empty field was marked without a span.
func confidenceOf(t *testing.T, text string) map[string]jikenbo.Confidence {
	t.Helper()
	f := Extract(text)
	out := map[string]jikenbo.Confidence{}
	for _, e := range f.Evidence {
		if prev, ok := out[e.Field]; ok && prev != e.Confidence {
			t.Fatalf("field %s marked both %s and %s", e.Field, prev, e.Confidence)
		}
		out[e.Field] = e.Confidence
	}
	return out
}

func TestConfidence(t *testing.T) {
	const head = "【セキュリティ事件簿#2025-101】株式会社試験商事 不正アクセスに関するお知らせ 2025/06/20\n"
	const mailHead = "【セキュリティ事件簿#2025-105】株式会社試験商事 メール誤送信に関するお詫び 2025/06/20\n"
	tests := []struct {
		name, text, field string
		want              jikenbo.Confidence
	}{
		{"headline publisher", head + "当社サーバーが不正アクセスを受けました。", "organization", jikenbo.ConfidenceHigh},
		{"headline title", head + "当社サーバーが不正アクセスを受けました。", "title", jikenbo.ConfidenceHigh},
		{"no publisher read: the excerpt names none", "当社サーバーへの不正アクセスについて\n当社サーバーが不正アクセスを受けました。", "organization", ""},
		{"no title read: the excerpt has no heading", "当社サーバーが不正アクセスを受けました。詳細は調査しております。", "title", ""},
		{"a name opens the first line but no rule took it", "株式会社みどり書房 不正アクセスのお知らせ\n当社サーバーが不正アクセスを受けました。", "organization", jikenbo.ConfidenceLow},
		{"a letterhead publisher", "株式会社みどり書房\n\n不正アクセスのお知らせ\n\n当社サーバーが不正アクセスを受けました。", "organization", jikenbo.ConfidenceHigh},
		{"a defined publisher", "お知らせ\n\n株式会社みどり書房(以下「当社」といいます。)は不正アクセスを確認しました。", "organization", jikenbo.ConfidenceLow},
		{"a publisher as a sentence's subject", "お知らせ\n\nこのたび、株式会社みどり書房において不正アクセスが発生しました。", "organization", jikenbo.ConfidenceLow},
		{"a heading-line title", "株式会社みどり書房\n\n不正アクセスのお知らせ\n\n当社サーバーが不正アクセスを受けました。", "title", jikenbo.ConfidenceHigh},
		{"name running into the title", "【セキュリティ事件簿#2025-104】青葉町職員の懲戒処分について 2025/06/20\n本文です。", "organization", jikenbo.ConfidenceLow},
		{"title after a name without a space", "【セキュリティ事件簿#2025-104】青葉町職員の懲戒処分について 2025/06/20\n本文です。", "title", jikenbo.ConfidenceLow},
		{"a letterhead date", "お知らせ\n令和7年3月4日\n株式会社みどり書房\n本文です。", "published", jikenbo.ConfidenceHigh},
		{"a date alone on a line, no letterhead beside it", "お知らせ\n\n本文です。\n\n令和7年3月4日\n\n以上のとおりです。", "published", jikenbo.ConfidenceLow},
		{"a mis-send without a day of notice", head + "職員が誤ってメールを別の宛先に送信しました。", "detected", jikenbo.ConfidenceLow},
		{"title cut after a name", "【セキュリティ事件簿#2025-102】への不正アクセスについて 2025/06/20\n本文です。", "title", jikenbo.ConfidenceLow},
		{"one day of notice", head + "2025年6月2日、外部からの連絡により不正アクセスが判明しました。", "detected", jikenbo.ConfidenceHigh},
		{"a day against its verb of notice", head + "会員情報が閲覧できる状態であったことが2025年6月2日に判明しました。", "detected", jikenbo.ConfidenceHigh},
		{"a day whose notice comes in the next sentence", head + "2025年6月2日、職員がメールを誤って送信しました。\n送信の直後、別の職員がこのことに気づきました。", "detected", jikenbo.ConfidenceLow},
		{"a day inside a sentence about something else", head + "点検のため、2025年6月2日に委託先から連絡を受け、調査したところ判明しました。", "detected", jikenbo.ConfidenceLow},
		{"the only day between the mis-send and the apology", head + "2025年6月2日、職員がメールを誤って送信しました。\n2025年6月2日夕方、受信者の皆様にお詫びしました。", "detected", jikenbo.ConfidenceLow},
		{"two days of notice", head + "2025年6月2日に不審な通信を検知しました。2025年6月5日に不正アクセスが判明しました。", "detected", jikenbo.ConfidenceLow},
		{"a notice without a day", head + "調査の結果、不正アクセスが判明しました。", "detected", jikenbo.ConfidenceLow},
		{"a total", head + "漏えいした可能性がある個人情報は合計1,234名分です。", "affected_persons", jikenbo.ConfidenceHigh},
		{"one count of the leak", head + "お客様1,234名の個人情報が漏えいした可能性があります。", "affected_persons", jikenbo.ConfidenceHigh},
		{"two counts of the leak, no total", head + "会員1,234名の情報が漏えいした可能性があります。また、退会者56名の情報も漏えいした可能性があります。", "affected_persons", jikenbo.ConfidenceLow},
		{"one category", mailHead + "職員が誤ってメールを別の宛先に送信しました。", "categories", jikenbo.ConfidenceHigh},
		{"unauthorized access alone", head + "当社サーバーが第三者による不正アクセスを受けました。", "categories", jikenbo.ConfidenceLow},
		{"several categories", head + "ウイルス感染した端末から不正アクセスを受け、誤ってメールを送信しました。", "categories", jikenbo.ConfidenceLow},
		{"no category", "【セキュリティ事件簿#2025-103】株式会社試験商事 お知らせ 2025/06/20\nご迷惑をおかけしました。", "categories", jikenbo.ConfidenceLow},
		{"even a short list of data is checked", head + "漏えいした情報は、氏名、住所です。", "data_types", jikenbo.ConfidenceLow},
		{"a long list of data", head + "漏えいした情報は、氏名、住所、電話番号、メールアドレス、生年月日です。", "data_types", jikenbo.ConfidenceLow},
		{"no data named", head + "当社サーバーが不正アクセスを受けました。", "data_types", jikenbo.ConfidenceLow},
		{"ongoing from the body", head + "現在、詳細を調査中です。", "status", jikenbo.ConfidenceLow},
		{"final report", head + "本件の最終報告をいたします。", "status", jikenbo.ConfidenceHigh},
		{"concluded without a cue after an attack", head + "当社サーバーがランサムウェアに感染しました。ご迷惑をおかけし申し訳ございません。", "status", jikenbo.ConfidenceLow},
		{"concluded without a cue after a mis-send", mailHead + "職員が誤ってメールを別の宛先に送信しました。ご迷惑をおかけし申し訳ございません。", "status", ""},
		{"a contractor named, no third party read", head + "当社サーバーが不正アクセスを受けました。当社は委託先と共に対応しております。", "third_party", jikenbo.ConfidenceLow},
		{"no contractor anywhere", mailHead + "職員が誤ってメールを別の宛先に送信しました。", "third_party", ""},
		{"a contractor named beside its role", head + "当社の委託先である株式会社サンプル運用のサーバーが不正アクセスを受けました。", "related_organizations", jikenbo.ConfidenceHigh},
		{"a company written X社 beside its role", head + "当社の委託先であるサンプルデータ社のサーバーが不正アクセスを受けました。", "related_organizations", jikenbo.ConfidenceHigh},
		{"a vendor written X社, read from its flawed product", head + "Sample Net社製のVPN機器の脆弱性を悪用され、当社ネットワークに不正アクセスされました。", "related_organizations", jikenbo.ConfidenceLow},
		{"the site of the incident with no word of its role", head + "委託先への不正アクセスが判明し、現在、影響の範囲を調査しております。\n株式会社サンプル運用がランサムウェアに感染しました。", "related_organizations", jikenbo.ConfidenceLow},
		{"a labelled day of notice", head + "1.発覚日\n2025年6月2日\n2.概要\n書類を紛失しました。", "detected", jikenbo.ConfidenceHigh},
		{"the next day", head + "2025年6月2日、職員が書類を紛失しました。翌日、紛失に気づきました。", "detected", jikenbo.ConfidenceLow},
		{"a paragraph that goes on to the notice", head + "2025年6月2日午後、職員が電車に鞄を置き忘れました。下車後、鞄がないことに気づきました。", "detected", jikenbo.ConfidenceLow},
		{"third party without a named party", head + "委託先がランサムウェアに感染し、当社のお客様情報が暗号化されました。", "related_organizations", jikenbo.ConfidenceLow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := confidenceOf(t, tt.text)[tt.field]; got != tt.want {
				t.Errorf("%s: got %q, want %q\n%s", tt.field, got, tt.want, tt.text)
			}
		})
	}
}

// TestConfidenceEmptyField: an empty field marked low has an entry without
// a span, and it serialises without start and end.
func TestConfidenceEmptyField(t *testing.T) {
	f := Extract("当社サーバーが不正アクセスを受けました。調査の結果、不正アクセスが判明しました。")
	var found bool
	for _, e := range f.Evidence {
		if e.Field == "detected" {
			found = true
			if e.HasSpan() || e.Confidence != jikenbo.ConfidenceLow {
				t.Errorf("detected: got %+v, want a low entry without span", e)
			}
			b, _ := e.MarshalJSON()
			if string(b) != `{"field":"detected","confidence":"low"}` {
				t.Errorf("JSON of an empty low field: %s", b)
			}
		}
	}
	if !found {
		t.Error("the empty detected field is not marked low")
	}
}
