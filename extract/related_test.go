package extract

import (
	"reflect"
	"testing"
)

// Each case is a short text written for the test (not taken from the
// corpus), the publisher as the organisation rules would give it, and
// what the third-party rules must read; the name says which rule it
// checks.
func TestReadRelated(t *testing.T) {
	tests := []struct {
		name      string
		publisher string
		text      string
		third     bool
		orgs      []string
	}{
		// the incident at a contractor
		{"a body without legal form in apposition to its role", "東山県",
			"指定管理者である東山市文化振興財団の職員が、利用者の名簿を誤って送信しました。",
			true, []string{"東山市文化振興財団"}},
		{"a body whose name begins with the publisher's", "東山県",
			"施設の指定管理者である(社福)東山県福祉事業団の職員が、メールを誤って送信しました。",
			true, []string{"(社福)東山県福祉事業団"}},
		{"a short name defined after the full one is the same body", "",
			"当社が決済を委託する株式会社サンプルペイ(以下「サンプル社」)におきまして、不正アクセスによる情報流出が発生しました。",
			true, []string{"株式会社サンプルペイ"}},
		{"a particle after a party word is no name", "東山県",
			"委託先から県に報告があり、委託先のサーバーが不正アクセスを受けたことが判明しました。",
			true, nil},
		{"a name with a middle dot, defined by its role", "",
			"当会が発送業務を委託している株式会社みなみ・データサービス(以下「委託先」といいます。)において、ランサムウェアに感染しました。",
			true, []string{"株式会社みなみ・データサービス"}},
		{"a role defined as short name is no name", "",
			"当店のシステムを提供する株式会社カートサンプル(以下「システム提供会社」)のサーバーが不正アクセスを受けました。",
			true, []string{"株式会社カートサンプル"}},
		{"a maintenance vendor's mistake", "",
			"図書館システムの保守事業者が設定を誤り、別の利用者の情報が表示される状態となりました。",
			true, nil},
		{"a vendor's module tampered with", "",
			"当社サイトが利用していた株式会社サンプル決済(以下「サンプル決済社」)提供の決済モジュールが不正アクセスを受けて改ざんされました。",
			true, []string{"株式会社サンプル決済"}},
		{"two names in a list are two names", "",
			"委託先である株式会社甲印刷・株式会社乙発送においてランサムウェア被害が発生しました。",
			true, []string{"株式会社甲印刷", "株式会社乙発送"}},
		{"named contractor as the place of the incident", "",
			"当社が発送業務を委託している株式会社サンプル印刷において、ランサムウェア被害が発生しました。",
			true, []string{"株式会社サンプル印刷"}},
		{"contractor named after 委託先である, legal form after the name", "",
			"委託先である架空システム株式会社のサーバーが不正アクセスを受けました。",
			true, []string{"架空システム株式会社"}},
		{"contractor known by a defined short name, written without 社", "",
			"業務委託先(以下「サンプル社」)への不正アクセスにより個人情報が漏えいしました。",
			true, []string{"サンプル"}},
		{"unnamed contractor's staff as the actor", "",
			"委託事業者の職員が、誤って別の事業所へFAXを送信しました。",
			true, nil},
		{"vendor's cloud service attacked", "",
			"当社が利用するクラウドサービスを提供する株式会社クラウド工房のシステムが不正アクセスを受け、お客様情報が流出した可能性があります。",
			true, []string{"株式会社クラウド工房"}},
		{"the vendor referred to as 同社", "",
			"弊社が業務を委託しているXYZ株式会社から、同社のサーバーがサイバー攻撃を受けたとの報告がありました。",
			true, []string{"XYZ株式会社"}},
		{"contractor chain: contractor and sub-contractor", "",
			"当組合が業務を委託している株式会社一次処理の再委託先である株式会社二次印刷において、ランサムウェアに感染しました。",
			true, []string{"株式会社一次処理", "株式会社二次印刷"}},
		{"a company written X社 in apposition to its role", "",
			"当社の委託先であるサンプルデータ社(本社:東京都)において、ランサムウェア感染が確認されました。",
			true, []string{"サンプルデータ社"}},
		{"a company written in Latin letters and 社, after its country", "",
			"当社関係会社である米国Sample Cloud社の委託先の従業者が所持するPCがマルウェアに感染しました。",
			true, []string{"Sample Cloud社"}},
		{"a short name defined for a full name is not a second company", "",
			"決済を委託している株式会社サンプルペイメント(以下「サンプル社」)におきまして、サンプル社のデータベースへの不正アクセスが発生しました。",
			true, []string{"株式会社サンプルペイメント"}},
		{"a count of companies is no name", "",
			"委託先への不正アクセスが判明しました。カードブランド5社より認定を受けた調査機関が調査しました。",
			true, nil},
		{"a payment agent entrusted by the publisher", "",
			"当社が決済代行を委託している株式会社サンプル決済のシステムに対する不正アクセスにより、カード情報が流出した可能性があります。",
			true, []string{"株式会社サンプル決済"}},
		{"a payment agent attacked", "",
			"当社が利用する決済代行会社、株式会社サンプル決済が不正アクセスを受け、カード情報が流出した可能性があります。",
			true, []string{"株式会社サンプル決済"}},
		{"the operator named in brackets after a service", "",
			"当社が会員管理に利用しているサービス「サンプル会員」(運営:株式会社サンプル会員)において、不正ログインが発生しました。",
			true, []string{"株式会社サンプル会員"}},
		{"a contractor named in one sentence, attacked in the next", "",
			"株式会社サンプル保守は、当社の業務委託先です。同社のシステムがランサムウェアに感染しました。",
			true, []string{"株式会社サンプル保守"}},
		{"a system run by a named company, attacked in the next sentence", "",
			"当社の予約サイトは株式会社サンプル予約が運営するシステムを利用しております。このシステムが不正アクセスを受け、お客様の情報が流出した可能性があります。",
			true, []string{"株式会社サンプル予約"}},
		{"this case happened on a contractor's server", "",
			"本件は、当社の委託先である株式会社サンプル運用が管理するサーバーにおいて発生したものです。",
			true, []string{"株式会社サンプル運用"}},
		{"a cloud provider's setting left data open", "",
			"当社が利用しているクラウドサービスを提供するサンプルクラウド株式会社において、設定の不備により、当社の顧客情報が外部から閲覧可能な状態となっていました。",
			true, []string{"サンプルクラウド株式会社"}},
		{"a contractor's staff published data by mistake", "",
			"当社がシステムの開発を委託したサンプルソフト株式会社の従業員が、開発用のデータを誤って公開していたことが判明しました。",
			true, []string{"サンプルソフト株式会社"}},
		{"a delivery contractor delivered to the wrong address", "",
			"このたび、当社が業務委託しているサンプル物流株式会社において、配送伝票の誤配が発生しました。",
			true, []string{"サンプル物流株式会社"}},
		{"a client named with an honorific by its contractor", "株式会社サンプル発送",
			"当社が業務を受託している株式会社サンプル商事様の顧客情報が、当社サーバーへの不正アクセスにより流出した可能性があります。",
			false, []string{"株式会社サンプル商事"}},

		// the incident at the publisher
		{"a payment agent that only told the publisher", "",
			"当社ECサイトへの不正アクセスにより、カード情報が流出しました。決済代行会社の株式会社サンプル決済から指摘を受け、判明しました。",
			false, nil},
		{"a platform used by the publisher's own staff", "",
			"当社の従業員がSample社のクラウドサービスを利用して、誤ってファイルを共有しました。",
			false, nil},
		{"a contractor's tool named after the contractor as subject", "",
			"当社の委託先が、Sample社のフォームの公開設定を誤り、回答内容が外部から閲覧可能な状態になっていました。",
			true, nil},
		{"an adviser written X社 is not related", "",
			"当社は、ウイルス対策ソフトを提供するサンプルマイクロ社の協力を得て調査を行いました。当社サーバーがランサムウェアに感染しました。",
			false, nil},
		{"own server attacked, police are not related", "",
			"当社サーバーが不正アクセスを受けました。警察に被害を届け出ています。",
			false, nil},
		{"regulator is not related", "",
			"当社サーバーが不正アクセスを受けました。個人情報保護委員会へ報告しました。",
			false, nil},
		{"forensic firm is not related", "",
			"当社サーバーが不正アクセスを受けました。フォレンジック調査会社である株式会社テスト調査に調査を依頼しました。",
			false, nil},
		{"a contractor who only helped investigate", "",
			"保守委託先を通じて調査を進めたところ、当社サーバーへの不正アクセスが判明しました。",
			false, nil},
		{"contractor management as a measure", "",
			"当社職員がメールを誤送信しました。今後は委託先管理を徹底し、個人情報の漏えい防止に努めます。",
			false, nil},
		{"publisher itself is not related", "株式会社ミライ",
			"株式会社ミライが運営するサイトへの不正アクセスについてお知らせします。",
			false, nil},
		{"publisher introducing itself", "",
			"テスト商事株式会社(代表:山田太郎)が運営するサイトが不正アクセスを受けました。",
			false, nil},
		{"a product flaw exploited at the publisher names the maker", "",
			"株式会社ネット機器製のVPN機器の脆弱性を悪用され、当社ネットワークに不正アクセスされました。",
			false, []string{"株式会社ネット機器"}},
		{"a contractor publisher names its client", "株式会社発送代行",
			"当社が株式会社通販ショップから受託している発送業務のサーバーがランサムウェアに感染しました。",
			false, []string{"株式会社通販ショップ"}},
		{"contractor named as unaffected", "",
			"当社従業員が誤って送信しました。なお、委託先の株式会社ABCには影響はありません。",
			false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := readRelated(newDoc(tt.text), tt.publisher)
			third, sp, orgs := r.third, r.thirdSpan, r.names()
			if third != tt.third {
				t.Errorf("third_party: got %v, want %v", third, tt.third)
			}
			if third && sp.end <= sp.start {
				t.Errorf("third_party without evidence")
			}
			if !reflect.DeepEqual(orgs, tt.orgs) {
				t.Errorf("organisations: got %q, want %q", orgs, tt.orgs)
			}
			if third && r.thirdRule == "" {
				t.Errorf("third_party read by no rule")
			}
			for _, o := range r.orgs {
				if o.sp.end <= o.sp.start || o.rule == "" {
					t.Errorf("organisation %q without evidence or rule: %+v", o.text, o)
				}
			}
		})
	}
}

// A name is reported as written in the source, full-width letters and all.
func TestReadRelatedAsWritten(t *testing.T) {
	orgs := readRelated(newDoc("委託先であるＡＢＣ株式会社のサーバーが不正アクセスを受けました。"), "").names()
	if len(orgs) != 1 || orgs[0] != "ＡＢＣ株式会社" {
		t.Errorf("got %q, want [ＡＢＣ株式会社]", orgs)
	}
}
