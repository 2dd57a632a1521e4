package extract

import "github.com/jikenbo/jikenbo"

// Medium rules: where the leaked data was, when the release states it (a
// lost USB memory, papers mailed to the wrong address, a server broken
// into). A medium counts only in a sentence that also tells the incident
// happening to it (紛失, 誤送信, 不正アクセス…): a release that apologises
// "by e-mail" or keeps its records "on a server" states no medium. A
// release that states none has none; nothing is inferred from the
// category.

type mediumRule struct {
	medium string
	// words name the medium; cues are what must happen to it in the same
	// sentence. Both are in the normalised, ASCII-lower-cased form.
	words, cues []string
}

var (
	mediumLossCues = []string{"紛失", "置き忘れ", "置忘れ", "盗難", "盗まれ", "所在不明", "所在が不明", "誤廃棄", "誤って廃棄",
		"持ち出", "持出", "落と", "車上荒らし", "ひったくり", "置き引き", "見当たら"}
	mediumSendCues = []string{"誤送", "誤って", "誤配", "誤った宛先", "異なる宛先", "別の宛先", "宛先を誤", "宛先誤り", "誤封入", "誤投函"}
	mediumMailCues = []string{"誤送信", "誤って送信", "誤って送付", "bcc", "宛先を誤", "誤った宛先", "誤添付", "誤って添付",
		"他の受信者", "他のお客様のメールアドレス", "メールアドレスが表示"}
	mediumAttackCues = []string{"不正アクセス", "侵入", "暗号化", "ランサムウェア", "感染", "サイバー攻撃", "攻撃を受け", "改ざん", "不正ログイン"}
)

// mediumRules are in jikenbo.Media's order.
var mediumRules = []mediumRule{
	{jikenbo.MediumUSB, []string{"usbメモリ", "usbフラッシュ", "usb記録媒体", "外付けハードディスク", "外付けhdd", "外付けssd",
		"sdカード", "電子記録媒体", "外部記録媒体", "記録媒体", "cd-r", "dvd-r", "光ディスク"}, mediumLossCues},
	{jikenbo.MediumPaper, []string{"書類", "紙媒体", "名簿", "台帳", "帳票", "申込書", "申請書", "答案", "調査票", "用紙",
		"通知書", "封書", "資料", "ファイル綴", "カルテ", "はがき", "ハガキ", "伝票"},
		append(append([]string{}, mediumLossCues...), mediumSendCues...)},
	{jikenbo.MediumPC, []string{"パソコン", "ノートpc", "業務用pc", "pc本体", "pcを", "pcが", "pc1台", "pc 1台", "タブレット端末", "タブレット"},
		append(append([]string{}, mediumLossCues...), "ウイルス", "マルウェア", "感染")},
	{jikenbo.MediumFax, []string{"fax", "ファックス", "ファクス", "ファクシミリ"}, mediumSendCues},
	{jikenbo.MediumEmail, []string{"メール"}, mediumMailCues},
	{jikenbo.MediumServer, []string{"サーバ"}, mediumAttackCues},
}

// Media returns the media the text states the incident happened on, as
// jikenbo medium codes in jikenbo.Media's order; none when it states none.
func Media(text string) []string {
	d := newDoc(text)
	found := map[string]bool{}
	for _, s := range d.sents {
		sent := d.low[s.start:s.end]
		for _, r := range mediumRules {
			if found[r.medium] || !containsAny(sent, r.words) || !containsAny(sent, r.cues) {
				continue
			}
			found[r.medium] = true
		}
	}
	var out []string
	for _, m := range jikenbo.Media {
		if found[m.Code] {
			out = append(out, m.Code)
		}
	}
	return out
}
