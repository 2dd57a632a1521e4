package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/jikenbo/jikenbo/internal/testenv"
)

// screensDir is where the browser tests keep their screenshots, for a
// person (or CI's artefacts) to look at: JIKENBO_SCREENS, or
// testdata/screens (ignored by git).
func screensDir(t *testing.T) string {
	dir := os.Getenv("JIKENBO_SCREENS")
	if dir == "" {
		dir = filepath.Join("testdata", "screens")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowser drives Debian's Chromium against a running server, at a
// phone's width (375 px): the reader's paths through the site, and a
// release full of markup that must run nothing.
func TestBrowser(t *testing.T) {
	chromium := testenv.Chromium(t)
	// The screenshots are for a person to look at: without a Japanese
	// font every character is a box.
	testenv.JapaneseFont(t)
	fx := sharedFixture(t)
	screens := screensDir(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(375, 812),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	// A dialog (alert) opening on any page means markup ran.
	var dialogs atomic.Int32
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
		}
	}))
	defer cancel()
	// The first action starts the browser; it must not run under a
	// timeout, which would end the browser with it.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulatePortrait)); err != nil {
		t.Fatal(err)
	}
	step := func(name string, fn func(ctx context.Context) error) {
		t.Helper()
		sctx, scancel := context.WithTimeout(ctx, 20*time.Second)
		defer scancel()
		if err := fn(sctx); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Every page fits the phone's width: nothing scrolls sideways.
		w, err := chromedp.Run(sctx, chromedp.Evaluate[int]("document.documentElement.scrollWidth"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if w > 375 {
			t.Errorf("%s: the page is %d px wide at a 375 px viewport", name, w)
		}
		shot, err := chromedp.Run(sctx, chromedp.FullScreenshot(80))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(screens, name+".jpg"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(ctx context.Context, sel string) (string, error) {
		s, err := chromedp.Run(ctx, chromedp.Text(sel, chromedp.NodeVisible))
		return strings.TrimSpace(s), err
	}

	step("1-home", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(fx.srv.URL+"/"), chromedp.WaitVisible("li.release-item")); err != nil {
			return err
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int]("document.querySelectorAll('li.release-item').length"))
		if err == nil && n != 20 {
			err = fmt.Errorf("%d releases shown, want 20", n)
		}
		return err
	})
	step("2-release", func(ctx context.Context) error {
		// The contractor's final report: a release that belongs to a case.
		if err := chromedp.Do(ctx, chromedp.Click(`li.release-item:has(a.case-link[href="/cases/2024-359"]) a.release-link`),
			chromedp.WaitVisible(".release-text mark.ev")); err != nil {
			return err
		}
		marks, err := chromedp.Run(ctx, chromedp.Evaluate[int]("document.querySelectorAll('.release-text mark.ev').length"))
		if err == nil && marks == 0 {
			err = fmt.Errorf("no evidence highlighted")
		}
		return err
	})
	step("3-case", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Click(`.release .meta a.case-link`), chromedp.WaitVisible("ol.timeline")); err != nil {
			return err
		}
		h, err := text(ctx, "h1")
		if err == nil && !strings.HasPrefix(h, "【セキュリティ事件簿#2024-359】") {
			err = fmt.Errorf("case page heading %q", h)
		}
		return err
	})
	step("4-label", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(fx.srv.URL+"/labels"), chromedp.Click(`ul.label-cloud a[href="/labels/%E6%9C%80%E7%B5%82%E5%A0%B1%E5%91%8A"]`),
			chromedp.WaitVisible(".label-heading")); err != nil {
			return err
		}
		h, err := text(ctx, ".label-heading")
		if err == nil && !strings.HasPrefix(strings.Join(strings.Fields(h), " "), "ラベル 最終報告 の投稿を表示しています。 すべての投稿を表示") {
			err = fmt.Errorf("label heading %q", h)
		}
		return err
	})
	step("5-search", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(fx.srv.URL+"/search"), chromedp.SendKeys("#q", "紛失"),
			chromedp.Click(".search-form button"), chromedp.WaitVisible(".results .total")); err != nil {
			return err
		}
		total, err := text(ctx, ".results .total")
		if err != nil {
			return err
		}
		if total == "0" {
			return fmt.Errorf("紛失 found nothing")
		}
		if m, _ := text(ctx, "li.release-item .snippet mark"); m != "紛失" {
			return fmt.Errorf("first marked word %q", m)
		}
		// Narrow by the first category facet.
		want, err := text(ctx, `section.facet[data-facet="category"] li .count`)
		if err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Click(`section.facet[data-facet="category"] li a`), chromedp.WaitVisible(".active-filters")); err != nil {
			return err
		}
		got, err := text(ctx, ".results .total")
		if err == nil && got != want {
			err = fmt.Errorf("after the facet %s results, the facet said %s", got, want)
		}
		return err
	})
	step("6-stats", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(fx.srv.URL+"/stats"), chromedp.WaitVisible("svg.chart-svg")); err != nil {
			return err
		}
		// Drawn means laid out: every chart has marks with a real size.
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('svg.chart-svg')).filter(s =>
			s.getBoundingClientRect().width > 300 && Array.from(s.querySelectorAll('rect, circle')).some(m => m.getBoundingClientRect().width > 0)).length`))
		if err == nil && n != 6 {
			err = fmt.Errorf("%d of 6 charts drawn", n)
		}
		return err
	})
	step("7-markup", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/releases/%d", fx.srv.URL, fx.xssID)), chromedp.WaitVisible(".release-text")); err != nil {
			return err
		}
		ran, err := chromedp.Run(ctx, chromedp.Evaluate[string]("typeof window.__xss"))
		if err != nil {
			return err
		}
		if ran != "undefined" {
			return fmt.Errorf("markup in the release ran (window.__xss is %s)", ran)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('script, img, iframe, [onerror], [onload], a[href^="javascript"]').length`))
		if err == nil && n != 0 {
			err = fmt.Errorf("%d active elements on the page", n)
		}
		return err
	})
	if n := dialogs.Load(); n != 0 {
		t.Errorf("%d dialogs opened", n)
	}
	t.Logf("screenshots in %s", screens)
}
