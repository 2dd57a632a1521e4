package classify

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// LoadSet reads a labelled set written as files: DIR/incident/*.txt are
// incident notices, DIR/other/*.txt everything else. Each file is one
// document, UTF-8, its first non-empty line the title. Examples are named
// "incident/NAME.txt" and "other/NAME.txt", in name order.
func LoadSet(dir string) ([]Example, error) {
	var out []Example
	for _, label := range []string{"incident", "other"} {
		files, err := filepath.Glob(filepath.Join(dir, label, "*.txt"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: no *.txt files", filepath.Join(dir, label))
		}
		sort.Strings(files)
		for _, f := range files {
			e, err := readExample(f, label+"/"+filepath.Base(f), label == "incident")
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// LoadList reads the incident notices named, one file name a line, in the
// list file, from corpusDir (the files are referred to, never copied). Blank
// lines and lines starting with # are ignored. Examples are named
// "corpus/NAME".
func LoadList(list, corpusDir string) ([]Example, error) {
	b, err := os.ReadFile(list)
	if err != nil {
		return nil, err
	}
	var out []Example
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		name := strings.TrimSpace(sc.Text())
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		if filepath.Base(name) != name {
			return nil, fmt.Errorf("%s:%d: %q is not a plain file name", list, n, name)
		}
		e, err := readExample(filepath.Join(corpusDir, name), "corpus/"+name, true)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", list, n, err)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

func readExample(path, name string, incident bool) (Example, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Example{}, err
	}
	if !utf8.Valid(b) {
		return Example{}, fmt.Errorf("%s: not UTF-8", path)
	}
	text := string(b)
	if strings.TrimSpace(text) == "" {
		return Example{}, fmt.Errorf("%s: empty", path)
	}
	return Example{Name: name, Title: firstLine(text), Text: text, Incident: incident}, nil
}
