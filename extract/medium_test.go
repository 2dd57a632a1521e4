package extract

import (
	"slices"
	"testing"

	"github.com/jikenbo/jikenbo"
)

func TestMedia(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"usb lost", "職員が個人情報を保存したUSBメモリを紛失しました。", []string{"usb"}},
		{"full-width usb", "ＵＳＢメモリ１本の所在が不明となっております。", []string{"usb"}},
		{"paper mailed", "申込書を誤って別のお客様へ郵送いたしました。", []string{"paper"}},
		{"pc stolen", "車上荒らしにより業務用ノートPCが盗まれました。", []string{"pc"}},
		{"fax", "患者様の情報を記載した書類を、誤ったFAX番号へ誤送信しました。", []string{"paper", "fax"}},
		{"bcc", "メールを送信する際、BCCとすべきところをTOで送信したため、他の受信者のアドレスが表示されました。", []string{"email"}},
		{"server", "当社のサーバーが第三者による不正アクセスを受け、ランサムウェアに感染しました。", []string{"server"}},
		{"pc and usb", "パソコンとUSBメモリの入った鞄を置き忘れました。", []string{"usb", "pc"}},
		// What the release only mentions in passing is no medium.
		{"apology by mail", "対象のお客様には電子メールにてお詫びとお知らせをお送りしております。", nil},
		{"server named only", "サーバーの設定を見直し、再発防止に努めます。", nil},
		{"other sentence", "USBメモリを使用していました。\n別の書類は確認中です。", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Media(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Media(%q): got %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// FuzzMedia: any text gives known medium codes, each once, in
// jikenbo.Media's order.
func FuzzMedia(f *testing.F) {
	f.Add("USBメモリを紛失しました。")
	f.Add("ＦＡＸを誤送信\nサーバーが不正アクセス")
	f.Fuzz(func(t *testing.T, text string) {
		got := Media(text)
		last := -1
		for _, m := range got {
			i := slices.IndexFunc(jikenbo.Media, func(t jikenbo.Term) bool { return t.Code == m })
			if i <= last {
				t.Fatalf("Media: %v: unknown, repeated or out of order", got)
			}
			last = i
		}
	})
}
