package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"time"
)

//go:embed static
var staticFS embed.FS

// staticFiles are the embedded assets, each served under a URL holding
// the hash of its content (/static/HASH/app.css), so browsers may keep
// them for a year and still never use a stale one.
type staticFiles struct {
	files map[string]staticFile
}

type staticFile struct {
	hash string
	body []byte
	typ  string
}

func loadStatic() (*staticFiles, error) {
	s := &staticFiles{files: map[string]staticFile{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(staticFS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := path.Base(p)
		s.files[name] = staticFile{hash: hex.EncodeToString(sum[:])[:12], body: b, typ: mime.TypeByExtension(path.Ext(name))}
		return nil
	})
	return s, err
}

// staticHash is the hash of all assets together, for the build hash.
func staticHash() []byte {
	h := sha256.New()
	var names []string
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	for _, n := range names {
		b, _ := fs.ReadFile(staticFS, n)
		h.Write([]byte(n))
		h.Write(b)
	}
	return h.Sum(nil)
}

// url returns the content-hash URL of an asset.
func (s *staticFiles) url(name string) string {
	return "/static/" + s.files[name].hash + "/" + name
}

// handleStatic serves an asset. A request with an old hash (a page cached
// before an upgrade) still gets the current file, but only briefly
// cached.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.static.files[r.PathValue("name")]
	if !ok {
		return notFound("ファイル")
	}
	if r.PathValue("hash") == f.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("Content-Type", f.typ)
	w.Header().Set("ETag", `"`+f.hash+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
	return nil
}
