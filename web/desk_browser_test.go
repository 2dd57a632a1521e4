package web_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/testenv"
)

// deskXSS is a release with markup, a javascript: URL, bidi controls
// (RLO, an isolate left open) and zero-width characters.
const deskXSS = xssRelease + "右から左\u202Egnp.exe 見えない\u200Bゼロ幅\u2067開いたまま\n"

// TestBrowserDesk logs in with Chromium, adds a release full of markup
// on the desk, publishes it and checks that nothing in it ran or spilled,
// on the desk and on the public page.
func TestBrowserDesk(t *testing.T) {
	chromium := testenv.Chromium(t)
	fx := newDeskFixture(t, nil)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1024, 800),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	var dialogs atomic.Int32
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
		}
	}))
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	sctx, scancel := context.WithTimeout(ctx, 60*time.Second)
	defer scancel()
	inert := func(where string) {
		t.Helper()
		ran, err := chromedp.Run(sctx, chromedp.Evaluate[string]("typeof window.__xss"))
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		if ran != "undefined" {
			t.Errorf("%s: markup ran (window.__xss is %s)", where, ran)
		}
		n, err := chromedp.Run(sctx, chromedp.Evaluate[int](`document.querySelectorAll('script, img, iframe, svg, [onerror], [onload], a[href^="javascript"]').length`))
		if err != nil || n != 0 {
			t.Errorf("%s: %d active elements (%v)", where, n, err)
		}
		iso, err := chromedp.Run(sctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.release-text')).unicodeBidi`))
		if err != nil || iso != "isolate" {
			t.Errorf("%s: release text unicode-bidi %q (%v), want isolate", where, iso, err)
		}
	}
	err := chromedp.Do(sctx,
		chromedp.Navigate(fx.srv.URL+"/desk"), chromedp.WaitVisible("#login-name"),
		chromedp.SendKeys("#login-name", "hanako"), chromedp.SendKeys("#login-password", editorPassword),
		chromedp.Click(`form.login button`), chromedp.WaitVisible("#add-text"),
		chromedp.SetValue("#add-text", deskXSS), chromedp.Click(`form.desk-add button`), chromedp.WaitVisible(".desk-release .release-text"))
	if err != nil {
		t.Fatalf("log in and add: %v", err)
	}
	inert("desk")
	codes, err := chromedp.Run(sctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('.release-text .invisible')).map(e => e.textContent).join(' ')`))
	if err != nil || codes != "U+202E U+200B U+2067" {
		t.Errorf("invisible characters shown as %q (%v), want U+202E U+200B U+2067", codes, err)
	}
	if err := chromedp.Do(sctx, chromedp.Click(`button.publish`), chromedp.WaitVisible(".notice")); err != nil {
		t.Fatalf("publish: %v", err)
	}
	rels, _, _ := fx.store.FindReleases(context.Background(), jikenbo.ReleaseFilter{})
	if len(rels) != 1 || rels[0].Draft {
		t.Fatalf("after publishing: %v", rels)
	}
	if err := chromedp.Do(sctx, chromedp.Navigate(fmt.Sprintf("%s/releases/%d", fx.srv.URL, rels[0].ID)), chromedp.WaitVisible(".release-text")); err != nil {
		t.Fatal(err)
	}
	inert("public release page")
	text, _ := chromedp.Run(sctx, chromedp.Evaluate[string](`document.querySelector('.release-text').textContent`))
	if !strings.Contains(text, "<script>") {
		t.Errorf("the public page does not show the markup as text: %q", text)
	}
	if n := dialogs.Load(); n != 0 {
		t.Errorf("%d dialogs opened", n)
	}
}
