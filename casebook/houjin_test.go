package casebook_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/link"
)

func mustOrg(t *testing.T, s jikenbo.Store, name string, kind jikenbo.OrgKind, aliases ...string) *jikenbo.Organization {
	t.Helper()
	o := &jikenbo.Organization{Name: name, Kind: kind}
	seen := map[string]bool{}
	for _, a := range append([]string{name}, aliases...) {
		if k := link.OrgKey(a); !seen[k] {
			seen[k] = true
			o.Aliases = append(o.Aliases, jikenbo.OrgAlias{Name: a, Key: k})
		}
	}
	if err := s.CreateOrganization(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o
}

func importHoujin(t *testing.T, s jikenbo.Store, file string) *casebook.HoujinSummary {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := casebook.ImportHoujin(context.Background(), s, f, file, "cli:test")
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestImportHoujin matches the fixture's entries (../houjin/testdata, in
// the agency's layout) to organisations: by name and legal form, open
// registrations first, namesakes left for an editor; then again, which
// changes nothing; then a bad file, which changes nothing either.
func TestImportHoujin(t *testing.T) {
	ctx := context.Background()
	for _, file := range []string{"../houjin/testdata/zenken-sjis.csv", "../houjin/testdata/zenken-utf8.csv"} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			s := mustOpen(t)
			mihon := mustOrg(t, s, "株式会社見本商事", jikenbo.OrgCompany, "見本商事社")
			hokushin := mustOrg(t, s, "北辰印刷", jikenbo.OrgCompany) // no legal form written: both forms could be it
			aoba := mustOrg(t, s, "株式会社あおば", jikenbo.OrgCompany)
			city := mustOrg(t, s, "見本市", jikenbo.OrgMunicipality)
			yugen := mustOrg(t, s, "有限会社旧名商会", jikenbo.OrgCompany) // only an old record of a 株式会社 has the name
			sum := importHoujin(t, s, file)
			if sum.Records != 8 || sum.Current != 7 || sum.Matched != 3 || sum.Ambiguous != 1 || len(sum.Conflicts) != 0 {
				t.Errorf("summary %+v; want 8 records, 7 current, 3 matched, 1 ambiguous", sum)
			}
			for _, c := range []struct {
				o         *jikenbo.Organization
				num, addr string
			}{
				{mihon, "2130001000001", "東京都千代田区丸の内一丁目1番1号"},
				// The open registration, not the closed one of the same name.
				{hokushin, "2120001000002", "大阪府大阪市北区梅田二丁目2番2号"},
				{city, "7000020000007", "静岡県見本市"},
				{aoba, "", ""},
				{yugen, "", ""},
			} {
				got, err := s.FindOrganizationByID(ctx, c.o.ID)
				if err != nil || got.CorporateNumber != c.num || got.RegisteredAddress != c.addr {
					t.Errorf("%s: got %q %q, want %q %q", c.o.Name, got.CorporateNumber, got.RegisteredAddress, c.num, c.addr)
				}
			}
			cands, err := s.FindHoujinCandidates(ctx)
			if err != nil || len(cands) != 2 || cands[0].OrganizationID != aoba.ID || cands[0].Address != "北海道札幌市中央区北一条西1丁目" ||
				cands[1].CorporateNumber != "9040001000004" {
				t.Errorf("candidates: %+v, %v", cands, err)
			}

			var before bytes.Buffer
			casebook.WriteJSON(ctx, s, &before)
			if again := importHoujin(t, s, file); again.Matched != 0 || again.Kept != 3 || again.Ambiguous != 1 {
				t.Errorf("importing again: %+v; want nothing new", again)
			}
			bad := filepath.Join(t.TempDir(), "bad.csv")
			b, _ := os.ReadFile("../houjin/testdata/zenken-utf8.csv")
			os.WriteFile(bad, append([]byte("1,1111111111111,01\r\n"), b...), 0o644)
			f, _ := os.Open(bad)
			_, err = casebook.ImportHoujin(ctx, mustOpen(t), f, bad, "cli:test")
			f.Close()
			if err == nil || !strings.Contains(err.Error(), "bad.csv:1") {
				t.Errorf("bad file: %v; want an error naming its line", err)
			}
			var after bytes.Buffer
			casebook.WriteJSON(ctx, s, &after)
			if before.String() != after.String() {
				t.Error("importing the same file again changed the casebook")
			}
			// The numbers and candidates travel with the JSON export.
			exp := filepath.Join(t.TempDir(), "export.json")
			os.WriteFile(exp, after.Bytes(), 0o644)
			s2 := mustOpen(t)
			if sum := mustImport(t, s2, exp); sum.Failed != 0 {
				t.Fatalf("restore: %+v", sum.Failures)
			}
			var restored bytes.Buffer
			casebook.WriteJSON(ctx, s2, &restored)
			if restored.String() != after.String() || !strings.Contains(restored.String(), `"corporate_number": "2130001000001"`) ||
				!strings.Contains(restored.String(), `"houjin_candidates"`) {
				t.Errorf("export → restore → export differs or lacks the 法人番号:\n%s", firstDiff(after.String(), restored.String()))
			}
		})
	}
}
