package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jikenbo/jikenbo"
)

// TestSlowBody: a body that arrives slower than the server's read timeout
// is answered with a message saying so, not "want JSON".
func TestSlowBody(t *testing.T) {
	fx := newDeskFixture(t, nil)
	fx.srv.Config.ReadTimeout = 300 * time.Millisecond
	secret := jikenbo.NewSecret()
	if err := fx.store.CreateToken(context.Background(), &jikenbo.Token{UserID: fx.user.ID, Hash: jikenbo.HashSecret(secret)}); err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte(`{"text": "株式会社遅延 不正アクセスのお知らせ`))
		time.Sleep(time.Second)
		pw.Write([]byte(`"}`))
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", fx.srv.URL+"/api/v1/releases", pr)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer jkb_"+secret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "読み取り時間が切れました") {
		t.Errorf("slow body: %d %s, want 400 saying the read timeout cut it off", res.StatusCode, b)
	}
}
