package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jikenbo/jikenbo/internal/testenv"
)

// TestBrowserSilentEdit: in a browser, the case page shows a silent edit
// on its timeline, and its link opens the release at its versions.
func TestBrowserSilentEdit(t *testing.T) {
	chromium := testenv.Chromium(t)
	fx := newFixture(t)
	c, rid, _ := silentEdit(t, fx)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(375, 812),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	sctx, scancel := context.WithTimeout(ctx, 60*time.Second)
	defer scancel()
	if err := chromedp.Do(sctx, chromedp.Navigate(fx.srv.URL+"/cases/"+c.ID), chromedp.WaitVisible("ol.timeline li.tl-edit a.edit-link")); err != nil {
		t.Fatalf("case page: %v", err)
	}
	note, err := chromedp.Run(sctx, chromedp.Text("ol.timeline li.tl-edit", chromedp.NodeVisible))
	if err != nil || !strings.Contains(note, "公表後に内容が変更されました") || !strings.Contains(note, "第2版") {
		t.Errorf("edit entry %q (%v), want the note and the version", note, err)
	}
	if err := chromedp.Do(sctx, chromedp.Click("ol.timeline li.tl-edit a.edit-link"), chromedp.WaitVisible("ol#versions a.version-link")); err != nil {
		t.Fatalf("following the edit: %v", err)
	}
	loc, err := chromedp.Run(sctx, chromedp.Evaluate[string]("location.pathname + location.hash"))
	if err != nil || loc != "/releases/"+itoa(rid)+"#versions" {
		t.Errorf("the edit's link led to %q (%v), want the release's versions", loc, err)
	}
	n, err := chromedp.Run(sctx, chromedp.Evaluate[int]("document.querySelectorAll('ol#versions li').length"))
	if err != nil || n != 2 {
		t.Errorf("%d versions listed (%v), want 2", n, err)
	}
}
