package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/jikenbo/jikenbo"
)

const tokenUsage = `usage: jikenbo token add --user NAME [--db FILE]
       jikenbo token list [--user NAME] [--json] [--db FILE]
       jikenbo token revoke ID [--db FILE]`

func runToken(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, tokenUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("token "+sub, tokenUsage, stderr)
	db := dbFlag(fs)
	userName := fs.String("user", "", "the account the token acts as")
	asJSON := fs.Bool("json", false, "list: print JSON, one array of tokens")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	var id string
	switch {
	case sub == "revoke" && len(rest) != 1:
		return usageError(fs, "want one token ID")
	case sub == "revoke":
		id = rest[0]
	case len(rest) > 0:
		return usageError(fs, "unexpected argument %q", rest[0])
	case sub == "add" && *userName == "":
		return usageError(fs, "want --user NAME")
	}
	s, err := openStore(ctx, *db, mustExist)
	if err != nil {
		return fail(stderr, "token", err)
	}
	defer s.Close()
	switch sub {
	case "add":
		u, err := s.FindUserByName(ctx, *userName)
		if err != nil {
			return fail(stderr, "token add", err)
		}
		if u.Disabled {
			return fail(stderr, "token add", jikenbo.Errorf(jikenbo.EINVALID, "user %s is disabled", u.Name))
		}
		secret := jikenbo.NewSecret()
		t := &jikenbo.Token{UserID: u.ID, Hash: jikenbo.HashSecret(secret)}
		err = s.InTx(ctx, func(tx jikenbo.Store) error {
			if err := tx.CreateToken(ctx, t); err != nil {
				return err
			}
			return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: cliActor(), Action: jikenbo.AuditTokenAdd,
				Before: jikenbo.AuditJSON(nil), After: jikenbo.AuditJSON(map[string]any{"token_id": t.ID, "user": u.Name})})
		})
		if err != nil {
			return fail(stderr, "token add", err)
		}
		// The token is shown this once; the casebook keeps only its hash.
		fmt.Fprintln(stdout, "jkb_"+secret)
		fmt.Fprintf(stderr, "token %d for %s: send it as \"Authorization: Bearer jkb_…\"; it is not shown again\n", t.ID, u.Name)
	case "list":
		var uid int64
		if *userName != "" {
			u, err := s.FindUserByName(ctx, *userName)
			if err != nil {
				return fail(stderr, "token list", err)
			}
			uid = u.ID
		}
		ts, err := s.FindTokens(ctx, uid)
		if err != nil {
			return fail(stderr, "token list", err)
		}
		if *asJSON {
			type token struct {
				ID      int64      `json:"id"`
				User    string     `json:"user"`
				Created time.Time  `json:"created"`
				Revoked *time.Time `json:"revoked"`
			}
			out := make([]token, 0, len(ts))
			for _, t := range ts {
				j := token{ID: t.ID, User: t.UserName, Created: t.CreatedAt.UTC()}
				if !t.RevokedAt.IsZero() {
					r := t.RevokedAt.UTC()
					j.Revoked = &r
				}
				out = append(out, j)
			}
			return printJSON(stdout, stderr, "token list", out)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSER\tCREATED\tREVOKED")
		for _, t := range ts {
			revoked := "-"
			if !t.RevokedAt.IsZero() {
				revoked = t.RevokedAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", t.ID, t.UserName, t.CreatedAt.Format("2006-01-02 15:04"), revoked)
		}
		tw.Flush()
	case "revoke":
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return fail(stderr, "token revoke", jikenbo.Errorf(jikenbo.EINVALID, "token ID %q: want a number (jikenbo token list)", id))
		}
		err = s.InTx(ctx, func(tx jikenbo.Store) error {
			if err := tx.RevokeToken(ctx, n); err != nil {
				return err
			}
			return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: cliActor(), Action: jikenbo.AuditTokenRevoke,
				Before: jikenbo.AuditJSON(map[string]any{"token_id": n}), After: jikenbo.AuditJSON(nil)})
		})
		if err != nil {
			return fail(stderr, "token revoke", err)
		}
		fmt.Fprintf(stdout, "revoked token %d\n", n)
	default:
		fmt.Fprintf(stderr, "jikenbo token: unknown subcommand %q\n", sub)
		fmt.Fprintln(stderr, tokenUsage)
		return 2
	}
	return 0
}
