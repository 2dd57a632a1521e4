package veris_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/exporttest"
	"github.com/jikenbo/jikenbo/veris"
)

// TestValidAgainstSchema codes every case of the sample casebook and of
// the development corpus and validates each incident against VERIS's own
// schema (verisc-merged.json, 1.4.1). The closing note's figure is the
// share that validates; it must be all.
func TestValidAgainstSchema(t *testing.T) {
	schema := exporttest.Compile(t, filepath.Join(exporttest.Shared(), "schemas", "veris"),
		"file://"+filepath.Join(exporttest.Shared(), "schemas", "veris", "verisc-merged.json"))
	src := veris.Source{ID: "jikenbo-test", BaseURL: "https://casebook.example"}
	for _, open := range []func(testing.TB) exporttest.Casebook{exporttest.SampleCasebook, exporttest.DevCasebook} {
		cb := open(t)
		t.Run(cb.Name, func(t *testing.T) {
			recs := exporttest.Records(t, cb.Store)
			valid := 0
			ids := map[string]string{}
			for _, rec := range recs {
				inc := veris.FromCase(rec, src)
				b, err := veris.Marshal(inc)
				if err != nil {
					t.Fatal(err)
				}
				if exporttest.Validate(t, schema, rec.Case.ID, b) {
					valid++
				}
				if other, dup := ids[inc.IncidentID]; dup {
					t.Errorf("cases %s and %s share incident_id %s", other, rec.Case.ID, inc.IncidentID)
				}
				ids[inc.IncidentID] = rec.Case.ID
			}
			t.Logf("%s: %d of %d cases validate as VERIS %s", cb.Name, valid, len(recs), veris.SchemaVersion)
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestFromCase checks the coding of one contractor incident field by
// field.
func TestFromCase(t *testing.T) {
	rec := &jikenbo.CaseRecord{
		Case: &jikenbo.Case{ID: "2024-217", Year: 2024, Status: jikenbo.StatusConcluded,
			Facts: jikenbo.CaseFacts{Title: "株式会社イセトーのランサムウェア被害", FirstPublished: jikenbo.Date{Year: 2024, Month: 6, Day: 10},
				Detected: jikenbo.Date{Year: 2024, Month: 5, Day: 26}, Categories: []string{jikenbo.CatRansomware},
				DataTypes: []string{jikenbo.DataName, jikenbo.DataAddress, jikenbo.DataCardNumber}, ThirdParty: true,
				AffectedPersons: ptr(1500), AffectedCards: ptr(20)},
			Organizations: []jikenbo.CaseOrganization{{OrganizationID: 1, Name: "株式会社イセトー", Role: jikenbo.RoleContractor},
				{OrganizationID: 2, Name: "徳島県", Role: jikenbo.RolePublisher}, {OrganizationID: 3, Name: "阿波市", Role: jikenbo.RolePublisher}}},
		Releases: []*jikenbo.ReleaseSummary{{ID: 7, Source: "https://www.example.lg.jp/news/1.html"}, {ID: 8, Source: "/tmp/file.txt"}},
		Organizations: map[int64]*jikenbo.Organization{
			1: {ID: 1, Name: "株式会社イセトー", Kind: jikenbo.OrgCompany, CorporateNumber: "7123456789012", RegisteredAddress: "京都府京都市"},
			2: {ID: 2, Name: "徳島県", Kind: jikenbo.OrgMunicipality}, 3: {ID: 3, Name: "阿波市", Kind: jikenbo.OrgMunicipality}},
	}
	src := veris.Source{ID: "test", BaseURL: "https://casebook.example/"}
	inc := veris.FromCase(rec, src)
	if inc.IncidentID != veris.IncidentID(src, "2024-217") || inc.IncidentID != veris.FromCase(rec, src).IncidentID {
		t.Errorf("incident_id %s is not deterministic", inc.IncidentID)
	}
	if other := veris.IncidentID(veris.Source{ID: "other"}, "2024-217"); other == inc.IncidentID {
		t.Errorf("two casebooks' 2024-217 share incident_id %s", other)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"security_incident", inc.SecurityIncident, "Confirmed"},
		{"victim", inc.Victim.VictimID, "株式会社イセトー"},
		{"victim notes", inc.Victim.Notes, "法人番号 7123456789012、所在地 京都府京都市"},
		{"secondary", inc.Victim.Secondary.VictimID, []string{"徳島県", "阿波市"}},
		{"country", inc.Victim.Country, []string{"JP"}},
		{"malware", inc.Action["malware"].Variety, []string{"Ransomware"}},
		{"actor motive", inc.Actor["external"].Motive, []string{"Financial"}},
		{"availability", inc.Attribute.Availability.Variety, []string{"Obscuration"}},
		{"data_total", *inc.Attribute.Confidentiality.DataTotal, 1500},
		{"payment amount", *inc.Attribute.Confidentiality.Data[1].Amount, 20},
		{"data varieties", []string{inc.Attribute.Confidentiality.Data[0].Variety, inc.Attribute.Confidentiality.Data[1].Variety}, []string{"Personal", "Payment"}},
		{"timeline", inc.Timeline.Incident, veris.Day{Year: 2024, Month: 5, Day: 26}},
		{"lag", *inc.Plus.Jikenbo.NoticeLagDays, 15},
		{"corporate number", inc.Plus.Jikenbo.CorporateNumber, "7123456789012"},
		{"reference", inc.Reference, "https://casebook.example/cases/2024-217; https://www.example.lg.jp/news/1.html"},
		{"summary", inc.Summary, "株式会社イセトーのランサムウェア被害。徳島県、阿波市が2024年6月10日に公表。分類: ランサムウェア。影響人数 1,500人。カード 20件。調査は完了（最終報告あり）。"},
	}
	for _, c := range checks {
		g, _ := json.Marshal(c.got)
		w, _ := json.Marshal(c.want)
		if string(g) != string(w) {
			t.Errorf("%s: got %s, want %s", c.name, g, w)
		}
	}
}

// TestActionsCoverEveryCategory holds the mapping to every category code:
// a new category must be given its VERIS reading.
func TestActionsCoverEveryCategory(t *testing.T) {
	for _, c := range jikenbo.Categories {
		acts := veris.Actions(c.Code)
		if c.Code != jikenbo.CatOther && acts[0].Category == "unknown" {
			t.Errorf("category %s has no VERIS action", c.Code)
		}
		for _, a := range acts {
			if !slices.Contains([]string{"hacking", "malware", "social", "error", "misuse", "physical", "unknown"}, a.Category) {
				t.Errorf("category %s: action category %q", c.Code, a.Category)
			}
		}
	}
}

// TestSchemaRejects makes sure the schema check can fail: an incident
// with a variety VERIS does not know, or without a victim's country, is
// refused.
func TestSchemaRejects(t *testing.T) {
	schema := exporttest.Compile(t, filepath.Join(exporttest.Shared(), "schemas", "veris"),
		"file://"+filepath.Join(exporttest.Shared(), "schemas", "veris", "verisc-merged.json"))
	rec := &jikenbo.CaseRecord{Case: &jikenbo.Case{ID: "2024-001", Year: 2024, Facts: jikenbo.CaseFacts{Categories: []string{jikenbo.CatMisdelivery}}}}
	for name, spoil := range map[string]func(*veris.Incident){
		"variety": func(i *veris.Incident) {
			i.Action["error"] = veris.Act{Variety: []string{"Typo"}, Vector: []string{"Carelessness"}}
		},
		"country": func(i *veris.Incident) { i.Victim.Country = nil },
	} {
		inc := veris.FromCase(rec, veris.Source{})
		spoil(inc)
		b, _ := veris.Marshal(inc)
		doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err := schema.Validate(doc); err == nil {
			t.Errorf("%s: a spoilt incident validates", name)
		}
	}
}
