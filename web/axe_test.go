package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/casebook"
	"github.com/jikenbo/jikenbo/extract"
	"github.com/jikenbo/jikenbo/internal/testenv"
	"github.com/jikenbo/jikenbo/link"
	"github.com/jikenbo/jikenbo/sample"
)

// axeViolation is what axe-core reports of a broken rule.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// TestAccessibility opens the public pages and the desk in Chromium at a
// phone's width (375 px) and a desktop's (1280 px), runs axe-core
// (web/testdata/axe, every rule it runs by default: WCAG 2 A/AA and
// best practices) on each, and wants no violation and nothing scrolling
// sideways.
func TestAccessibility(t *testing.T) {
	chromium := testenv.Chromium(t)
	testenv.JapaneseFont(t)
	axe, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	fx := newDeskFixture(t, nil)
	ctx0 := context.Background()
	im := &casebook.Importer{Store: fx.store, Extract: extract.Extract, Linker: &link.Linker{}}
	if loaded, sum, err := sample.Load(ctx0, im); err != nil || !loaded || sum.Failed > 0 {
		t.Fatalf("sample: %v, %+v, %v", loaded, sum, err)
	}
	rels, err := fx.store.FindReleaseSummaries(ctx0, jikenbo.ReleaseQuery{CaseID: "2024-359", Limit: 1})
	if err != nil || len(rels.Releases) == 0 {
		t.Fatalf("case 2024-359: %+v, %v", rels, err)
	}
	rel := rels.Releases[0]
	rid, oid := strconv.FormatInt(rel.ID, 10), strconv.FormatInt(rel.OrganizationID, 10)
	public := []string{"/", "/cases/2024-359", "/releases/" + rid, "/orgs/" + oid, "/labels/" + url.PathEscape(jikenbo.LabelFinalReport),
		fmt.Sprintf("/archive/%04d/%02d", rel.Date.Year, rel.Date.Month), "/search?q=" + url.QueryEscape("紛失"), "/stats", "/about"}
	// Pages built from the same parts, checked at the phone's width only
	// to keep the test short.
	phoneOnly := []string{"/watch", "/labels", "/login", "/no/such/page"}
	desk := []string{"/desk", "/desk/releases/" + rid, "/desk/cases/2024-359", "/desk/labels"}

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	var timings []string
	defer func() { t.Logf("axe: %s", strings.Join(timings, ", ")) }()
	check := func(width int, path string) {
		t.Helper()
		sctx, scancel := context.WithTimeout(ctx, 90*time.Second)
		defer scancel()
		if err := chromedp.Do(sctx, chromedp.Navigate(fx.srv.URL+path), chromedp.WaitReady("body")); err != nil {
			t.Fatalf("%d px %s: %v", width, path, err)
		}
		if w, err := chromedp.Run(sctx, chromedp.Evaluate[int]("document.documentElement.scrollWidth")); err != nil || w > width {
			t.Errorf("%d px %s: the page is %d px wide (%v)", width, path, w, err)
		}
		start := time.Now()
		defer func() {
			timings = append(timings, fmt.Sprintf("%d %s %v", width, path, time.Since(start).Round(time.Millisecond)))
		}()
		if _, err := chromedp.Run(sctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
			t.Fatalf("load axe-core: %v", err)
		}
		out, err := chromedp.Run(sctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%d px %s: axe: %v", width, path, err)
		}
		var vs []axeViolation
		if err := json.Unmarshal([]byte(out), &vs); err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			var where []string
			for i, n := range v.Nodes {
				if i == 3 {
					where = append(where, fmt.Sprintf("and %d more", len(v.Nodes)-3))
					break
				}
				where = append(where, fmt.Sprint(n.Target)+": "+strings.ReplaceAll(n.Summary, "\n", " "))
			}
			t.Errorf("%d px %s: axe %s (%s): %s\n\t%s", width, path, v.ID, v.Impact, v.Help, strings.Join(where, "\n\t"))
		}
	}
	for _, width := range []int{375, 1280} {
		mobile := []chromedp.EmulateViewportOption{}
		if width < 800 {
			mobile = append(mobile, chromedp.EmulateMobile, chromedp.EmulatePortrait)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900, mobile...)); err != nil {
			t.Fatal(err)
		}
		for _, p := range public {
			check(width, p)
		}
		if width == 375 {
			for _, p := range phoneOnly {
				check(width, p)
			}
			lctx, lcancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(lctx, chromedp.Navigate(fx.srv.URL+"/login"), chromedp.WaitVisible("#login-name"),
				chromedp.SendKeys("#login-name", "hanako"), chromedp.SendKeys("#login-password", editorPassword),
				chromedp.Click(`form.login button`), chromedp.WaitVisible("#add-text"))
			lcancel()
			if err != nil {
				t.Fatalf("log in: %v", err)
			}
		}
		for _, p := range desk {
			check(width, p)
		}
	}
}
