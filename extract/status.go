package extract

import (
	"regexp"
	"strings"

	"github.com/jikenbo/jikenbo"
)

// Status: a release is ongoing when it says the investigation continues or
// that more will follow; otherwise it presents itself as a complete
// account and is concluded. A release that calls itself the final report
// or says the investigation is complete is concluded even when it adds
// that some follow-up work continues.
var (
	// ongoingCues say the work is not done or that more will be published.
	ongoingCues = []string{
		"調査中", "精査中", "確認中", "実施中", "対応中", "継続中", "調査を継続", "調査を進めて", "調査を進めており",
		"引き続き調査", "引き続き精査", "引き続き確認", "更なる調査", "さらなる調査", "追加調査",
		"判明次第", "分かり次第", "わかり次第", "確認でき次第", "判明しましたら", "確定しましたら", "確認できましたら",
		"改めてお知らせ", "改めてご報告", "改めてご連絡", "改めて公表", "改めて皆様", "改めて報告",
		"追ってご報告", "追ってお知らせ", "随時ご報告", "随時お知らせ", "随時報告", "随時公表",
		"原因究明と", "原因の断定には至って", "原因を調査して", "詳細は調査",
		"今後の対応を検討", "調査の実施を求め", "調査結果の報告等を求め", "調査を求め",
	}
	// titleCues mark an ongoing release only in its title lines: elsewhere
	// 第1報 is a report filed with an authority.
	titleCues = []string{"第1報", "第一報", "第2報", "第二報", "続報", "速報"}
	// pastTails after a cue put it in the past: 調査を進めておりましたが
	pastTails = []string{"ました", "おりました", "いました", "た。", "たが", "たところ"}
	// finalCues say the release gives the outcome.
	finalCues = []string{
		"最終報告", "最終報", "調査が完了", "調査を完了", "調査の完了", "調査が終了", "調査を終了",
		"懲戒処分を行", "懲戒処分とし", "懲戒処分にし", "調査結果を踏まえ", "調査結果のご報告",
		"調査結果をご報告", "調査結果について",
	}
)

// Status readings, for the confidence layer: which kind of cue decided.
// reContinuedInquiry: 引き続き, then within the clause a noun of
// investigation and the verb that carries it on.
var reContinuedInquiry = regexp.MustCompile(`引き続き[^。、]{0,12}(?:、[^。、]{0,24})?(?:調査|究明|精査)(?:を(?:進め|実施|行|継続)|して|いた)`)

const (
	stTitle   = "title"   // a cue in the title lines (第1報, 調査結果)
	stFinal   = "final"   // 最終報告, 調査が完了 in the body
	stOngoing = "ongoing" // 調査中, 判明次第 in the body
	stNone    = "none"    // no cue: concluded by default
)

// readStatus returns the status, the span of the cue that decided it and
// the kind of that cue.
func readStatus(d *doc) (jikenbo.Status, span, string) {
	final, finalOK := d.findFirst(finalCues)
	ongoing, ongoingOK := span{}, false
	for _, cue := range ongoingCues {
		for _, sp := range d.findAll(cue) {
			if hasAnyPrefix(strings.TrimLeft(d.norm[sp.end:min(len(d.norm), sp.end+24)], " 、"), pastTails) {
				continue
			}
			if !ongoingOK || sp.start < ongoing.start {
				ongoing, ongoingOK = sp, true
			}
			break
		}
	}
	// 引き続き and a word of investigation later in the clause
	// (引き続き影響調査を進め, 引き続き…原因の究明調査を実施)
	for _, m := range reContinuedInquiry.FindAllStringIndex(d.norm, -1) {
		if rest := strings.TrimLeft(d.norm[m[1]:min(len(d.norm), m[1]+24)], " 、"); hasAnyPrefix(rest, pastTails) ||
			hasAnyPrefix(rest, []string{"ておりました", "ていました", "てまいりました"}) {
			continue
		}
		if !ongoingOK || m[0] < ongoing.start {
			ongoing, ongoingOK = span{m[0], m[1]}, true
		}
		break
	}
	for _, l := range d.titleLines() {
		t := d.text(l)
		for _, cue := range titleCues {
			if k := strings.Index(t, cue); k >= 0 {
				return jikenbo.StatusOngoing, span{l.start + k, l.start + k + len(cue)}, stTitle
			}
		}
		// a release titled as an investigation's result is its final word
		if k := strings.Index(t, "調査結果"); k >= 0 {
			return jikenbo.StatusConcluded, span{l.start + k, l.start + k + len("調査結果")}, stTitle
		}
	}
	switch {
	case finalOK:
		return jikenbo.StatusConcluded, final, stFinal
	case ongoingOK:
		return jikenbo.StatusOngoing, ongoing, stOngoing
	}
	return jikenbo.StatusConcluded, span{}, stNone
}

// titleLines returns those of the first three non-empty lines that read
// as headings (no sentence end), where a release's title stands.
func (d *doc) titleLines() []line {
	var out []line
	n := 0
	for _, l := range d.lines {
		t := d.text(l)
		if strings.TrimSpace(t) == "" {
			continue
		}
		if n++; n > 3 {
			break
		}
		if !strings.Contains(t, "。") && len(t) < 300 {
			out = append(out, l)
		}
	}
	return out
}
