package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/password"
)

const userUsage = `usage: jikenbo user add NAME --role admin|editor [--password-stdin] [--db FILE]
       jikenbo user passwd NAME [--password-stdin] [--db FILE]
       jikenbo user disable NAME [--db FILE]
       jikenbo user list [--json] [--db FILE]`

// cliActor is who the audit log names for changes made on the command
// line: the operator's login name ($USER, else the OS account).
func cliActor() string {
	if u := os.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli"
}

func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, userUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("user "+sub, userUsage, stderr)
	db := dbFlag(fs)
	role := fs.String("role", "editor", "role of a new account: admin or editor")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	asJSON := fs.Bool("json", false, "list: print JSON, one array of accounts")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	var name string
	switch {
	case sub == "list" && len(rest) > 0:
		return usageError(fs, "unexpected argument %q", rest[0])
	case sub != "list" && len(rest) != 1:
		return usageError(fs, "want one account NAME, got %d arguments", len(rest))
	case sub != "list":
		name = rest[0]
	}
	mode := mustExist
	if sub == "add" {
		mode = create
	}
	s, err := openStore(ctx, *db, mode)
	if err != nil {
		return fail(stderr, "user", err)
	}
	defer s.Close()
	audit := func(tx jikenbo.Store, action string, before, after any) error {
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: cliActor(), Action: action,
			Before: jikenbo.AuditJSON(before), After: jikenbo.AuditJSON(after)})
	}
	switch sub {
	case "add":
		pw, err := readPassword(stdin, stderr, *fromStdin)
		if err != nil {
			return fail(stderr, "user add", err)
		}
		h, err := password.Hash(pw, password.Default)
		if err != nil {
			return fail(stderr, "user add", jikenbo.Errorf(jikenbo.EINVALID, "%v", err))
		}
		u := &jikenbo.User{Name: name, Role: jikenbo.UserRole(*role), PasswordHash: h}
		err = s.InTx(ctx, func(tx jikenbo.Store) error {
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			return audit(tx, jikenbo.AuditUserAdd, nil, userView(u))
		})
		if err != nil {
			return fail(stderr, "user add", err)
		}
		fmt.Fprintf(stdout, "added %s (%s)\n", u.Name, u.Role)
	case "passwd":
		u, err := s.FindUserByName(ctx, name)
		if err != nil {
			return fail(stderr, "user passwd", err)
		}
		pw, err := readPassword(stdin, stderr, *fromStdin)
		if err != nil {
			return fail(stderr, "user passwd", err)
		}
		h, err := password.Hash(pw, password.Default)
		if err != nil {
			return fail(stderr, "user passwd", jikenbo.Errorf(jikenbo.EINVALID, "%v", err))
		}
		err = s.InTx(ctx, func(tx jikenbo.Store) error {
			if _, err := tx.UpdateUser(ctx, u.ID, jikenbo.UserUpdate{PasswordHash: &h}); err != nil {
				return err
			}
			return audit(tx, jikenbo.AuditUserPassword, userView(u), userView(u))
		})
		if err != nil {
			return fail(stderr, "user passwd", err)
		}
		fmt.Fprintf(stdout, "changed the password of %s; its sessions have ended\n", u.Name)
	case "disable":
		u, err := s.FindUserByName(ctx, name)
		if err != nil {
			return fail(stderr, "user disable", err)
		}
		yes := true
		err = s.InTx(ctx, func(tx jikenbo.Store) error {
			after, err := tx.UpdateUser(ctx, u.ID, jikenbo.UserUpdate{Disabled: &yes})
			if err != nil {
				return err
			}
			return audit(tx, jikenbo.AuditUserDisable, userView(u), userView(after))
		})
		if err != nil {
			return fail(stderr, "user disable", err)
		}
		fmt.Fprintf(stdout, "disabled %s; its sessions have ended and its tokens no longer work\n", u.Name)
	case "list":
		us, err := s.FindUsers(ctx)
		if err != nil {
			return fail(stderr, "user list", err)
		}
		if *asJSON {
			type account struct {
				Name     string    `json:"name"`
				Role     string    `json:"role"`
				Disabled bool      `json:"disabled"`
				Created  time.Time `json:"created"`
			}
			out := make([]account, 0, len(us))
			for _, u := range us {
				out = append(out, account{u.Name, string(u.Role), u.Disabled, u.CreatedAt.UTC()})
			}
			return printJSON(stdout, stderr, "user list", out)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tSTATE\tCREATED")
		for _, u := range us {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Role, state, u.CreatedAt.Format("2006-01-02 15:04"))
		}
		tw.Flush()
	default:
		fmt.Fprintf(stderr, "jikenbo user: unknown subcommand %q\n", sub)
		fmt.Fprintln(stderr, userUsage)
		return 2
	}
	return 0
}

// userView is what the audit log keeps of an account: never the hash.
func userView(u *jikenbo.User) map[string]any {
	return map[string]any{"name": u.Name, "role": u.Role, "disabled": u.Disabled}
}

// readPassword reads the first line of stdin with --password-stdin, or
// asks twice on the terminal without echo.
func readPassword(stdin io.Reader, stderr io.Writer, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", jikenbo.Errorf(jikenbo.EINVALID, "standard input is not a terminal: use --password-stdin")
	}
	fmt.Fprint(stderr, "password: ")
	a, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(stderr, "again: ")
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(stderr)
	if err != nil {
		return "", err
	}
	if string(a) != string(b) {
		return "", jikenbo.Errorf(jikenbo.EINVALID, "the passwords differ")
	}
	return string(a), nil
}
