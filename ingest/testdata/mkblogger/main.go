// Command mkblogger writes the Blogger fixtures of package ingest (run from
// the repository root: go run ./ingest/testdata/mkblogger): the same
// fictional casebook blog of twelve posts as a legacy Blogger export
// (legacy-export.xml) and as a current Takeout feed.atom (takeout-feed.atom),
// each with settings, templates, comments, pages, drafts or trashed posts
// to skip, and broken.xml, a legacy export with broken entries.
package main

import (
	"fmt"
	"html"
	"log"
	"os"
	"path/filepath"
	"strings"
)

const (
	blogID  = "7351804499912345678"
	blogURL = "https://jikenbo-sample.blogspot.com"
)

type post struct {
	id        string
	published string // RFC 3339 with the blog's +09:00
	slug      string
	title     string
	labels    []string
	body      string // HTML
}

var posts = []post{
	{"1001", "2024-10-03T09:15:00.000+09:00", "kotori-foods", "【セキュリティ事件簿#2024-201】株式会社ことり食品 弊社通販サイトへの不正アクセスによるクレジットカード情報漏えいに関するお詫び 2024/10/2",
		[]string{"不正アクセス", "クレジットカード", "ECサイト"},
		`<p>このたび、弊社が運営する通販サイト「ことり食品オンライン」において、第三者による不正アクセスを受け、お客様のクレジットカード情報 1,284件が漏えいした可能性があることが判明いたしました。</p><p>2024年8月20日、クレジットカード会社からの連絡を受けて調査を開始し、決済画面が改ざんされていたことを確認いたしました。</p><p>お客様には多大なるご迷惑とご心配をおかけしましたことを、深くお詫び申し上げます。</p>`},
	{"1002", "2024-10-08T17:40:00.000+09:00", "hibari-mail", "【セキュリティ事件簿#2024-202】ひばり市 イベント参加者へのメール誤送信について 2024/10/7",
		[]string{"誤送信", "自治体"},
		`<div>ひばり市市民活動課において、市民講座の参加者へ案内メールを送信する際、宛先をBCCではなくTOに入力したため、参加者 63名のメールアドレスが他の受信者に表示される事案が発生しました。</div><div>受信者には削除をお願いし、送信時の複数人による確認を徹底します。</div>`},
	{"1003", "2024-10-15T11:00:00.000+09:00", "tsubasa-usb", "【セキュリティ事件簿#2024-203】学校法人つばさ学園 生徒の個人情報を含むUSBメモリの紛失について 2024/10/11",
		[]string{"紛失", "教育機関"},
		`<p>つばさ学園高等学校の教員が、生徒 215名分の氏名、成績、出欠状況を保存したUSBメモリを紛失しました。</p><p>10月9日に通勤途中で紛失に気づき、警察に遺失届を提出しました。現時点で、第三者による不正利用は確認されていません。<br>今後は、私物の記録媒体の使用を禁止します。</p>`},
	{"1004", "2024-10-21T10:30:00.000+09:00", "minato-ransom", "【セキュリティ事件簿#2024-204】株式会社みなと印刷 ランサムウェア被害の発生について（第1報） 2024/10/18",
		[]string{"ランサムウェア", "委託先"},
		`<p>弊社のファイルサーバー及び印刷データ処理用のサーバーが、ランサムウェアに感染したことを確認いたしました。</p><p>現在、外部の専門家の協力を得て、被害の範囲と、お取引先様からお預かりしている個人情報への影響を調査しております。</p><p>お取引先様には順次ご報告しております。</p>`},
	{"1005", "2024-10-25T14:00:00.000+09:00", "kamome-itaku", "【セキュリティ事件簿#2024-204】かもめ市 委託事業者におけるランサムウェア被害について 2024/10/24",
		[]string{"ランサムウェア", "委託先", "自治体"},
		`<p>かもめ市が納税通知書の印刷を委託している株式会社みなと印刷がランサムウェアの被害を受け、本市の市民 約3万人分の氏名、住所、税額の情報が暗号化されたとの報告がありました。</p><p>現在、情報の外部への流出の有無を委託先において調査中です。</p>`},
	{"1006", "2024-11-01T00:30:00.000+09:00", "shizuku-naibu", "【セキュリティ事件簿#2024-205】医療法人しずく会 職員による患者情報の不正な持ち出しについて 2024/10/31",
		[]string{"内部不正", "医療機関"},
		`<p>しずく会みずの病院の職員が、業務とは無関係に患者 1,032名分の氏名、生年月日、診療科の情報を私用のスマートフォンで撮影し、持ち出していたことが判明しました。</p><table><tr><td>判明日</td><td>2024年10月28日</td></tr><tr><td>対象</td><td>患者 1,032名</td></tr></table><p>当該職員は懲戒解雇としました。</p>`},
	{"1007", "2024-11-06T13:20:00.000+09:00", "hotaru-haiki", "【セキュリティ事件簿#2024-206】株式会社ほたる不動産 入居申込書の誤廃棄について 2024/11/5",
		[]string{"紛失"},
		`<p>弊社みずほ台店において、保管期間中の入居申込書 約480件を、誤って一般ごみとして廃棄していたことが判明いたしました。</p><p>廃棄物は既に焼却処理されており、外部に流出した可能性は低いものと考えております。</p>`},
	{"1008", "2024-11-12T16:45:00.000+09:00", "kotori-final", "【セキュリティ事件簿#2024-201】株式会社ことり食品 弊社通販サイトへの不正アクセスに関する調査結果のご報告（最終報告） 2024/11/11",
		[]string{"不正アクセス", "クレジットカード", "最終報告"},
		`<p>2024年10月2日に公表した通販サイトへの不正アクセスについて、第三者調査機関による調査が完了しましたので、最終報告としてお知らせいたします。</p><p>調査の結果、漏えいした可能性のあるクレジットカード情報は 1,311件と確定いたしました。</p><p>弊社は新しい決済方式に移行したうえで、通販サイトを再開いたします。</p><p>【2024年10月2日リリース分】</p><p>このたび、弊社が運営する通販サイトにおいて不正アクセスを受けました。</p>`},
	{"1009", "2024-11-19T09:00:00.000+09:00", "yamanami-phishing", "【セキュリティ事件簿#2024-207】やまなみ大学 フィッシングメールによる教職員アカウントへの不正アクセスについて 2024/11/18",
		[]string{"不正アクセス", "教育機関"},
		`<p>本学教職員 3名がフィッシングメールに記載されたサイトにIDとパスワードを入力したことにより、メールアカウントが不正に利用され、学外へ約8,000通の迷惑メールが送信されました。</p><p>当該アカウントのパスワードは変更済みです。今後、多要素認証を全学で導入します。</p>`},
	{"1010", "2024-11-27T15:10:00.000+09:00", "asagi-gosoufu", "【セキュリティ事件簿#2024-208】あさぎ信用金庫 お客様宛て郵便物の誤送付について 2024/11/26",
		[]string{"誤送付", "金融機関"},
		`<p>当金庫ひがし支店において、お客様 12名宛ての取引明細書を、封入作業の誤りにより別のお客様へ送付しておりました。</p><p>誤送付先のお客様からのご連絡により判明し、全件回収いたしました。</p>`},
	{"1011", "2024-12-04T10:05:00.000+09:00", "fujimi-ransom", "【セキュリティ事件簿#2024-209】株式会社ふじみ物流 当社システムへのサイバー攻撃について 2024/12/3",
		[]string{"ランサムウェア"},
		`<p>当社の配送管理システムがランサムウェアによるサイバー攻撃を受け、一部の配送業務に遅れが生じております。</p><p>現時点で、お客様の個人情報の流出は確認されておりませんが、引き続き調査を進めてまいります。</p>`},
	{"1012", "2024-12-10T18:30:00.000+09:00", "wakaba-kokai", "【セキュリティ事件簿#2024-210】わかば町 町ホームページにおける個人情報の誤掲載について 2024/12/9",
		[]string{"誤公開", "自治体"},
		`<p>わかば町ホームページに掲載した補助金交付決定者の一覧表に、本来は非表示とすべき申請者 58名分の住所と電話番号が含まれていました。</p><p>掲載は11月29日から12月6日までの8日間で、現在は削除しております。</p>`},
}

