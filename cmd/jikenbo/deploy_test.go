package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jikenbo/jikenbo/internal/testenv"
)

// The files in deploy/ name only settings that exist, build the command
// this module has, and the systemd unit passes systemd-analyze verify.
func TestDeployFiles(t *testing.T) {
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("../../deploy", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	config, err := os.ReadFile("../../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	envVar := regexp.MustCompile(`JIKENBO_[A-Z_]+`)
	for _, name := range []string{"Dockerfile", "compose.yaml", "jikenbo.service"} {
		for _, v := range envVar.FindAllString(read(name), -1) {
			if !strings.Contains(string(config), "`"+v+"`") {
				t.Errorf("deploy/%s sets %s, which docs/config.md does not know", name, v)
			}
		}
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(gomod))
	docker := read("Dockerfile")
	if goVersion == nil || !strings.Contains(docker, "FROM golang:"+goVersion[1]+"-") {
		t.Errorf("the Dockerfile's Go image is not go.mod's Go %v", goVersion)
	}
	for _, want := range []string{"./cmd/jikenbo", "poppler-utils", "poppler-data", "USER jikenbo"} {
		if !strings.Contains(docker, want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}

	analyze := testenv.Command(t, "systemd-analyze", "apt-get install systemd; the unit file is not verified without it")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// verify wants ExecStart to exist: point it at this test binary.
	unit := filepath.Join(t.TempDir(), "jikenbo.service")
	if err := os.WriteFile(unit, []byte(strings.ReplaceAll(read("jikenbo.service"), "/usr/local/bin/jikenbo", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(analyze, "verify", unit).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
