package jikenbo_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
)

func intp(n int) *int { return &n }

func TestParseCaseID(t *testing.T) {
	for _, tt := range []struct {
		id        string
		year, seq int
		ok        bool
	}{
		{"2024-217", 2024, 217, true},
		{"2024-1516", 2024, 1516, true},
		{"2024-000", 0, 0, false},
		{"24-1", 0, 0, false},
		{"2024-21", 0, 0, false},
		{"", 0, 0, false},
	} {
		y, s, err := jikenbo.ParseCaseID(tt.id)
		if (err == nil) != tt.ok || y != tt.year || s != tt.seq {
			t.Errorf("ParseCaseID(%q) = %d, %d, %v", tt.id, y, s, err)
		}
		if tt.ok && jikenbo.FormatCaseID(y, s) != tt.id {
			t.Errorf("FormatCaseID(%d, %d) = %q, want %q", y, s, jikenbo.FormatCaseID(y, s), tt.id)
		}
	}
}

func TestApplyOverrides(t *testing.T) {
	f := jikenbo.Facts{Title: "題", AffectedPersons: intp(10), Categories: []string{jikenbo.CatMalware},
		Evidence: []jikenbo.Evidence{{Field: "title", Start: 0, End: 3}, {Field: "affected_persons", Start: 5, End: 8}}}
	for _, tt := range []struct {
		name  string
		ovs   []jikenbo.Override
		check func(jikenbo.Facts) bool
		err   bool
	}{
		{"None", nil, func(g jikenbo.Facts) bool { return g.Title == "題" && len(g.Evidence) == 2 }, false},
		{"Count", []jikenbo.Override{{Field: "affected_persons", Value: json.RawMessage(`12`)}},
			func(g jikenbo.Facts) bool {
				return *g.AffectedPersons == 12 && len(g.Evidence) == 1 && g.Evidence[0].Field == "title"
			}, false},
		{"Clear", []jikenbo.Override{{Field: "affected_persons", Value: json.RawMessage(`null`)}},
			func(g jikenbo.Facts) bool { return g.AffectedPersons == nil }, false},
		{"List", []jikenbo.Override{{Field: "categories", Value: json.RawMessage(`["ransomware","unauthorized_access"]`)}},
			func(g jikenbo.Facts) bool {
				return slices.Equal(g.Categories, []string{jikenbo.CatRansomware, jikenbo.CatUnauthorizedAccess})
			}, false},
		{"LaterWins", []jikenbo.Override{{Field: "title", Value: json.RawMessage(`"一"`)}, {Field: "title", Value: json.RawMessage(`"二"`)}},
			func(g jikenbo.Facts) bool { return g.Title == "二" }, false},
		{"Date", []jikenbo.Override{{Field: "published", Value: json.RawMessage(`"2024-07-05"`)}},
			func(g jikenbo.Facts) bool { return g.Published == jikenbo.Date{Year: 2024, Month: 7, Day: 5} }, false},
		{"BadDate", []jikenbo.Override{{Field: "published", Value: json.RawMessage(`"7月5日"`)}}, nil, true},
		{"Evidence", []jikenbo.Override{{Field: "evidence", Value: json.RawMessage(`[]`)}}, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jikenbo.ApplyOverrides(f, tt.ovs)
			if (err != nil) != tt.err {
				t.Fatalf("error %v, want error %v", err, tt.err)
			}
			if err == nil && !tt.check(got) {
				t.Errorf("got %+v", got)
			}
		})
	}
	if *f.AffectedPersons != 10 || len(f.Evidence) != 2 {
		t.Errorf("ApplyOverrides changed its input")
	}
}

func TestAutoLabels(t *testing.T) {
	got := jikenbo.AutoLabels(jikenbo.Facts{Status: jikenbo.StatusConcluded, Categories: []string{jikenbo.CatMisdelivery, jikenbo.CatRansomware}})
	if want := []string{"誤送信・誤送付", "ランサムウェア", "最終報告"}; !slices.Equal(got, want) {
		t.Errorf("AutoLabels = %v, want %v", got, want)
	}
	if got := jikenbo.AutoLabels(jikenbo.Facts{Status: jikenbo.StatusOngoing}); len(got) != 0 {
		t.Errorf("AutoLabels of an ongoing release without categories = %v", got)
	}
}