func main() {
	dir := "ingest/testdata/blogger"
	write(filepath.Join(dir, "legacy-export.xml"), legacy(posts, true))
	write(filepath.Join(dir, "takeout-feed.atom"), takeout(posts))
	write(filepath.Join(dir, "broken.xml"), broken())
}

func write(path, s string) {
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		log.Fatal(err)
	}
}

func esc(s string) string { return html.EscapeString(s) }

func kind(k string) string {
	return `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#` + k + `'/>`
}

func legacyEntry(p post, draft bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<entry><id>tag:blogger.com,1999:blog-%s.post-%s</id><published>%s</published><updated>%s</updated>", blogID, p.id, p.published, p.published)
	b.WriteString(kind("post"))
	for _, l := range p.labels {
		fmt.Fprintf(&b, "<category scheme='http://www.blogger.com/atom/ns#' term='%s'/>", esc(l))
	}
	fmt.Fprintf(&b, "<title type='text'>%s</title><content type='html'>%s</content>", esc(p.title), esc(p.body))
	if draft {
		b.WriteString("<app:control xmlns:app='http://purl.org/atom/app#'><app:draft>yes</app:draft></app:control>")
	} else {
		fmt.Fprintf(&b, "<link rel='replies' type='application/atom+xml' href='%s/feeds/%s/comments/default' title='コメントの投稿'/>", blogURL, p.id)
		fmt.Fprintf(&b, "<link rel='alternate' type='text/html' href='%s/%s/%s.html' title='%s'/>", blogURL, p.published[:4]+"/"+p.published[5:7], p.slug, esc(p.title))
	}
	b.WriteString("<author><name>事件簿編集部</name><email>noreply@blogger.com</email></author></entry>\n")
	return b.String()
}

