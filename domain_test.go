package jikenbo_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

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

func TestMergeCaseFacts(t *testing.T) {
	d := func(y, m, dd int) jikenbo.Date { return jikenbo.Date{Year: y, Month: m, Day: dd} }
	rs := []jikenbo.DatedFacts{
		{ReleaseID: 3, Facts: jikenbo.Facts{Title: "調査結果", Published: d(2024, 11, 15), Status: jikenbo.StatusConcluded, AffectedPersons: intp(69403),
			Categories: []string{jikenbo.CatRansomware}, DataTypes: []string{jikenbo.DataName}}},
		{ReleaseID: 1, Facts: jikenbo.Facts{Title: "第1報", Published: d(2024, 7, 5), Status: jikenbo.StatusOngoing, AffectedPersons: intp(77202), AffectedCards: intp(3),
			Categories: []string{jikenbo.CatUnauthorizedAccess, jikenbo.CatRansomware}, Detected: d(2024, 5, 26), ThirdParty: true, RelatedOrganizations: []string{"株式会社イセトー"}}},
		{ReleaseID: 2, Facts: jikenbo.Facts{Title: "日付なし", Status: jikenbo.StatusOngoing, Detected: d(2024, 6, 1)}},
	}
	cf, status := jikenbo.MergeCaseFacts(rs)
	if status != jikenbo.StatusOngoing {
		t.Errorf("status %s: the undated release sorts last and is ongoing", status)
	}
	if cf.Title != "第1報" || cf.FirstPublished != d(2024, 7, 5) || cf.LastPublished != d(2024, 11, 15) || cf.Detected != d(2024, 5, 26) ||
		*cf.AffectedPersons != 69403 || *cf.AffectedCards != 3 || !cf.ThirdParty ||
		!slices.Equal(cf.Categories, []string{jikenbo.CatUnauthorizedAccess, jikenbo.CatRansomware}) || len(cf.RelatedOrganizations) != 1 {
		t.Errorf("merged: %+v", cf)
	}
	if _, status := jikenbo.MergeCaseFacts(rs[:2]); status != jikenbo.StatusConcluded {
		t.Errorf("status of a case whose latest release concluded: %s", status)
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
