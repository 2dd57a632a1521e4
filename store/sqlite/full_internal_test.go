package sqlite

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo"
)

// TestFullCasebook fills a real SQLite casebook (max_page_count stands in
// for a full disk) and a read-only one: the errors are EUNAVAILABLE and
// say why, so an import stops at the first.
func TestFullCasebook(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "jikenbo.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var pages int
	if err := st.write.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := st.write.ExecContext(ctx, `PRAGMA max_page_count = `+itoa(pages+2)); err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("個人情報の漏えいに関するお知らせ。", 5000)
	err = st.CreateRelease(ctx, &jikenbo.Release{Original: []byte(text), Text: text, Encoding: "UTF-8", Source: "big.txt"})
	if jikenbo.ErrorCode(err) != jikenbo.EUNAVAILABLE || !strings.Contains(jikenbo.ErrorMessage(err), "disk is full") {
		t.Errorf("CreateRelease on a full casebook: %v (%s), want EUNAVAILABLE saying the disk is full", err, jikenbo.ErrorCode(err))
	}
	if _, err := st.write.ExecContext(ctx, `PRAGMA max_page_count = 1000000; PRAGMA query_only = 1`); err != nil {
		t.Fatal(err)
	}
	err = st.CreateRelease(ctx, &jikenbo.Release{Original: []byte("短い本文"), Text: "短い本文", Encoding: "UTF-8", Source: "small.txt"})
	if jikenbo.ErrorCode(err) != jikenbo.EUNAVAILABLE || !strings.Contains(jikenbo.ErrorMessage(err), "read-only") {
		t.Errorf("CreateRelease on a read-only casebook: %v (%s), want EUNAVAILABLE saying it is read-only", err, jikenbo.ErrorCode(err))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