// TestAdmitLogin runs sequences of login attempts through the throttle's
// rule with a clock the test moves.
func TestAdmitLogin(t *testing.T) {
	lim := jikenbo.LoginLimits{
		Pair:    jikenbo.Throttle{Max: 3, Window: 10 * time.Minute, Lock: 15 * time.Minute},
		Account: jikenbo.Throttle{Max: 5, Window: 10 * time.Minute, Lock: time.Minute},
		Address: jikenbo.Throttle{Max: 4, Window: 10 * time.Minute, Lock: 15 * time.Minute},
	}
	t0 := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	// An attempt is one key set (which pair, account, address) at a
	// minute; want is "ok", "ok-locks" or "refused".
	type try struct {
		pair, account, address string
		at                     int
		want                   string
	}
	for _, tt := range []struct {
		name  string
		tries []try
	}{
		{"the attempt that reaches the pair's limit locks it", []try{
			{"a@1", "a", "1", 0, "ok"}, {"a@1", "a", "1", 0, "ok"}, {"a@1", "a", "1", 0, "ok-locks"}, {"a@1", "a", "1", 14, "refused"},
			{"a@1", "a", "1", 16, "ok"},
		}},
		{"failures older than the window are forgotten", []try{
			{"a@1", "a", "1", 0, "ok"}, {"a@1", "a", "1", 1, "ok"}, {"a@1", "a", "1", 12, "ok"}, {"a@1", "a", "1", 13, "ok"},
		}},
		{"the address locks across accounts", []try{
			{"a@1", "a", "1", 0, "ok"}, {"b@1", "b", "1", 0, "ok"}, {"c@1", "c", "1", 0, "ok"}, {"d@1", "d", "1", 0, "ok-locks"},
			{"e@1", "e", "1", 1, "refused"},
		}},
		{"the account only holds back failing addresses", []try{
			{"a@1", "a", "1", 0, "ok"}, {"a@2", "a", "2", 0, "ok"}, {"a@3", "a", "3", 0, "ok"}, {"a@4", "a", "4", 0, "ok"},
			{"a@5", "a", "5", 0, "ok-locks"},
			{"a@1", "a", "1", 0, "refused"}, // address 1 has failed: held back a minute
			{"a@6", "a", "6", 0, "ok"},      // a fresh address still gets its check
			{"a@1", "a", "1", 2, "ok"},      // the account's lock lifted after a minute
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			states := map[string]jikenbo.ThrottleState{}
			for i, a := range tt.tries {
				now := t0.Add(time.Duration(a.at) * time.Minute)
				keys := [3]string{"pair:" + a.pair, "user:" + a.account, "addr:" + a.address}
				var st [3]jikenbo.ThrottleState
				for j, k := range keys {
					st[j] = states[k]
				}
				next, adm := jikenbo.AdmitLogin(st, lim, now)
				got := "ok"
				switch {
				case !adm.Refused.IsZero():
					got = "refused"
					if next != st {
						t.Errorf("attempt %d: refused but counted", i)
					}
				case !adm.Locks.IsZero():
					got = "ok-locks"
				}
				if got != a.want {
					t.Fatalf("attempt %d (%+v): got %s", i, a, got)
				}
				for j, k := range keys {
					states[k] = next[j]
				}
			}
		})
	}
}

