package fixtureworld

import (
	"fmt"
	"strings"
	"time"

	"github.com/jikenbo/jikenbo/internal/synth"
)

// orgName is the i-th fictional organisation.
func orgName(i int) string {
	first := []string{"青葉", "桜川", "白鷺", "霧島", "星野", "若葉", "朝凪", "水無月", "椿原", "楓台", "銀杏", "柊"}
	forms := []string{"株式会社%s商事", "%s市", "株式会社%sフーズ", "%s大学", "%s信用金庫", "株式会社%sシステムズ"}
	return fmt.Sprintf(forms[i%len(forms)], first[(i/len(forms)+i)%len(first)]) + strings.Repeat("第二", i/(len(first)*len(forms)))
}

// ordinary are notices that are not about an incident of the publisher's
// own: a seminar, maintenance, a product, a delivery delay, a phishing
// warning, an outage without an attack.
var ordinary = []string{
	`%s は、中小企業の皆様を対象とした情報セキュリティセミナーを開催いたします。
講師には外部の専門家をお招きし、標的型メールへの備えや社内規程の作り方を分かりやすく解説します。
参加費は無料です。お申し込みは当ウェブサイトのフォームから受け付けております。`,
	`%s では、システムの定期メンテナンスのため、下記の日時にオンラインサービスを停止いたします。
停止中はログインおよびお申し込みの受付ができません。
ご不便をおかけいたしますが、ご理解とご協力をお願い申し上げます。`,
	`%s は、新しい商品の取り扱いを開始いたしました。
春の新生活に合わせた限定セットもご用意しております。
詳しくは各店舗または公式オンラインストアにてご確認ください。`,
	`%s を名乗る不審なメールが確認されています。
当方から電子メールで暗証番号やパスワードをお尋ねすることはございません。
心当たりのないメールに記載されたリンクは開かず、削除してください。`,
	`%s の配送センターにおける機器の不具合により、一部のご注文で商品のお届けが遅れております。
お客様には大変ご迷惑をおかけしておりますことをお詫び申し上げます。
順次発送しており、通常のお届けに戻る見込みです。`,
}

// Ordinary returns the k-th ordinary notice of an organisation.
func Ordinary(org string, k int) string { return fmt.Sprintf(ordinary[k%len(ordinary)], org) }

// Incident returns a first report of unauthorised access at org, found on
// the day given, affecting persons people.
func Incident(org string, found time.Time, persons int) string {
	return fmt.Sprintf(`%[1]s
不正アクセスによる個人情報漏えいに関するお詫びとお知らせ
このたび、%[1]s が運営するオンラインサービスのサーバーが第三者による不正アクセスを受け、お客様の個人情報が漏えいした可能性があることが判明いたしました。
%[2]d年%[3]d月%[4]d日、サーバーの監視により不審な通信を検知し、調査を開始いたしました。
漏えいした可能性のある情報は、お客様%[5]d名分の氏名、住所、電話番号、メールアドレスです。
現在、外部の専門機関の協力を得て調査を継続しております。
お客様には多大なるご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。`, org, found.Year(), int(found.Month()), found.Day(), persons)
}

// FollowUp returns the second report of the same incident, with its
// count corrected.
func FollowUp(org string, found time.Time, persons int) string {
	return fmt.Sprintf(`%[1]s
不正アクセスによる個人情報漏えいに関するお詫びとお知らせ(第2報)
%[2]d年%[3]d月%[4]d日にお知らせした、当社サーバーへの不正アクセスについて、調査の経過をお知らせいたします。
外部の専門機関による調査の結果、漏えいした可能性のある個人情報は、お客様%[5]d名分の氏名、住所、電話番号であることが判明いたしました。
クレジットカード情報は含まれておりません。
引き続き調査を継続し、新たな事実が判明した場合には速やかにお知らせいたします。
お客様には多大なるご迷惑とご心配をおかけしますことを、重ねて深くお詫び申し上げます。`, org, found.Year(), int(found.Month()), found.Day(), persons)
}

// PDF writes a one-page PDF of a title and body in a Japanese font that
// is not embedded, as many organisations' PDFs are (synth.JapanesePDF).
func PDF(title, body string) []byte { return synth.JapanesePDF(title, body) }
