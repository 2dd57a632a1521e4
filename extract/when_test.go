package extract

import "testing"

func TestPublished(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"casebook headline date", "【セキュリティ事件簿#2025-101】株式会社みどり書房 不正アクセスに関するお知らせ 2025/3/4\n本文", "2025-03-04"},
		{"letterhead date beside the name", "お知らせ\n令和7年3月4日\n株式会社みどり書房\n本文です。", "2025-03-04"},
		{"the letterhead wins over an update note at the top", "2025.05.19\n【追記】紛失について\n令和7年4月4日\n北山大学\n本文です。", "2025-04-04"},
		{"press note in brackets", "本文です。(令和6年12月6日 10時30分発表)", "2024-12-06"},
		{"a press-release date wins over the page's posting date", "掲載日:2025年4月11日\n記者発表資料\n令和7年4月10日\n本文です。", "2025-04-10"},
		{"updated-on label", "更新日:2022年7月1日\n本文です。", "2022-07-01"},
		{"closing date line", "本文です。\n以上\n\n2022年3月16日", "2022-03-16"},
		{"a date opening a narrative line is not a release date", "2024年1月16日、当社サーバーへのアクセス障害が発生しました。", ""},
		{"an earlier release is not this one's date", "当社は、2024年1月26日に公表いたしました件について続報します。", ""},
		{"headline without a date", "【セキュリティ事件簿#2025-102】青葉市 個人情報の紛失について\n本文", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(tt.text)
			h, _ := readHeadline(d)
			got, _, _ := readDates(d, h).published()
			if got.String() != tt.want {
				t.Errorf("published = %q, want %q", got.String(), tt.want)
			}
		})
	}
}

