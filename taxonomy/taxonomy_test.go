package taxonomy_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/taxonomy"
)

// TestCoverage: every category, data-type and medium code has a row, and
// every column of every row holds a class or is marked not applicable
// with a stated reason.
func TestCoverage(t *testing.T) {
	kinds := map[string][]jikenbo.Term{
		taxonomy.KindCategory: jikenbo.Categories,
		taxonomy.KindDataType: jikenbo.DataTypes,
		taxonomy.KindMedium:   jikenbo.Media,
	}
	mapped, na := 0, 0
	for kind, terms := range kinds {
		for _, term := range terms {
			r, ok := taxonomy.For(kind, term.Code)
			if !ok {
				t.Errorf("%s %q: no row", kind, term.Code)
				continue
			}
			cells := map[string]bool{
				"jnsa_cause": r.JNSACause != "", "jnsa_medium": r.JNSAMedia != "", "tsr_cause": r.TSRCause != "",
				"tsr_medium": r.TSRMedia != "", "veris_action": len(r.VERISActions) > 0, "veris_data": r.VERISData != "",
				"veris_asset": r.VERISAsset != "", "blog": r.Blog != "", "ep": r.EPPrivacy > 0,
			}
			for col, has := range cells {
				if has {
					mapped++
					continue
				}
				na++
				if r.Reason == "" {
					t.Errorf("%s %q: column %s not mapped and no reason", kind, term.Code, col)
				}
			}
		}
	}
	// Each kind maps its own dimension fully.
	for _, c := range jikenbo.Categories {
		r, _ := taxonomy.For(taxonomy.KindCategory, c.Code)
		if r.JNSACause == "" || r.TSRCause == "" || len(r.VERISActions) == 0 || r.Blog == "" {
			t.Errorf("category %s: a cause column is empty", c.Code)
		}
	}
	for _, d := range jikenbo.DataTypes {
		r, _ := taxonomy.For(taxonomy.KindDataType, d.Code)
		if r.VERISData == "" || r.EPPrivacy == 0 {
			t.Errorf("data type %s: VERIS data variety or EP levels missing", d.Code)
		}
	}
	for _, m := range jikenbo.Media {
		r, _ := taxonomy.For(taxonomy.KindMedium, m.Code)
		if r.JNSAMedia == "" || r.TSRMedia == "" || r.VERISAsset == "" {
			t.Errorf("medium %s: a medium column is empty", m.Code)
		}
	}
	t.Logf("coverage: %d cells mapped, %d not applicable with a reason, 0 unexplained", mapped, na)
}

// TestVERISEnums checks the table's VERIS names against the VERIS 1.4.1
// enumerations in ../shared/schemas (skipped when they are absent).
func TestVERISEnums(t *testing.T) {
	b, err := os.ReadFile("../../shared/schemas/veris/verisc-enum.json")
	if err != nil {
		t.Skipf("SKIPPING: the VERIS enumerations are read in place from ../shared/schemas (%v)", err)
	}
	var enum struct {
		Action map[string]struct {
			Variety []string `json:"variety"`
			Vector  []string `json:"vector"`
		} `json:"action"`
		Asset struct {
			Assets struct {
				Variety []string `json:"variety"`
			} `json:"assets"`
		} `json:"asset"`
		Attribute struct {
			Confidentiality struct {
				Data struct {
					Variety []string `json:"variety"`
				} `json:"data"`
			} `json:"confidentiality"`
		} `json:"attribute"`
	}
	if err := json.Unmarshal(b, &enum); err != nil {
		t.Fatal(err)
	}
	for _, r := range taxonomy.Rows() {
		for _, a := range r.VERISActions {
			e, ok := enum.Action[a.Action]
			if !ok {
				t.Errorf("line %d: action %q not in VERIS", r.Line, a.Action)
				continue
			}
			if a.Variety != "" && !slices.Contains(e.Variety, a.Variety) {
				t.Errorf("line %d: %s variety %q not in VERIS", r.Line, a.Action, a.Variety)
			}
			if a.Vector != "" && !slices.Contains(e.Vector, a.Vector) {
				t.Errorf("line %d: %s vector %q not in VERIS", r.Line, a.Action, a.Vector)
			}
		}
		if r.VERISAsset != "" && !slices.Contains(enum.Asset.Assets.Variety, r.VERISAsset) {
			t.Errorf("line %d: asset %q not in VERIS", r.Line, r.VERISAsset)
		}
		if r.VERISData != "" && !slices.Contains(enum.Attribute.Confidentiality.Data.Variety, r.VERISData) {
			t.Errorf("line %d: data variety %q not in VERIS", r.Line, r.VERISData)
		}
	}
}

func TestVERISActions(t *testing.T) {
	got := taxonomy.VERISActions(jikenbo.CatWebSkimming)
	want := []taxonomy.VERISAction{{"hacking", "Unknown", "Web application"}, {"malware", "Capture app data", "Unknown"}}
	if !slices.Equal(got, want) {
		t.Errorf("web_skimming: got %v, want %v", got, want)
	}
	if got := taxonomy.VERISActions(jikenbo.CatOther); !slices.Equal(got, []taxonomy.VERISAction{{Action: "unknown"}}) {
		t.Errorf("other: got %v", got)
	}
	if got := taxonomy.VERISActions("nope"); got != nil {
		t.Errorf("unknown code: got %v, want nil", got)
	}
	if got := taxonomy.VERISDataVariety(jikenbo.DataCardNumber); got != "Payment" {
		t.Errorf("card_number: got %q", got)
	}
	if x, y, ok := taxonomy.EPLevels(jikenbo.DataHealth); !ok || x != 2 || y != 1 {
		t.Errorf("health EP: got %d,%d,%v", x, y, ok)
	}
}

