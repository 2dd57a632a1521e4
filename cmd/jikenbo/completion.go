package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
)

// subcommands are the second words of the commands that have them.
var subcommands = map[string][]string{
	"user":    {"add", "passwd", "disable", "list"},
	"token":   {"add", "list", "revoke"},
	"audit":   {"export"},
	"webhook": {"add", "list", "remove", "log", "send", "prune"},
	"orgs":    {"import-houjin"},
}

var helpFlag = regexp.MustCompile(`(?m)^\s+-([a-z][a-z-]*)`)

// commandHelp is what "jikenbo WORDS... --help" prints: the usage line
// and the flags, the one source completion and the man page are made from.
func commandHelp(words ...string) string {
	var out bytes.Buffer
	run(context.Background(), append(slices.Clone(words), "--help"), strings.NewReader(""), &out, io.Discard)
	return out.String()
}

// commandFlags lists the flags of a command line, as --name.
func commandFlags(words ...string) []string {
	var flags []string
	for _, m := range helpFlag.FindAllStringSubmatch(commandHelp(words...), -1) {
		flags = append(flags, "--"+m[1])
	}
	return flags
}

func runCompletion(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("completion", "usage: jikenbo completion bash|zsh\n\n  bash: source <(jikenbo completion bash), or save it in /etc/bash_completion.d/jikenbo\n  zsh:  source <(jikenbo completion zsh) in ~/.zshrc", stderr)
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 || (rest[0] != "bash" && rest[0] != "zsh") {
		return usageError(fs, "want the shell: bash or zsh")
	}
	if rest[0] == "zsh" {
		// zsh runs bash completion functions through bashcompinit.
		fmt.Fprintln(stdout, "#compdef jikenbo\nautoload -U +X bashcompinit && bashcompinit")
	}
	io.WriteString(stdout, bashCompletion())
	return 0
}

// bashCompletion completes command names, subcommands and each command's
// flags; anything else completes as a file name.
func bashCompletion() string {
	var b strings.Builder
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	b.WriteString("# bash completion for jikenbo (jikenbo completion bash)\n_jikenbo() {\n")
	b.WriteString("  local cur=\"${COMP_WORDS[COMP_CWORD]}\" cmd=\"${COMP_WORDS[1]}\" sub=\"${COMP_WORDS[2]}\"\n")
	fmt.Fprintf(&b, "  if [ \"$COMP_CWORD\" -eq 1 ]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); return; fi\n", strings.Join(names, " "))
	b.WriteString("  local words=\"\"\n  case \"$cmd\" in\n")
	for _, name := range names {
		if subs, ok := subcommands[name]; ok {
			fmt.Fprintf(&b, "  %s)\n    if [ \"$COMP_CWORD\" -eq 2 ]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); return; fi\n    case \"$sub\" in\n", name, strings.Join(subs, " "))
			for _, sub := range subs {
				fmt.Fprintf(&b, "    %s) words=%q ;;\n", sub, strings.Join(commandFlags(name, sub), " "))
			}
			b.WriteString("    esac ;;\n")
			continue
		}
		fmt.Fprintf(&b, "  %s) words=%q ;;\n", name, strings.Join(commandFlags(name), " "))
	}
	b.WriteString("  esac\n  if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W \"$words\" -- \"$cur\")); return; fi\n")
	b.WriteString("  COMPREPLY=()\n}\ncomplete -o default -F _jikenbo jikenbo\n")
	return b.String()
}

// runMan prints the manual page, made from the same help every command
// prints, as roff: jikenbo man > jikenbo.1, or jikenbo man | man -l -.
func runMan(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("man", "usage: jikenbo man > jikenbo.1   (or: jikenbo man | man -l -)", stderr)
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return usageError(fs, "unexpected argument %q", rest[0])
	}
	io.WriteString(stdout, manPage(time.Now()))
	return 0
}

// roffText escapes text for roff: backslashes, and a leading dot or
// quote that would start a request.
func roffText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			l = `\&` + l
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func manPage(now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH JIKENBO 1 %q %q \"jikenbo manual\"\n", now.Format("2006-01-02"), versionText())
	b.WriteString(".SH NAME\njikenbo \\- keep the public record of security incidents disclosed in Japan\n")
	b.WriteString(".SH SYNOPSIS\n.B jikenbo\n.I COMMAND\n[\\fIFLAGS\\fR] [\\fIARGS\\fR]\n")
	b.WriteString(".SH DESCRIPTION\njikenbo reads Japanese security-incident releases (text, HTML, PDF, Blogger exports, URLs), " +
		"extracts their facts with evidence, files them into numbered cases in a casebook (SQLite or PostgreSQL) and " +
		"publishes it as a Japanese website with search, Atom feeds and a JSON API.\n" +
		"Flags may stand before or after the arguments; every flag is also an environment variable JIKENBO_NAME " +
		"(\\-\\-db is JIKENBO_DB).\n.SH COMMANDS\n")
	for _, c := range commands() {
		lines := [][]string{{c.name}}
		if subs, ok := subcommands[c.name]; ok {
			lines = nil
			for _, sub := range subs {
				lines = append(lines, []string{c.name, sub})
			}
		}
		fmt.Fprintf(&b, ".SS %s\n%s\n", c.name, roffText(c.summary))
		for _, words := range lines {
			fmt.Fprintf(&b, ".PP\n.nf\n%s\n.fi\n", roffText(strings.TrimRight(commandHelp(words...), "\n")))
		}
	}
	b.WriteString(".SH ENVIRONMENT\n.TP\n.B JIKENBO_DB\nthe casebook, as \\-\\-db\n.TP\n.B JIKENBO_LOG\n" +
		"log level (debug, info, warn, error) and format (json, text), comma-separated\n")
	b.WriteString(".SH FILES\n.TP\n.I ./jikenbo.db\nthe casebook when neither \\-\\-db nor JIKENBO_DB names one\n")
	b.WriteString(".SH SEE ALSO\nThe README and docs/config.md in the source; go doc github.com/jikenbo/jikenbo/cmd/jikenbo.\n")
	return b.String()
}