func legacy(ps []post, extras bool) string {
	var b strings.Builder
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?><?xml-stylesheet href=\"http://www.blogger.com/styles/atom.css\" type=\"text/css\"?>")
	fmt.Fprintf(&b, "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0' xmlns:georss='http://www.georss.org/georss'><id>tag:blogger.com,1999:blog-%s.archive</id><updated>2024-12-10T18:30:00.000+09:00</updated><title type='text'>セキュリティ事件簿（見本）</title>", blogID)
	fmt.Fprintf(&b, "<link rel='alternate' type='text/html' href='%s/'/><author><name>事件簿編集部</name></author><generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>\n", blogURL)
	if extras {
		for _, s := range []struct{ name, val string }{{"BLOG_NAME", "セキュリティ事件簿（見本）"}, {"BLOG_DESCRIPTION", "公表されたセキュリティ事件の記録"}} {
			fmt.Fprintf(&b, "<entry><id>tag:blogger.com,1999:blog-%s.settings.%s</id><published>2024-12-10T18:30:00.000+09:00</published><updated>2024-12-10T18:30:00.000+09:00</updated>%s<title type='text'></title><content type='text'>%s</content></entry>\n", blogID, s.name, kind("settings"), esc(s.val))
		}
		fmt.Fprintf(&b, "<entry><id>tag:blogger.com,1999:blog-%s.layout</id><published>2024-01-01T00:00:00.000+09:00</published><updated>2024-01-01T00:00:00.000+09:00</updated>%s<title type='text'>Template: セキュリティ事件簿</title><content type='text'>%s</content></entry>\n", blogID, kind("template"), esc("<html><body><b:section id='main'/></body></html>"))
		fmt.Fprintf(&b, "<entry><id>tag:blogger.com,1999:blog-%s.page-2001</id><published>2024-01-05T10:00:00.000+09:00</published><updated>2024-01-05T10:00:00.000+09:00</updated>%s<title type='text'>このブログについて</title><content type='html'>%s</content><link rel='alternate' type='text/html' href='%s/p/about.html'/></entry>\n", blogID, kind("page"), esc("<p>公表資料を記録しています。</p>"), blogURL)
	}
	for i, p := range ps {
		b.WriteString(legacyEntry(p, false))
		if extras && i%4 == 1 {
			fmt.Fprintf(&b, "<entry><id>tag:blogger.com,1999:blog-%s.post-%s9</id><published>%s</published><updated>%s</updated>%s<title type='text'></title><content type='html'>%s</content><link rel='alternate' type='text/html' href='%s/%s.html?showComment=1#c%s9'/><author><name>読者</name></author><thr:in-reply-to href='%s' ref='tag:blogger.com,1999:blog-%s.post-%s' type='text/html'/></entry>\n",
				blogID, p.id, p.published, p.published, kind("comment"), esc("記録ありがとうございます。"), blogURL, p.slug, p.id, blogURL, blogID, p.id)
		}
	}
	if extras {
		d1 := post{"1901", "2024-12-11T09:00:00.000+09:00", "draft-1", "【セキュリティ事件簿#2024-211】（下書き）株式会社なぎさ電機 不正アクセスについて", []string{"不正アクセス"}, "<p>確認中。</p>"}
		d2 := post{"1902", "2024-12-12T09:00:00.000+09:00", "draft-2", "（下書き）年末のまとめ", nil, "<p>未完成。</p>"}
		b.WriteString(legacyEntry(d1, true))
		b.WriteString(legacyEntry(d2, true))
	}
	b.WriteString("</feed>\n")
	return b.String()
}

