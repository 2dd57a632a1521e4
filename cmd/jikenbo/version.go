package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

// runVersion prints the module version (set by go install …@version, or
// "(devel)" in a checkout), the commit and the Go version it was built with.
func runVersion(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "usage: jikenbo version", stderr)
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return usageError(fs, "unexpected argument %q", rest[0])
	}
	fmt.Fprintln(stdout, versionText())
	return 0
}

// versionText is "jikenbo VERSION (COMMIT[+dirty], DATE) GOVERSION".
func versionText() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "jikenbo (unknown version)"
	}
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var rev, when, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	out := "jikenbo " + version
	if rev != "" {
		out += fmt.Sprintf(" (%s%s, %s)", rev[:min(len(rev), 12)], dirty, when)
	}
	return out + " " + bi.GoVersion
}