func TestDetected(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"told by the police", "2024年5月28日、警察より当社サイトが攻撃を受けている可能性があるとの連絡を受けました。2024年7月29日、調査が完了し、漏えいを確認いたしました。", "2024-05-28"},
		{"the earliest notice wins", "2023年6月14日、お客様からの問い合わせにより判明しました。2023年6月15日に確認を終えました。", "2023-06-14"},
		{"a period of use is not a notice", "2021年6月28日~2024年5月30日の期間に入力された情報の漏えいを確認しました。", ""},
		{"a timeline heading and the event on the next line", "(2)経緯\n【令和7年2月19日(水曜日)】\n段ボールがないことに気づきました。", "2025-02-19"},
		{"year from the release date", "令和6年9月20日\n株式会社みどり書房\n9月12日(木)にシステム障害が発生しました。", "2024-09-12"},
		{"no year anywhere: unknown, not guessed", "10月18日に誤送信が判明しました。", ""},
		{"a date after the cue belongs to something else", "清掃業者に確認したところ、令和7年2月17日の回収で廃棄されていた。", ""},
		{"a second date in a sentence is not the notice", "2023年11月30日、2023年11月21日に使用したUSBメモリーがないことに気づいた。", "2023-11-30"},
		{"the next sentence goes on from the same day", "令和7年11月14日(金)、職員が誤ってToで送信しました。\n送信の2分後、他の職員がこのことに気づきました。", "2025-11-14"},
		{"ransomware at the contractor is noticed at once", "令和6年5月26日(日)、委託先がランサムウェア被害を受けました。", "2024-05-26"},
		{"a confirmation form (確認書) is not a confirmation", "令和4年1月27日(木曜)、委託事業者(以下「事業者」という。)は確認書をFAXで送信しました。\n1月28日(金曜)、医療機関から連絡があり、誤送信が判明しました。", "2022-01-28"},
		{"an encrypting USB stick is not an encryption attack", "令和6年6月27日(木)、職員が暗号化機能付きのUSBメモリにデータを保存しました。\n令和6年6月28日(金)、USBメモリがないことに気付きました。", "2024-06-28"},
		{"shutting an account is not a notice", "2023年4月24日午前9時に、当該アカウントを停止しました。", ""},
		{"a long sentence, the date right before に判明", "当社が昨年より運営している会員向けのオンラインサービスにおいて、一部のお客様の登録情報と購入履歴が外部から閲覧できる状態になっていたことが2024年3月8日に判明いたしました。", "2024-03-08"},
		{"a time of day between the date and に確認", "本学の教務システムで管理している学生の成績データを含むファイルが、学外から閲覧可能となっていたことを2023年9月4日(月)午後3時頃に確認しました。", "2023-09-04"},
		{"a clause of notice qualifying the date", "不正ログインが発覚した2022年11月2日当日に、全会員のパスワードを初期化しました。", "2022-11-02"},
		{"に and a verb that is no notice", "本学の教務システムで管理している学生の成績データを含むファイルについて、その保存場所を2023年9月4日に変更しました。", ""},
		{"a notice after the release date is impossible", "2024/06/01\n本文。\n2024年7月1日、漏えいを確認しました。", ""},
		{"an outage that keeps recurring is noticed at once", "2023年5月9日(火)より、予約サイトに接続する障害が多発しておりました。", "2023-05-09"},
		{"the day of an earlier attack confirmed later is not the notice", "2024年3月4日に利用者から通報を受けました。調査の結果、3月1日に管理画面が不正アクセスを受けていたことが確認されました。", "2024-03-04"},
		{"a heading date applies to the confirmation, pluperfect or not", "2024年3月4日、社内サーバーに不正な操作が行われていたことが確認されました。", "2024-03-04"},
		{"things came to light one after another from a day", "令和6年6月3日以降、書類が所在不明となっていることが6月10日以降に順次判明しました。", "2024-06-10"},
		{"a mis-send and the apology on the same day leave one day", "令和6年8月2日(金)、職員がメールを誤って宛先欄に入力して送信しました。\n令和6年8月2日18時、受信者の皆様にお詫びと削除のお願いをしました。", "2024-08-02"},
		{"a mis-send on the day of the release leaves one day", "【セキュリティ事件簿#2024-9】株式会社みどり書房 メール誤送信のお詫び 2024/8/2\n2024年8月2日10時、お客様あてのメールを誤送信いたしました。", "2024-08-02"},
		{"a mis-send and a later apology leave the day open", "令和6年8月2日(金)、職員がメールを誤って送信しました。\n令和6年8月5日、受信者の皆様にお詫びをしました。", ""},
		{"a labelled day of notice", "令和6年6月1日\n株式会社みどり書房\n1.発覚日\n2024年5月12日\n2.概要\n顧客情報を記録したUSBメモリを紛失しました。", "2024-05-12"},
		{"a label and its date on one line", "令和6年6月1日\n株式会社みどり書房\n発覚日時:2024年5月12日(日)15時頃\n紛失したUSBメモリには顧客情報が含まれていました。", "2024-05-12"},
		{"a numbered label for the time of notice wins over an earlier day in the timeline", "更新日:2025年12月25日\n2 発覚時期\n令和7年11月25日(火曜)\n5 経緯\n11月19日 担当者が書類を確認したところ、報告書が未着であることが判明。", "2025-11-25"},
		{"the day something is found again is no label of notice", "令和6年6月1日\n株式会社みどり書房\n発見日:2024年5月20日\n5月10日に紛失した鞄が見つかりました。", ""},
		{"a date as of which something is known is no notice", "令和6年6月1日\n株式会社みどり書房\n2024年5月15日時点で、流出の可能性が判明しているお客様には既にご連絡しております。", ""},
		{"the notice told after a later date belongs to that date", "令和6年6月1日\n株式会社みどり書房\n2024年5月1日に当社サーバーがマルウェアに感染し、5月3日に外部からの指摘で判明しました。", "2024-05-03"},
		{"a mis-send, and a notice on another day in the same sentence", "令和6年6月1日\n株式会社みどり書房\n2024年5月1日にメールを誤って送信し、5月2日に受信者からの連絡で気づきました。", "2024-05-02"},
		{"a topic comma does not end a clause", "令和6年6月1日\n株式会社みどり書房\n2024年5月10日、当社は、5月8日に送信したメールに誤りがあることを確認しました。", "2024-05-10"},
		{"an attack noticed at once keeps its day although a later day follows", "令和6年6月1日\n株式会社みどり書房\n2024年5月26日、委託先がランサムウェア被害を受け、6月3日に当社へ報告がありました。", "2024-05-26"},
		{"a timeline entry does not run into the next one", "令和6年6月1日\n株式会社みどり書房\n経緯\n2024年5月13日 当社サーバーに不正アクセス\n2024年5月15日 外部機関からの連絡により不正アクセスの可能性を認識\n2024年5月16日 サーバーを停止", "2024-05-15"},
		{"the next day", "令和6年6月1日\n株式会社みどり書房\n2024年5月15日、職員が書類を紛失しました。翌日、紛失に気づき、警察に届け出ました。", "2024-05-16"},
		{"the next morning, on the next line", "令和6年6月1日\n株式会社みどり書房\n2024年5月31日(金)、職員が書類を持ち帰りました。\n翌朝、書類がないことに気が付きました。", "2024-06-01"},
		{"from the next day on is a period", "令和6年6月1日\n株式会社みどり書房\n2024年5月15日、メールを送信しました。翌日以降、順次お問い合わせがあり判明しました。", ""},
		{"a paragraph that opens with the day and goes on to the notice", "令和6年6月1日\n株式会社みどり書房\n2024年5月15日(水)午後3時頃、職員が電車に鞄を置き忘れました。途中で席を移りました。下車後、鞄がないことに気づき、駅に連絡しました。", "2024-05-15"},
		{"a paragraph that passes to a later time", "令和6年6月1日\n株式会社みどり書房\n2024年5月15日、職員が鞄を置き忘れました。その後の点検で、鞄がないことに気づきました。", ""},
		{"a paragraph whose notice sentence has its own date", "令和6年6月1日\n株式会社みどり書房\n2024年5月15日、職員が鞄を置き忘れました。5月17日、鞄がないことに気づきました。", "2024-05-17"},
		{"a day written without its month, with its weekday", "令和6年11月2日\n株式会社みどり書房\n10月22日(火曜日)、教員が手帳に記録した。\n\n26日(土曜日)、手帳がないことに気がついた。", "2024-10-26"},
		{"a day without its month whose weekday does not fit is not read", "令和6年11月2日\n株式会社みどり書房\n10月22日(火曜日)、教員が手帳に記録した。\n\n26日(月曜日)、手帳がないことに気がついた。", ""},
		{"a date that qualifies the mail, then the day of notice", "令和6年6月1日\n株式会社みどり書房\n2024年5月8日に送信したメールについて、5月10日に受信者から指摘を受けました。", "2024-05-10"},
		{"the day an attack happened, then the day it came to light", "令和6年6月1日\n株式会社みどり書房\n2024年5月8日に発生した不正アクセスについて、5月10日に判明しました。", "2024-05-10"},
		{"a day of the same month", "令和6年6月1日\n株式会社みどり書房\n2024年5月8日、職員がUSBメモリを紛失しました。同月10日、紛失に気づきました。", "2024-05-10"},
		{"the end of a period is not the day of the incident", "2024年7月1日~2024年8月2日の間に送信したメールに誤りがありました。2024年8月2日にお詫びを送りました。", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(tt.text)
			h, _ := readHeadline(d)
			got, _, _, _ := readDates(d, h).detected()
			if got.String() != tt.want {
				t.Errorf("detected = %q, want %q", got.String(), tt.want)
			}
		})
	}
}
