package extract

import (
	"testing"

	"github.com/jikenbo/jikenbo"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		name, text string
		want       jikenbo.Status
	}{
		{"investigation under way", "漏えいの範囲については現在調査中です。", jikenbo.StatusOngoing},
		{"more will follow", "詳細が判明次第、改めてお知らせいたします。", jikenbo.StatusOngoing},
		{"first report in the title", "サイバー攻撃による被害について(第1報)\n本日、システム障害が発生しました。", jikenbo.StatusOngoing},
		{"a first report filed with an authority is not this release's stage", "本文です。\n本文です。\n本文です。\n個人情報保護委員会へ報告書(第1報)を提出しました。再発防止策を講じます。", jikenbo.StatusConcluded},
		{"investigation in the past", "外部専門家による調査を進めておりましたが、調査結果を踏まえて以下のとおりご報告します。", jikenbo.StatusConcluded},
		{"final report", "本件の最終報告として、原因と再発防止策をお知らせします。引き続き調査結果の検証を行います。", jikenbo.StatusConcluded},
		{"titled as the result of the investigation", "不正アクセスに関する調査結果と再発防止策について\n委託先の委員会は現在実施中です。", jikenbo.StatusConcluded},
		{"disciplinary action taken", "当該職員に対し停職1か月の懲戒処分を行いました。", jikenbo.StatusConcluded},
		{"no wording either way: a complete account", "メールを誤送信しました。再発防止に努めます。", jikenbo.StatusConcluded},
		{"investigation carried on, words between", "二次被害は確認されておりませんが、引き続き影響範囲の調査を進め、必要な対応を行います。", jikenbo.StatusOngoing},
		{"cause still to be found, a long clause between", "引き続き関係機関と連携し、詳細な原因の究明調査を実施してまいります。", jikenbo.StatusOngoing},
		{"carrying on with care is no investigation", "引き続き適切な管理に努めてまいります。", jikenbo.StatusConcluded},
		{"an investigation carried on in the past", "引き続き影響範囲の調査を進めておりましたが、このたび完了しました。", jikenbo.StatusConcluded},
		{"checks continuing", "全端末のウイルスチェックを実施中です。", jikenbo.StatusOngoing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _, _ := readStatus(newDoc(tt.text)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
