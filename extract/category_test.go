package extract

import (
	"reflect"
	"testing"
)

// Each case is a short text written for the test (not taken from the
// corpus) and the codes the category rules must read from it; the name
// says which rule it checks.
func TestReadCategories(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		// 不正アクセス
		{"intrusion into a server", "当社サーバーが第三者による不正アクセスを受け、顧客情報が外部に流出した可能性があります。",
			[]string{"unauthorized_access"}},
		{"account taken over by list attack", "リスト型攻撃により会員アカウントへ不正ログインが行われました。",
			[]string{"unauthorized_access"}},
		{"mail account misused by an intruder", "職員のメールアカウントが何者かに不正に利用され、迷惑メールが大量に送信されました。",
			[]string{"unauthorized_access"}},
		{"card fraud is not an intrusion", "漏えいしたカードが不正に利用された事実は確認されておりません。なお、書類を紛失しました。",
			[]string{"loss_theft"}},
		{"prevention of intrusion is a measure, not the incident", "メールの誤送信が発生しました。今後は不正アクセスの防止とあわせて対策を強化します。",
			[]string{"misdelivery"}},

		// サービス妨害 told without its name
		{"hostile traffic flooding a server", "外部からの不正トラフィックが大量に発生した影響で、予約サイトに接続できない障害が起きました。",
			[]string{"ddos"}},
		{"a traffic surge from an attack", "サイバー攻撃によりトラフィックが集中し、回線事業者が通信を制限しました。",
			[]string{"ddos"}},
		{"a rush of visitors is no attack", "販売開始直後にトラフィックが集中し、サイトが一時表示されなくなりました。メールも誤って送信しました。",
			[]string{"misdelivery"}},

		// 脆弱性
		{"vulnerability exploited", "ウェブアプリケーションの脆弱性を突いた攻撃により、データベースに不正アクセスされました。",
			[]string{"unauthorized_access", "vulnerability"}},
		{"weak password is not a vulnerability", "原因はパスワードの脆弱性であり、第三者にメールアカウントへ不正ログインされました。",
			[]string{"unauthorized_access"}},
		{"vulnerability scan is a measure", "誤って別の顧客へ書類を送付しました。再発防止のため脆弱性診断も実施します。",
			[]string{"misdelivery"}},
		{"sql injection exploits an application flaw", "SQLインジェクション攻撃によりウェブサイトから会員情報が抜き取られました。",
			[]string{"unauthorized_access", "vulnerability"}},

		// ランサムウェア and マルウェア
		{"ransomware, not also malware", "ファイルサーバーがランサムウェアに感染し、コンピュータウイルスによりデータが暗号化されました。",
			[]string{"ransomware"}},
		{"files encrypted in an attack", "サイバー攻撃を受け、基幹システムのデータが暗号化される被害が発生しました。",
			[]string{"ransomware"}},
		{"encryption as protection is not ransomware", "紛失したUSBメモリのデータは暗号化されており、復元は困難です。",
			[]string{"loss_theft"}},
		{"virus infection", "社員が使用するパソコン1台がコンピュータウイルスに感染していたことが判明しました。",
			[]string{"malware"}},
		{"coronavirus is not malware", "新型コロナウイルス感染症の検査結果を記載した書類を紛失しました。",
			[]string{"loss_theft"}},
		{"advice to readers about viruses is not the incident", "不審なメールを開くとウイルスに感染したりする可能性がありますのでご注意ください。当社の受付端末が不正アクセスを受けました。",
			[]string{"unauthorized_access"}},

		// 決済情報窃取
		{"payment page tampered", "決済画面が改ざんされ、入力されたカード番号が外部に送信されていました。",
			[]string{"web_skimming"}},
		{"card data leaked after an intrusion", "ネットショップへの不正アクセスにより、お客様のクレジットカード情報が漏えいした可能性があります。",
			[]string{"unauthorized_access", "web_skimming"}},
		{"card data not held is no skimming", "当社サーバーが不正アクセスを受けました。なお、クレジットカード情報は保持しておりません。",
			[]string{"unauthorized_access"}},

		// フィッシング
		{"mails pretending to be the company", "当社の社員を装った不審なメールが複数のお取引先に届いております。",
			[]string{"phishing"}},
		{"warning against spoofed mail only", "なりすましメールにご注意ください。個人情報を記載した書類を誤って送付しました。",
			[]string{"misdelivery"}},
		{"spoofed mail denied", "Emotetに感染しました。現時点で当社を装ったなりすましメールは確認されておりません。",
			[]string{"malware"}},
		{"emotet sending mails adds phishing", "Emotetに感染した端末から、取引先へ大量のメールが送信されていたことを確認しました。",
			[]string{"malware", "phishing"}},
		{"support scam: fake warning with a phone number", "パソコンに偽のセキュリティ警告が表示され、職員が表示された番号に電話をかけ遠隔操作を許したため、不正アクセスを受けました。",
			[]string{"unauthorized_access", "phishing"}},

		// 誤送信・誤送付
		{"bcc mistake", "案内メールをBCCで送信すべきところ、誤ってTOに入力して一斉送信しました。",
			[]string{"misdelivery"}},
		{"letter put in the wrong envelope", "通知書を封入する際、誤って別の方の書類を同封して郵送しました。",
			[]string{"misdelivery"}},
		{"wrong fax number", "FAX送信の際に番号を誤り、無関係の事業所へ送信してしまいました。",
			[]string{"misdelivery"}},
		{"mis-send prevention only is not an incident", "誤送信防止のための設定を全職員に周知しました。", nil},

		// 設定ミス・誤公開
		{"publishing by mistake is misconfiguration", "誤って個人情報を含むファイルをホームページに掲載していました。",
			[]string{"misconfiguration"}},
		{"shared folder open to the internet", "共有フォルダの公開設定に誤りがあり、インターネット上から閲覧可能な状態となっていました。",
			[]string{"misconfiguration"}},
		{"bug showing other users' data", "システム改修に伴う不具合により、他の会員の購入履歴が表示される状態でした。",
			[]string{"misconfiguration"}},
		{"insufficient redaction", "公表資料の黒塗りが不十分で、氏名が読み取れる状態でした。",
			[]string{"misconfiguration"}},

		// 紛失・盗難
		{"bag left on a train", "職員が電車内に書類を置き忘れ、その後紛失が判明しました。", []string{"loss_theft"}},
		{"theft from a car", "車上荒らしに遭い、車内に置いていた名簿が盗まれました。", []string{"loss_theft"}},
		{"whereabouts unknown", "保管していたハードディスクが所在不明となっています。", []string{"loss_theft"}},

		// 内部不正 and 目的外利用
		{"former employee took data", "元従業員が在職中に顧客名簿を持ち出し、競合他社で使用していたことが判明しました。",
			[]string{"insider"}},
		{"ban on taking data out is a rule, not the incident", "従業員による個人情報の持ち出しを禁止しております。書類を紛失しました。",
			[]string{"loss_theft"}},
		{"disciplinary release with staff handing over a list", "職員を停職処分としました。当該職員は住民の名簿を知人に渡していました。",
			[]string{"insider"}},
		{"looking up residents without a duty reason", "職員が業務に関係なく住民の課税情報を閲覧していたことが判明しました。",
			[]string{"misuse"}},
		{"privacy boilerplate is not misuse", "お預かりした情報を目的外に利用することはありません。メールを誤送信しました。",
			[]string{"misdelivery"}},

		// サービス妨害
		{"ddos", "DDoS攻撃によりウェブサイトがつながりにくい状態となりました。", []string{"ddos"}},
		{"a site viewable again is no exposure", "DoS攻撃を受けましたが、現在は閲覧可能な状態に復旧しております。", []string{"ddos"}},

		// wording variants
		{"unlawful entry worded as 不正な侵入", "オンラインストアに第三者による不正な侵入があり、会員情報が閲覧された可能性があります。",
			[]string{"unauthorized_access"}},
		{"phishing site leading to an account takeover", "フィッシングサイトに誘導された職員がIDとパスワードを入力したため、メールアカウントが乗っ取られました。",
			[]string{"unauthorized_access", "phishing"}},
		{"data shown on a leak site is not a setting", "ダークウェブ上で当社の情報が閲覧可能な状態となっていることを確認しました。ランサムウェア攻撃によるものです。",
			[]string{"ransomware"}},
		{"ransomware named as a threat to guard against", "ランサムウェア等のサイバー攻撃への対策として、バックアップを強化しました。申込書を紛失しました。",
			[]string{"loss_theft"}},
		{"card leak reported by the card company", "クレジットカード会社からの連絡により、当サイトで利用されたカード情報の流出懸念が判明しました。",
			[]string{"web_skimming"}},
		{"mis-labelled parcel", "宛名ラベルの貼り間違いにより、別のお客様あてに商品を発送しました。",
			[]string{"misdelivery"}},
		{"documents stolen from a car", "職員が個人情報を含む書類を自宅に持ち帰り、自家用車から盗まれました。",
			[]string{"loss_theft"}},
		{"stolen password is not a theft of things", "メールアカウントのパスワードが盗まれ、不正ログインされました。",
			[]string{"unauthorized_access"}},
		{"intrusion checked for and not found", "不正アクセスの有無について調査した結果、不正アクセスの痕跡は確認されませんでした。メールを誤送信しました。",
			[]string{"misdelivery"}},
		{"documents destroyed by mistake", "保存期間内の書類を誤って廃棄していたことが判明しました。",
			[]string{"loss_theft"}},
		{"employee handing customer data to a third party", "当社従業員が業務で知り得た顧客情報を第三者に提供したものであり、当該従業員を懲戒解雇としました。",
			[]string{"insider"}},
		{"fake payment page", "弊社の運営するサイトが改ざんされ、偽の決済画面に誘導されるようになっていました。",
			[]string{"web_skimming"}},

		{"rule on taking equipment out is a measure", "ノートパソコンが車上荒らしに遭いました。職員に対し、機器の持ち出し手続きの徹底を指示しました。",
			[]string{"loss_theft"}},
		{"an attack of no named kind is an intrusion", "委託先のサーバーが外部からのサイバー攻撃を受け、従業員の情報が流出した可能性があります。",
			[]string{"unauthorized_access"}},
		{"an attack named as ransomware is not also an intrusion", "サイバー攻撃を受け、サーバーがランサムウェアに感染しました。",
			[]string{"ransomware"}},

		// その他
		{"incident that fits no code", "廃棄を委託したパソコンが転売され、記録されていた個人データが流出しました。", []string{"other"}},
		{"no incident at all", "当社の新サービスについてお知らせします。", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, spans := readCategories(newDoc(tt.text))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if len(spans) != len(got) {
				t.Errorf("got %d evidence spans for %d codes", len(spans), len(got))
			}
		})
	}
}

// The evidence of a code is the keyword that triggered it.
func TestReadCategoriesEvidence(t *testing.T) {
	d := newDoc("お知らせ\n当社サーバーが不正アクセスを受けました。")
	codes, spans := readCategories(d)
	if len(codes) != 1 || d.norm[spans[0].start:spans[0].end] != "不正アクセス" {
		t.Fatalf("got %v %v, want unauthorized_access at 不正アクセス", codes, spans)
	}
}
