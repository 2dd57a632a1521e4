package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
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
	if _, err := s.store.FindPublicRelease(r.Context(), id); err != nil {
		return s.goneRelease(r.Context(), id, pageNotFound(err, "公表"), deletedReleaseMessage)
	}
	var v *jikenbo.ReleaseVersion
	if q := r.URL.Query().Get("version"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 {
			return jikenbo.Errorf(jikenbo.EINVALID, "版の指定 %q が正しくありません", q)
		}
		if v, err = s.store.FindVersion(r.Context(), id, n); err != nil {
			if jikenbo.ErrorCode(err) == jikenbo.ENOTFOUND {
				return notFound("版")
			}
			return err
		}
	} else {
		vs, err := s.store.FindVersions(r.Context(), id)
		if err != nil {
			return err
		}
		if v = jikenbo.LatestVersion(vs); v == nil {
			return notFound("原文")
		}
	}
	ct := v.ContentType()
	ext, disposition := ".txt", "inline"
	switch {
	case strings.HasPrefix(ct, "application/pdf"):
		ext = ".pdf"
	case strings.HasPrefix(ct, "text/html"):
		ext, disposition = ".html", "attachment"
		ct = "text/plain" + strings.TrimPrefix(ct, "text/html")
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", fmt.Sprintf(`%s; filename="release-%d-v%d%s"`, disposition, id, v.Number, ext))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", originalCSP)
	// A version's bytes never change: its digest is its tag.
	h.Set("ETag", `"`+v.SHA256+`"`)
	h.Set("Cache-Control", "public, max-age=86400")
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, `"`+v.SHA256+`"`) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Length", strconv.Itoa(len(v.Original)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(v.Original)
	}
	return nil
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
