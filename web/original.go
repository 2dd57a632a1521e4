package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jikenbo/jikenbo"
)

// The release archive (リリース文アーカイブ): every version of a release as
// its publisher had it, byte for byte.

func (s *Server) registerOriginalRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /releases/{id}/original", s.html(s.handleOriginal))
}

// originalCSP forbids everything: a stored page's scripts, styles and
// frames never run on our origin, even if a browser renders the bytes.
const originalCSP = "default-src 'none'; sandbox"

// handleOriginal serves a version's original bytes (the latest, or
// ?version=N). A PDF or text is served as itself; stored HTML is someone
// else's page with its scripts, so it is served as text/plain and as a
// download, never as text/html on our origin.
func (s *Server) handleOriginal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"), "公表")
	if err != nil {
		return err
	}
	if _, err := s.store.FindPublicReleaseHead(r.Context(), id, 1); err != nil {
		return s.goneRelease(r.Context(), id, pageNotFound(err, "公表"), deletedReleaseMessage)
	}
	vs, err := s.store.FindVersionHeads(r.Context(), id)
	if err != nil {
		return err
	}
	v := jikenbo.LatestVersion(vs)
	if q := r.URL.Query().Get("version"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 {
			return jikenbo.Errorf(jikenbo.EINVALID, "版の指定 %q が正しくありません", q)
		}
		if n > len(vs) {
			return notFound("版")
		}
		v = vs[n-1]
	}
	if v == nil {
		return notFound("原文")
	}
	h := w.Header()
	// A version's bytes never change: its digest is its tag.
	h.Set("ETag", `"`+v.SHA256+`"`)
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", originalCSP)
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, `"`+v.SHA256+`"`) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	body, done, err := s.originals.open(r.Context(), s.store, id, v)
	if err != nil {
		return err
	}
	defer done()
	head := make([]byte, min(v.Size, jikenbo.OriginalHead))
	tail := make([]byte, min(v.Size, jikenbo.OriginalTail))
	if _, err := body.ReadAt(head, 0); err != nil && err != io.EOF {
		return err
	}
	if _, err := body.ReadAt(tail, v.Size-int64(len(tail))); err != nil && err != io.EOF {
		return err
	}
	ct := jikenbo.ContentTypeOfEnds(head, tail, v.IsText, v.Encoding)
	ext, disposition := ".txt", "inline"
	switch {
	case strings.HasPrefix(ct, "application/pdf"):
		ext = ".pdf"
	case strings.HasPrefix(ct, "text/html"):
		ext, disposition = ".html", "attachment"
		ct = "text/plain" + strings.TrimPrefix(ct, "text/html")
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", fmt.Sprintf(`%s; filename="release-%d-v%d%s"`, disposition, id, v.Number, ext))
	// ServeContent answers ranges and HEAD; the bytes go out as kept.
	leaveUncompressed(w)
	http.ServeContent(w, r, "", time.Time{}, body)
	return nil
}

// Originals up to originalInMemory bytes are read whole for each
// request; larger ones are copied from the store originalChunk bytes at
// a time into a temporary file that every reader of the same bytes
// shares, at most originalCopies at a time. A slow reader of a 19 MB
// original then costs the server an open file, not the file's bytes.
const (
	originalInMemory = 1 << 20
	originalChunk    = 4 << 20
	originalCopies   = 2
)

// originalBody is an original being served.
type originalBody interface {
	io.ReadSeeker
	io.ReaderAt
}

// originalSpool holds the large originals being read, each in an
// unlinked temporary file, so nothing is left behind by a crash.
type originalSpool struct {
	mu    sync.Mutex
	files map[string]*spoolFile // by SHA-256
	slots chan struct{}
}

type spoolFile struct {
	ready chan struct{} // closed when f or err is set
	f     *os.File
	err   error
	refs  int
}

func newOriginalSpool() *originalSpool {
	return &originalSpool{files: map[string]*spoolFile{}, slots: make(chan struct{}, originalCopies)}
}

// open returns a reader of version v's original and a function to call
// when done with it.
func (sp *originalSpool) open(ctx context.Context, st Store, id int64, v *jikenbo.ReleaseVersion) (originalBody, func(), error) {
	if v.Size <= originalInMemory {
		b := make([]byte, v.Size)
		if n, err := st.ReadOriginal(ctx, id, v.Number, b, 0); err != nil && (err != io.EOF || int64(n) != v.Size) {
			return nil, nil, err
		}
		return bytes.NewReader(b), func() {}, nil
	}
	sp.mu.Lock()
	e, shared := sp.files[v.SHA256]
	if !shared {
		e = &spoolFile{ready: make(chan struct{})}
		sp.files[v.SHA256] = e
	}
	e.refs++
	sp.mu.Unlock()
	done := func() {
		sp.mu.Lock()
		defer sp.mu.Unlock()
		if e.refs--; e.refs == 0 {
			if sp.files[v.SHA256] == e {
				delete(sp.files, v.SHA256)
			}
			if e.f != nil {
				e.f.Close()
			}
		}
	}
	if !shared {
		// The copy goes on for the other readers if this one leaves.
		e.f, e.err = sp.copy(context.WithoutCancel(ctx), st, id, v)
		close(e.ready)
	}
	select {
	case <-e.ready:
	case <-ctx.Done():
		done()
		return nil, nil, ctx.Err()
	}
	if e.err != nil {
		sp.mu.Lock()
		if sp.files[v.SHA256] == e {
			delete(sp.files, v.SHA256) // the next request tries again
		}
		sp.mu.Unlock()
		done()
		return nil, nil, e.err
	}
	return io.NewSectionReader(e.f, 0, v.Size), done, nil
}

// copy copies an original from the store into an unlinked temporary file.
func (sp *originalSpool) copy(ctx context.Context, st Store, id int64, v *jikenbo.ReleaseVersion) (*os.File, error) {
	sp.slots <- struct{}{}
	defer func() { <-sp.slots }()
	f, err := os.CreateTemp("", "jikenbo-original-*")
	if err != nil {
		return nil, fmt.Errorf("original of release %d: %w", id, err)
	}
	os.Remove(f.Name())
	buf := make([]byte, min(v.Size, originalChunk))
	for off := int64(0); off < v.Size; {
		n, err := st.ReadOriginal(ctx, id, v.Number, buf[:min(int64(len(buf)), v.Size-off)], off)
		if err == nil || (err == io.EOF && n > 0) {
			_, err = f.Write(buf[:n])
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("original of release %d at byte %d: %w", id, off, err)
		}
		off += int64(n)
	}
	return f, nil
}

// versionLink is one version of a release on its page.
type versionLink struct {
	Number   int
	URL      string
	Imported string
	// Changed names the facts that changed from the previous version.
	Changed string
}

// versionLinks lists a release's versions for its page, oldest first.
func versionLinks(id int64, vs []*jikenbo.ReleaseVersion, loc *time.Location) []versionLink {
	var out []versionLink
	for _, v := range vs {
		var names []string
		for _, c := range v.ChangedFacts {
			names = append(names, fieldName(c.Field))
		}
		out = append(out, versionLink{Number: v.Number, URL: fmt.Sprintf("/releases/%d/original?version=%d", id, v.Number),
			Imported: v.ImportedAt.In(loc).Format("2006/01/02 15:04"), Changed: strings.Join(names, "、")})
	}
	return out
}
