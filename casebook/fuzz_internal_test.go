package casebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// exportSeed is a small export of every member, written by hand.
const exportSeed = `{"version": 2,
"releases": [{"id": 1, "case_id": "2024-001", "stage": "first", "organization": "試験市", "organization_id": 1, "title": "お知らせ",
 "published": "2024-06-03", "labels": ["不正アクセス"], "label_sources": [{"name": "不正アクセス", "source": "auto"}],
 "source": "a.txt", "sha256": "x", "encoding": "Shift_JIS", "imported_at": "2024-06-04T01:02:03Z", "draft": false,
 "text": "本文\n", "original": "lnzVtgo=", "facts": {}, "extracted": {"published": "2024-06-03", "evidence": [{"field": "published", "start": 0, "end": 3}]},
 "extracted_at": "2024-06-04T01:02:03Z", "overrides": [{"field": "status", "value": "concluded", "editor": "e", "at": "2024-06-05T00:00:00Z"}],
 "versions": [{"imported_at": "2024-06-04T01:02:03Z", "sha256": "x", "text": "本文\n", "changed_facts": null}]},
 {"id": 2, "case_id": null, "organization": null, "title": null, "published": null, "labels": [], "label_sources": null, "source": "b", "sha256": "y",
 "encoding": "UTF-8", "imported_at": "0001-01-01T00:00:00Z", "draft": true, "text": "", "facts": {}, "extracted": {}, "extracted_at": "0001-01-01T00:00:00Z", "overrides": null, "versions": null}],
"cases": [{"id": "2024-001", "status": "ongoing", "organizations": [{"id": 1, "name": "試験市", "role": "publisher"}], "releases": [1],
 "timeline": [{"date": "2024-06-03", "kind": "release", "release_id": 1, "note": ""}], "facts": {}, "links": [{"case_id": "2024-002", "kind": "related", "reason": "r"}],
 "decisions": [{"release_id": 1, "action": "new", "reasons": ["x"], "at": "2024-06-04T01:02:03Z"}], "created_at": "2024-06-04T01:02:03Z"}],
"organizations": [{"id": 1, "name": "試験市", "kind": "municipality", "aliases": [], "created_at": "2024-06-04T01:02:03Z"}],
"labels": [{"name": "不正アクセス", "count": 1}],
"retired_cases": [], "label_redirects": null}
`

// FuzzExportReader: the streaming reader of exports (import and
// restore) never panics on any file; what it accepts, decoding the whole
// file as one Document accepts too, with the same members and releases;
// and what it refuses, it refuses naming a line of the file.
func FuzzExportReader(f *testing.F) {
	f.Add([]byte(exportSeed))
	f.Add([]byte("\xEF\xBB\xBF" + exportSeed))
	f.Add([]byte(`{"Releases": null, "VERSION": 1, "cases": [], "organizations": [], "labels": []}`))
	f.Add([]byte(`{"version": 2, "releases": [{"id": "1"}]}`))
	f.Add([]byte(`{"version": 2, "releases": [{"id": 1} {"id": 2}]}`))
	f.Add([]byte(`{"version": 2, "version": 3}`))
	f.Add([]byte("{\n\"releases\": [\n{\"nope\": 1}\n]\n}"))
	f.Add([]byte(`{"releases": [`))
	f.Add([]byte(`[]`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "export.json")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		lines := bytes.Count(b, []byte("\n")) + 1
		checkErr := func(what string, err error) {
			var xe *exportError
			if !errors.As(err, &xe) {
				t.Fatalf("%s: %v is not an export error with a line", what, err)
			}
			if xe.line < 1 || xe.line > lines {
				t.Fatalf("%s: line %d of a file of %d lines: %v", what, xe.line, lines, err)
			}
		}
		head, err := readExportHead(path)
		if err != nil {
			checkErr("first pass", err)
			return
		}
		var rels []ReleaseJSON
		err = eachExportRelease(path, func(i int, rel *ReleaseJSON, off int64) error {
			if i != len(rels) || off < 0 || off > int64(len(b)) {
				t.Fatalf("release %d after %d, at offset %d of %d", i, len(rels), off, len(b))
			}
			rels = append(rels, *rel)
			return nil
		})
		if err != nil {
			checkErr("second pass", err)
			t.Fatalf("the second pass failed where the first did not: %v", err)
		}
		// The same bytes decoded whole, as Go would.
		dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))))
		dec.DisallowUnknownFields()
		var whole Document
		if err := dec.Decode(&whole); err != nil {
			t.Fatalf("streamed, the export reads; whole, it does not: %v", err)
		}
		head.Releases = rels
		if len(whole.Releases) == 0 && len(rels) == 0 {
			whole.Releases, head.Releases = nil, nil
		}
		if !reflect.DeepEqual(normalizeEmpty(*head), normalizeEmpty(whole)) {
			t.Fatalf("streamed %+v\nwhole %+v", *head, whole)
		}
	})
}

// normalizeEmpty makes nil and empty member slices alike: the streaming
// reader does not keep the difference, which no reader of it needs.
func normalizeEmpty(d Document) string {
	b, _ := json.Marshal(d)
	return strings.NewReplacer(":null", ":[]").Replace(string(b))
}
