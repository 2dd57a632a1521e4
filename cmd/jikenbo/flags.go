package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// newFlagSet returns a subcommand's flag set whose usage is the line
// given and then the flags. Usage goes to stderr after a mistake and to
// stdout when asked for with -h or --help.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), strings.TrimRight(usage, "\n"))
		fs.PrintDefaults()
		fmt.Fprintln(fs.Output(), "\nFlags may stand before or after the arguments. Each flag can also be set in the\nenvironment as JIKENBO_NAME: --db as JIKENBO_DB, --cache-mb as JIKENBO_CACHE_MB.")
	}
	return fs
}

// envName is the environment variable that sets a flag's default:
// --cache-mb is JIKENBO_CACHE_MB.
func envName(flagName string) string {
	return "JIKENBO_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseFlags parses a subcommand's arguments. Flags may stand before,
// between and after the other arguments, as in "import FILE --db my.db";
// "--" ends the flags. Each flag not given takes its value from its
// environment variable (envName) when that is set and not empty. It returns the other
// arguments and -1 when the command should go on, or the exit code: 0
// after -h or --help (usage printed on stdout), 2 after a mistake (the
// mistake and the usage on stderr).
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, int) {
	var end []string
	for i, a := range args {
		if a == "--" {
			args, end = args[:i], args[i+1:]
			break
		}
	}
	for _, a := range args {
		switch a {
		case "-h", "-help", "--h", "--help":
			stderr := fs.Output()
			fs.SetOutput(stdout)
			fs.Usage()
			fs.SetOutput(stderr)
			return nil, 0
		}
	}
	var bad error
	fs.VisitAll(func(f *flag.Flag) {
		if v := os.Getenv(envName(f.Name)); v != "" && bad == nil {
			if err := f.Value.Set(v); err != nil {
				bad = fmt.Errorf("%s=%q: %v", envName(f.Name), v, err)
			}
		}
	})
	if bad != nil {
		fmt.Fprintf(fs.Output(), "jikenbo %s: %v\n", fs.Name(), bad)
		return nil, 2
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			// flag has printed the mistake and the usage.
			return nil, 2
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	return append(pos, end...), -1
}

// usageError prints what was wrong with a command's arguments, then its
// usage, on stderr, and returns exit code 2.
func usageError(fs *flag.FlagSet, format string, a ...any) int {
	fmt.Fprintf(fs.Output(), "jikenbo %s: %s\n\n", fs.Name(), fmt.Sprintf(format, a...))
	fs.Usage()
	return 2
}

// printConfig writes every flag of fs with the value it has and where the
// value came from: the command line, the environment or the default. A
// PostgreSQL password in --db is not shown.
func printConfig(fs *flag.FlagSet, w io.Writer) {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FLAG\tENVIRONMENT\tVALUE\tFROM")
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "print-config" {
			return
		}
		from := "default"
		switch {
		case given[f.Name]:
			from = "flag"
		case os.Getenv(envName(f.Name)) != "":
			from = "environment"
		}
		v := f.Value.String()
		if f.Name == "db" {
			v = dbName(v)
		}
		fmt.Fprintf(tw, "--%s\t%s\t%s\t%s\n", f.Name, envName(f.Name), v, from)
	})
	tw.Flush()
}
