package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/jikenbo/jikenbo"
)

// TestDeskHoujin: an organisation with several 法人番号 candidates is
// listed on the desk; an editor's choice sets its number, which the
// organisation page and API then show, and the audit log records it.
func TestDeskHoujin(t *testing.T) {
	fx := newCaseOpsFixture(t)
	ctx := context.Background()
	r, _ := fx.store.FindReleaseByID(ctx, fx.a)
	org := r.OrganizationID
	cands := []jikenbo.HoujinCandidate{{CorporateNumber: "4010001000003", Name: "株式会社一号商事", Address: "北海道札幌市中央区北一条西1丁目"},
		{CorporateNumber: "9040001000004", Name: "株式会社一号商事", Address: "宮城県仙台市青葉区一番町1丁目"}}
	if err := fx.store.SetHoujinCandidates(ctx, org, cands); err != nil {
		t.Fatal(err)
	}
	c := fx.login(t)
	res := fx.get(t, c, "/desk/houjin")
	doc, _ := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if n := doc.Find(`table.houjin-candidates form input[name="number"]`).Length(); n != 2 {
		t.Fatalf("desk lists %d candidates, want 2", n)
	}
	action, _ := doc.Find(`table.houjin-candidates form`).Attr("action")
	// Not a candidate: refused, nothing set.
	res = fx.post(t, c, action, url.Values{"number": {"7123456789012"}}, nil)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("choosing a number that is no candidate: %d, want 400", res.StatusCode)
	}
	res = fx.post(t, c, action, url.Values{"number": {"9040001000004"}}, nil)
	wantRedirect(t, res, http.StatusSeeOther, "/desk/houjin?done=houjin")
	o, _ := fx.store.FindOrganizationByID(ctx, org)
	if o.CorporateNumber != "9040001000004" || o.RegisteredAddress != "宮城県仙台市青葉区一番町1丁目" {
		t.Errorf("after the choice: %q %q", o.CorporateNumber, o.RegisteredAddress)
	}
	if left, _ := fx.store.FindHoujinCandidates(ctx); len(left) != 0 {
		t.Errorf("candidates left: %v", left)
	}
	if got := fx.audit(t, jikenbo.AuditFilter{}); !slices.Contains(got, "org.houjin/hanako") {
		t.Errorf("audit: %v", got)
	}
	anon := fx.client()
	res = fx.get(t, anon, "/orgs/"+itoa(org))
	doc, _ = goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if got := doc.Find("p.houjin").Text(); got != "法人番号: 9040001000004 ・ 所在地(登記): 宮城県仙台市青葉区一番町1丁目" {
		t.Errorf("organisation page: %q", got)
	}
	// The desk list is for editors only.
	res = fx.get(t, anon, "/desk/houjin")
	res.Body.Close()
	if res.StatusCode == http.StatusOK {
		t.Error("/desk/houjin answers an anonymous reader")
	}
}