func TestContentTypeOf(t *testing.T) {
	pdf := "%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
	for _, tt := range []struct {
		name, original, text, want string
	}{
		{"a PDF and the text pdftotext made", pdf, "本文", "application/pdf"},
		{"pasted text that is a PDF's bytes", pdf, pdf, "text/plain; charset=utf-8"},
		{"a PDF cut before its end", "%PDF-1.4\n1 0 obj\n", "本文", "text/plain; charset=utf-8"},
		{"HTML", "<!DOCTYPE html><html><p>本文</p></html>", "本文", "text/html; charset=utf-8"},
		{"text", "本文", "本文", "text/plain; charset=utf-8"},
	} {
		if got := jikenbo.ContentTypeOf([]byte(tt.original), tt.text, "UTF-8"); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestEvidenceJSON: an entry with a span keeps start and end, an empty
// field marked low has neither, and evidence stored before confidence
// existed still reads (as not low).
func TestEvidenceJSON(t *testing.T) {
	tests := []struct {
		name string
		in   jikenbo.Evidence
		want string
	}{
		{"span", jikenbo.Evidence{Field: "detected", Start: 3, End: 9, Confidence: jikenbo.ConfidenceHigh}, `{"field":"detected","start":3,"end":9,"confidence":"high"}`},
		{"span at 0", jikenbo.Evidence{Field: "case_id", Start: 0, End: 4, Confidence: jikenbo.ConfidenceLow}, `{"field":"case_id","start":0,"end":4,"confidence":"low"}`},
		{"empty field", jikenbo.Evidence{Field: "detected", Confidence: jikenbo.ConfidenceLow}, `{"field":"detected","confidence":"low"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.in)
		if err != nil || string(b) != tt.want {
			t.Errorf("%s: got %s %v, want %s", tt.name, b, err, tt.want)
		}
		var back jikenbo.Evidence
		if err := json.Unmarshal(b, &back); err != nil || back != tt.in {
			t.Errorf("%s: round trip gave %+v %v", tt.name, back, err)
		}
	}
	var old jikenbo.Facts
	if err := json.Unmarshal([]byte(`{"detected":"2024-05-01","evidence":[{"field":"detected","start":5,"end":15}]}`), &old); err != nil {
		t.Fatal(err)
	}
	if e := old.Evidence[0]; e.Start != 5 || e.End != 15 || e.Confidence != "" || len(old.LowConfidence()) != 0 {
		t.Errorf("old evidence read as %+v, low %v", e, old.LowConfidence())
	}
	f := jikenbo.Facts{Evidence: []jikenbo.Evidence{{Field: "detected", Confidence: jikenbo.ConfidenceLow},
		{Field: "categories", Start: 1, End: 2, Confidence: jikenbo.ConfidenceLow}, {Field: "categories", Start: 4, End: 6, Confidence: jikenbo.ConfidenceLow},
		{Field: "title", Start: 1, End: 2, Confidence: jikenbo.ConfidenceHigh}}}
	if got := strings.Join(f.LowConfidence(), ","); got != "categories,detected" {
		t.Errorf("LowConfidence: got %s, want categories,detected (contract order, once each)", got)
	}
}

// TestFactsBrief: the brief reading of facts is the full one without the
// evidence, whatever the evidence holds (none, null, entries).
func TestFactsBrief(t *testing.T) {
	full := jikenbo.Facts{CaseID: "2024-217", Organization: "見本市役所", Title: "お詫び", Published: jikenbo.Date{Year: 2024, Month: 7, Day: 1},
		Status: jikenbo.StatusOngoing, Categories: []string{jikenbo.CatRansomware}, ThirdParty: true, AffectedPersons: intp(217), AffectedCards: intp(3),
		DataTypes: []string{"name"}, RelatedOrganizations: []string{"株式会社見本印刷"}, Detected: jikenbo.Date{Year: 2024, Month: 5, Day: 26},
		Evidence: []jikenbo.Evidence{{Field: "title", Start: 0, End: 3, Confidence: jikenbo.ConfidenceHigh}}}
	b, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	noEvidence := full
	noEvidence.Evidence = nil
	for _, in := range []string{string(b), strings.Replace(string(b), `"evidence":[{"field":"title","start":0,"end":3,"confidence":"high"}]`, `"evidence":null`, 1)} {
		var back, brief jikenbo.Facts
		if err := json.Unmarshal([]byte(in), &back); err != nil {
			t.Fatal(err)
		}
		if err := jikenbo.UnmarshalFactsBrief([]byte(in), &brief); err != nil {
			t.Fatal(err)
		}
		want := full
		if strings.Contains(in, `"evidence":null`) {
			want = noEvidence
		}
		if !reflect.DeepEqual(back, want) {
			t.Errorf("full reading of %s:\n%+v\nwant %+v", in, back, want)
		}
		if !reflect.DeepEqual(brief, noEvidence) {
			t.Errorf("brief reading of %s:\n%+v\nwant %+v", in, brief, noEvidence)
		}
	}
	var f jikenbo.Facts
	if err := jikenbo.UnmarshalFactsBrief([]byte(`{"title": 3}`), &f); err == nil {
		t.Error("brief reading of a number as the title: no error")
	}
}

func TestValidCorporateNumber(t *testing.T) {
	for _, c := range []struct {
		n  string
		ok bool
	}{
		{"7123456789012", true},  // the worked example of the ordinance's formula
		{"4011001098993", true},  // a registered company
		{"8000012010038", true},  // check digit 8
		{"1123456789012", false}, // wrong check digit
		{"0123456789012", false}, // a check digit is 1–9
		{"712345678901", false},  // 12 digits
		{"71234567890123", false},
		{"712345678901a", false},
		{"７123456789012", false}, // full-width digit
		{"", false},
	} {
		err := jikenbo.ValidCorporateNumber(c.n)
		if (err == nil) != c.ok {
			t.Errorf("ValidCorporateNumber(%q): %v, want ok %v", c.n, err, c.ok)
		}
		if err != nil && jikenbo.ErrorCode(err) != jikenbo.EINVALID {
			t.Errorf("ValidCorporateNumber(%q): code %s, want invalid", c.n, jikenbo.ErrorCode(err))
		}
	}
}
