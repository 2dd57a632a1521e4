package storetest

import (
	"context"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// testHoujin covers the 法人番号: kept with the organisation, checked,
// one organisation's only, and the candidates an import leaves for an
// editor, settled when a number is chosen.
func testHoujin(t *testing.T, s jikenbo.Store) {
	ctx := context.Background()
	o := &jikenbo.Organization{Name: "株式会社イセトー", Kind: jikenbo.OrgCompany, CorporateNumber: "7123456789012", RegisteredAddress: "京都府京都市中京区",
		Aliases: []jikenbo.OrgAlias{{Name: "株式会社イセトー", Key: "いせとー"}}}
	if err := s.CreateOrganization(ctx, o); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindOrganizationByID(ctx, o.ID)
	if err != nil || got.CorporateNumber != "7123456789012" || got.RegisteredAddress != "京都府京都市中京区" {
		t.Errorf("FindOrganizationByID: got %+v, %v", got, err)
	}
	other := MustCreateOrganization(t, s, "株式会社見本", "見本", jikenbo.OrgCompany)
	wantCode(t, "CreateOrganization bad check digit", s.CreateOrganization(ctx, &jikenbo.Organization{Name: "x", CorporateNumber: "1123456789012",
		Aliases: []jikenbo.OrgAlias{{Name: "x", Key: "x"}}}), jikenbo.EINVALID)
	wantCode(t, "CreateOrganization number taken", s.CreateOrganization(ctx, &jikenbo.Organization{Name: "y", CorporateNumber: "7123456789012",
		Aliases: []jikenbo.OrgAlias{{Name: "y", Key: "y"}}}), jikenbo.ECONFLICT)
	taken := "7123456789012"
	_, err = s.UpdateOrganization(ctx, other.ID, jikenbo.OrganizationUpdate{CorporateNumber: &taken})
	wantCode(t, "UpdateOrganization number taken", err, jikenbo.ECONFLICT)
	bad := "12345"
	_, err = s.UpdateOrganization(ctx, other.ID, jikenbo.OrganizationUpdate{CorporateNumber: &bad})
	wantCode(t, "UpdateOrganization malformed number", err, jikenbo.EINVALID)

	cands := []jikenbo.HoujinCandidate{{CorporateNumber: "4011001098993", Name: "株式会社見本", Address: "東京都千代田区"},
		{CorporateNumber: "8000012010038", Name: "株式会社見本", Address: "大阪府大阪市"}}
	if err := s.SetHoujinCandidates(ctx, other.ID, cands); err != nil {
		t.Fatal(err)
	}
	// Setting them again replaces them, never doubles them.
	if err := s.SetHoujinCandidates(ctx, other.ID, cands); err != nil {
		t.Fatal(err)
	}
	found, err := s.FindHoujinCandidates(ctx)
	if err != nil || len(found) != 2 || found[0].OrganizationID != other.ID || found[0].CorporateNumber != "4011001098993" || found[1].Address != "大阪府大阪市" {
		t.Errorf("FindHoujinCandidates: got %+v, %v", found, err)
	}
	wantCode(t, "SetHoujinCandidates missing organization", s.SetHoujinCandidates(ctx, 999, cands), jikenbo.ENOTFOUND)
	wantCode(t, "SetHoujinCandidates bad number", s.SetHoujinCandidates(ctx, other.ID, []jikenbo.HoujinCandidate{{CorporateNumber: "4011001098990"}}), jikenbo.EINVALID)
	if found, _ := s.FindHoujinCandidates(ctx); len(found) != 2 {
		t.Errorf("a refused SetHoujinCandidates changed them: %d left", len(found))
	}
	// An editor's choice sets the number and address and settles the
	// candidates.
	n, addr := "8000012010038", "大阪府大阪市"
	upd, err := s.UpdateOrganization(ctx, other.ID, jikenbo.OrganizationUpdate{CorporateNumber: &n, RegisteredAddress: &addr})
	if err != nil || upd.CorporateNumber != n || upd.RegisteredAddress != addr {
		t.Fatalf("UpdateOrganization: %+v, %v", upd, err)
	}
	if found, err := s.FindHoujinCandidates(ctx); err != nil || len(found) != 0 {
		t.Errorf("candidates after a choice: %+v, %v", found, err)
	}
	none := ""
	if upd, err := s.UpdateOrganization(ctx, other.ID, jikenbo.OrganizationUpdate{CorporateNumber: &none, RegisteredAddress: &none}); err != nil || upd.CorporateNumber != "" {
		t.Errorf("clearing the number: %+v, %v", upd, err)
	}
}