func TestLens(t *testing.T) {
	tests := []struct {
		lens       taxonomy.Lens
		categories []string
		media      []string
		cause      string
		medium     string
	}{
		{taxonomy.LensJNSA, []string{"unauthorized_access", "vulnerability", "web_skimming"}, nil, "不正アクセス", "インターネット"},
		{taxonomy.LensJNSA, []string{"misdelivery"}, []string{"email"}, "誤操作", "電子メール"},
		{taxonomy.LensJNSA, []string{"misdelivery"}, nil, "誤操作", taxonomy.Unknown},
		{taxonomy.LensJNSA, []string{"loss_theft"}, []string{"pc", "usb"}, "紛失・置忘れ", "USB等可搬記録媒体"},
		{taxonomy.LensJNSA, nil, nil, taxonomy.Unknown, taxonomy.Unknown},
		{taxonomy.LensTSR, []string{"ransomware", "unauthorized_access"}, nil, "ウイルス感染・不正アクセス", "システム・サーバー"},
		{taxonomy.LensTSR, []string{"loss_theft"}, []string{"paper"}, "紛失・誤廃棄", "書類"},
		{taxonomy.LensVERIS, []string{"misdelivery"}, []string{"fax"}, "error / Misdelivery", "M - Fax"},
		{taxonomy.LensVERIS, []string{"unauthorized_access", "phishing"}, nil, "social / Phishing", "P - End-user or employee"},
		{taxonomy.LensBlog, []string{"ransomware"}, []string{"server"}, "ランサムウェア", ""},
		{taxonomy.LensOurs, []string{"misconfiguration", "other"}, nil, "設定ミス・誤公開", taxonomy.Unknown},
		{taxonomy.LensOurs, []string{"loss_theft"}, []string{"paper"}, "紛失・盗難", "紙媒体"},
	}
	for _, tt := range tests {
		if got := tt.lens.Cause(tt.categories); got != tt.cause {
			t.Errorf("%s.Cause(%v): got %q, want %q", tt.lens, tt.categories, got, tt.cause)
		}
		if got := tt.lens.Medium(tt.categories, tt.media); got != tt.medium {
			t.Errorf("%s.Medium(%v, %v): got %q, want %q", tt.lens, tt.categories, tt.media, got, tt.medium)
		}
		if c := tt.lens.Cause(tt.categories); !slices.Contains(tt.lens.CauseClasses(), c) {
			t.Errorf("%s: class %q not among its classes %v", tt.lens, c, tt.lens.CauseClasses())
		}
		if m := tt.lens.Medium(tt.categories, tt.media); m != "" && !slices.Contains(tt.lens.MediumClasses(), m) {
			t.Errorf("%s: medium %q not among its classes %v", tt.lens, m, tt.lens.MediumClasses())
		}
	}
	if _, ok := taxonomy.ParseLens("jnsa"); !ok {
		t.Error("jnsa: not a lens")
	}
	if l, ok := taxonomy.ParseLens(""); !ok || l.Lens != taxonomy.LensOurs {
		t.Error(`"": want ours`)
	}
	if _, ok := taxonomy.ParseLens("dbir"); ok {
		t.Error("dbir: want no lens")
	}
}

// TestParseErrors: a bad table is refused with its line and column.
func TestParseErrors(t *testing.T) {
	header := strings.Join(taxonomy.Columns, "\t") + "\n"
	good, err := os.ReadFile("mapping.tsv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(good), "\n"), "\n")
	// swap replaces one cell of the row of code in the real table.
	swap := func(code string, col int, v string) string {
		out := slices.Clone(lines)
		for i, l := range out {
			f := strings.Split(l, "\t")
			if i > 0 && f[1] == code {
				f[col] = v
				out[i] = strings.Join(f, "\t")
				break
			}
		}
		return strings.Join(out, "\n") + "\n"
	}
	tests := []struct {
		name, in, want string
	}{
		{"header", "kind\tcode\n", "line 1, column 3: header: want \"jnsa_cause\""},
		{"columns", header + "category\tother\n", "line 2: 2 columns, want 13"},
		{"kind", swap("ransomware", 0, "cause"), "line 3, column kind: unknown kind \"cause\""},
		{"class", swap("ransomware", 2, "ウイルス"), "line 3, column jnsa_cause: unknown class \"ウイルス\""},
		{"empty", swap("ransomware", 4, ""), "line 3, column tsr_cause: empty cell"},
		{"action", swap("ransomware", 6, "malware:Ransomware"), "line 3, column veris_action: \"malware:Ransomware\": want action:variety:vector"},
		{"level", swap("name", 10, "4"), "line 15, column ep_privacy: level \"4\""},
		{"reason", swap("ransomware", 12, ""), "line 3, column reason: a row with - cells needs a reason"},
		{"missing", strings.Join(lines[:len(lines)-1], "\n") + "\n", "column code: no row for medium \"server\""},
		{"duplicate", string(good) + lines[1] + "\n", "column code: category \"web_skimming\" already mapped on line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := taxonomy.Parse(strings.NewReader(tt.in), "bad.tsv")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), "bad.tsv") {
				t.Errorf("%v: the error does not name the file", err)
			}
		})
	}
}
