package web_test

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every API route the server registers is in openapi.json, and every
// operation openapi.json documents is a registered route: the document
// cannot fall behind the router, nor promise what is not served.
var exportSuffix = regexp.MustCompile(`\{id\}\.(veris|stix)\.json$`)

func TestOpenAPIMatchesRoutes(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var documented []string
	for p, ops := range doc.Paths {
		// A route's wildcard is a whole path segment, so a case's
		// exports (/cases/{id}.veris.json) are served by /cases/{id}.
		p = exportSuffix.ReplaceAllString(p, "{id}")
		for m := range ops {
			if r := strings.ToUpper(m) + " /api/v1" + p; !slices.Contains(documented, r) {
				documented = append(documented, r)
			}
		}
	}
	var served []string
	for _, r := range routePatterns(t) {
		method, path, ok := strings.Cut(r, " ")
		if ok && strings.HasPrefix(path, "/api/v1/") {
			served = append(served, method+" "+path)
		}
	}
	if len(served) < 15 {
		t.Fatalf("found %d API routes in the source, want 15 and more", len(served))
	}
	for _, r := range served {
		if !slices.Contains(documented, r) {
			t.Errorf("%s is served but not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(served, d) {
			t.Errorf("openapi.json documents %s, which is not served", d)
		}
	}
}
