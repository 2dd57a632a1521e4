package web

import (
	_ "embed"
	"encoding/json"
	"net/http"

	"github.com/jikenbo/jikenbo"
)

// openAPI is the API's description (OpenAPI 3.1). It is written by hand
// next to the handlers and kept honest by a test that validates real
// responses against its schemas.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	var doc map[string]any
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		return err
	}
	// The server URL is where this instance is reached.
	doc["servers"] = []map[string]string{{"url": s.abs("/api/v1")}}
	// The document depends on the build only, not on the casebook.
	if s.fresh(w, r, jikenbo.Version{}, "openapi") {
		return nil
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, doc)
	return nil
}