// takeout writes the Takeout format: blogger:type/status/filename, UTC
// times, labels under the blog's own scheme, no alternate links.
func takeout(ps []post) string {
	var b strings.Builder
	b.WriteString("<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>\n")
	fmt.Fprintf(&b, "<id>tag:blogger.com,1999:blog-%s.archive</id><title>セキュリティ事件簿（見本）</title><updated>2024-12-10T09:30:00.000Z</updated>\n", blogID)
	entry := func(id, typ, status, title, content, created, published, filename string, labels []string, extra string) {
		fmt.Fprintf(&b, "<entry><id>tag:blogger.com,1999:blog-%s.%s</id><blogger:type>%s</blogger:type><blogger:status>%s</blogger:status>", blogID, id, typ, status)
		b.WriteString("<author><name>事件簿編集部</name><uri>https://www.blogger.com/profile/0</uri><blogger:type>BLOGGER</blogger:type></author>")
		fmt.Fprintf(&b, "<title>%s</title><content type='html'>%s</content><blogger:created>%s</blogger:created><published>%s</published><updated>%s</updated>", title, esc(content), created, published, published)
		if filename != "" {
			fmt.Fprintf(&b, "<blogger:filename>%s</blogger:filename>", filename)
		}
		for _, l := range labels {
			fmt.Fprintf(&b, "<category scheme='tag:blogger.com,1999:blog-%s' term='%s'/>", blogID, esc(l))
		}
		b.WriteString(extra + "</entry>\n")
	}
	for i, p := range ps {
		pub := utc(p.published)
		title := esc(p.title)
		if i == 2 {
			// Takeout escapes some titles twice: &amp;quot; for a quote.
			title = strings.Replace(title, "USBメモリ", "&amp;quot;USBメモリ&amp;quot;", 1)
		}
		entry("post-"+p.id, "POST", "LIVE", title, p.body, pub, pub, "/"+p.published[:4]+"/"+p.published[5:7]+"/"+p.slug+".html", p.labels, "")
		if i%5 == 0 {
			entry("post-"+p.id+"9", "COMMENT", "LIVE", "", "参考になりました。", pub, pub, "", nil, "<blogger:parent>tag:blogger.com,1999:blog-"+blogID+".post-"+p.id+"</blogger:parent>")
		}
	}
	entry("page-2001", "PAGE", "LIVE", "このブログについて", "<p>公表資料を記録しています。</p>", "2024-01-05T01:00:00.000Z", "2024-01-05T01:00:00.000Z", "/p/about.html", nil, "")
	entry("post-1901", "POST", "DRAFT", "（下書き）株式会社なぎさ電機 不正アクセスについて", "<p>確認中。</p>", "2024-12-11T00:00:00.000Z", "2024-12-11T00:00:00.000Z", "", []string{"不正アクセス"}, "")
	entry("post-1903", "POST", "SOFT_TRASHED", "削除した投稿", "<p>重複。</p>", "2024-12-01T00:00:00.000Z", "2024-12-01T00:00:00.000Z", "/2024/12/dup.html", nil, "<blogger:trashed>2024-12-02T00:00:00.000Z</blogger:trashed>")
	b.WriteString("</feed>\n")
	return b.String()
}

// utc rewrites a +09:00 time as Takeout writes times, in UTC.
func utc(s string) string {
	var y, mo, d, h, mi int
	fmt.Sscanf(s, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi)
	h -= 9
	if h < 0 {
		h += 24
		d--
		if d == 0 { // only 2024-11-01 needs it among the fixtures
			mo--
			d = 31
		}
	}
	return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:00.000Z", y, mo, d, h, mi)
}

// broken is a legacy export of four posts: the second's title has a bare
// "<" that makes the XML invalid, the third has an unreadable date and the
// fourth has no link.
func broken() string {
	s := legacy(posts[:5], false)
	s = strings.Replace(s, esc(posts[1].title), "ひばり市 <誤送信 について", 1)
	s = strings.Replace(s, "<published>"+posts[2].published+"</published>", "<published>2024年10月15日</published>", 1)
	i := strings.Index(s, "post-"+posts[3].id)
	j := strings.Index(s[i:], "<link rel='alternate'")
	k := strings.Index(s[i+j:], "/>")
	return s[:i+j] + s[i+j+k+2:]
}
