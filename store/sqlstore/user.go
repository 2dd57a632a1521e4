package sqlstore

import (
	"context"
	"fmt"

	"github.com/jikenbo/jikenbo"
)

const userColumns = `id, name, role, password_hash, disabled, created_at`

func scanUser(sc interface{ Scan(...any) error }) (*jikenbo.User, error) {
	var u jikenbo.User
	var created string
	if err := sc.Scan(&u.ID, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled, &created); err != nil {
		return nil, err
	}
	u.CreatedAt = parseTime(created)
	return &u, nil
}

// FindUserByID returns the account or ENOTFOUND.
func (s *Store) FindUserByID(ctx context.Context, id int64) (*jikenbo.User, error) {
	return s.findUser(ctx, `id = ?`, id)
}

// FindUserByName returns the account or ENOTFOUND.
func (s *Store) FindUserByName(ctx context.Context, name string) (*jikenbo.User, error) {
	return s.findUser(ctx, `name = ?`, name)
}

func (s *Store) findUser(ctx context.Context, where string, arg any) (*jikenbo.User, error) {
	var u *jikenbo.User
	err := s.read(ctx, func(q querier) error {
		var err error
		u, err = scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
		if isNoRows(err) {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "user %v not found", arg)
		}
		return err
	})
	return u, err
}

// FindUsers returns every account by name.
func (s *Store) FindUsers(ctx context.Context) ([]*jikenbo.User, error) {
	var out []*jikenbo.User
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}

// CreateUser stores a new account.
func (s *Store) CreateUser(ctx context.Context, u *jikenbo.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *Store) error {
		u.CreatedAt = tx.db.now()
		return tx.tx.QueryRowContext(ctx, `INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			u.Name, u.Role, u.PasswordHash, u.Disabled, fmtTime(u.CreatedAt)).Scan(&u.ID)
	})
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Name, err)
	}
	return nil
}

// UpdateUser changes an account; a new password or disabling ends its
// sessions and revokes its API tokens.
func (s *Store) UpdateUser(ctx context.Context, id int64, upd jikenbo.UserUpdate) (*jikenbo.User, error) {
	var out *jikenbo.User
	err := s.write(ctx, func(tx *Store) error {
		u, err := tx.FindUserByID(ctx, id)
		if err != nil {
			return err
		}
		endSessions := false
		if upd.PasswordHash != nil {
			u.PasswordHash, endSessions = *upd.PasswordHash, true
		}
		if upd.Role != nil {
			u.Role = *upd.Role
		}
		if upd.Disabled != nil {
			u.Disabled = *upd.Disabled
			endSessions = endSessions || u.Disabled
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE users SET role = ?, password_hash = ?, disabled = ? WHERE id = ?`,
			u.Role, u.PasswordHash, u.Disabled, id); err != nil {
			return err
		}
		if endSessions {
			if _, err := tx.tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
			if _, err := tx.tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`,
				fmtTime(tx.db.now()), id); err != nil {
				return err
			}
		}
		out = u
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update user %d: %w", id, err)
	}
	return out, nil
}

const tokenColumns = `t.id, t.user_id, u.name, t.hash, t.created_at, COALESCE(t.revoked_at, '')`

func scanToken(sc interface{ Scan(...any) error }) (*jikenbo.Token, error) {
	var t jikenbo.Token
	var created, revoked string
	if err := sc.Scan(&t.ID, &t.UserID, &t.UserName, &t.Hash, &created, &revoked); err != nil {
		return nil, err
	}
	t.CreatedAt = parseTime(created)
	if revoked != "" {
		t.RevokedAt = parseTime(revoked)
	}
	return &t, nil
}

// CreateToken stores a token's hash.
func (s *Store) CreateToken(ctx context.Context, t *jikenbo.Token) error {
	if len(t.Hash) != 64 {
		return jikenbo.Errorf(jikenbo.EINVALID, "token: hash required")
	}
	err := s.write(ctx, func(tx *Store) error {
		u, err := tx.FindUserByID(ctx, t.UserID)
		if err != nil {
			return err
		}
		t.UserName, t.CreatedAt = u.Name, tx.db.now()
		return tx.tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, hash, created_at) VALUES (?, ?, ?) RETURNING id`,
			t.UserID, t.Hash, fmtTime(t.CreatedAt)).Scan(&t.ID)
	})
	if err != nil {
		return fmt.Errorf("create token for user %d: %w", t.UserID, err)
	}
	return nil
}

// FindTokens returns a user's tokens (everyone's with 0).
func (s *Store) FindTokens(ctx context.Context, userID int64) ([]*jikenbo.Token, error) {
	var out []*jikenbo.Token
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE CAST(? AS BIGINT) = 0 OR t.user_id = ? ORDER BY t.id`, userID, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToken(rows)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// FindTokenByHash returns a valid token.
func (s *Store) FindTokenByHash(ctx context.Context, hash string) (*jikenbo.Token, error) {
	var t *jikenbo.Token
	err := s.read(ctx, func(q querier) error {
		var err error
		t, err = scanToken(q.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.hash = ? AND t.revoked_at IS NULL`, hash))
		if isNoRows(err) {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "token not found")
		}
		return err
	})
	return t, err
}

// RevokeToken revokes a token.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *Store) error {
		res, err := tx.tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`, fmtTime(tx.db.now()), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "token %d not found", id)
		}
		return nil
	})
}

// CreateSession stores a session and sweeps expired ones.
func (s *Store) CreateSession(ctx context.Context, sess *jikenbo.Session) error {
	if len(sess.Hash) != 64 || sess.ExpiresAt.IsZero() {
		return jikenbo.Errorf(jikenbo.EINVALID, "session: hash and expiry required")
	}
	return s.write(ctx, func(tx *Store) error {
		now := tx.db.now()
		sess.CreatedAt = now
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, fmtTime(now)); err != nil {
			return err
		}
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			sess.Hash, sess.UserID, fmtTime(now), fmtTime(sess.ExpiresAt))
		return err
	})
}

// FindSessionByHash returns an unexpired session.
func (s *Store) FindSessionByHash(ctx context.Context, hash string) (*jikenbo.Session, error) {
	var out jikenbo.Session
	err := s.read(ctx, func(q querier) error {
		var created, expires string
		err := q.QueryRowContext(ctx, `SELECT hash, user_id, created_at, expires_at FROM sessions WHERE hash = ? AND expires_at > ?`,
			hash, fmtTime(s.db.now())).Scan(&out.Hash, &out.UserID, &created, &expires)
		if isNoRows(err) {
			return jikenbo.Errorf(jikenbo.ENOTFOUND, "session not found")
		}
		out.CreatedAt, out.ExpiresAt = parseTime(created), parseTime(expires)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.write(ctx, func(tx *Store) error {
		_, err := tx.tx.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, hash)
		return err
	})
}

// BeginLogin counts a login attempt: the three keys are read and
// written in the write transaction, so concurrent attempts from several
// processes are each counted before any password is checked.
func (s *Store) BeginLogin(ctx context.Context, k jikenbo.LoginKeys, l jikenbo.LoginLimits) (jikenbo.LoginAdmission, error) {
	var adm jikenbo.LoginAdmission
	keys := [3]string{k.Pair, k.Account, k.Address}
	err := s.write(ctx, func(tx *Store) error {
		now := tx.db.now()
		var st [3]jikenbo.ThrottleState
		for i, key := range keys {
			var start, until string
			err := tx.tx.QueryRowContext(ctx, `SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?`, key).
				Scan(&st[i].Failures, &start, &until)
			switch {
			case isNoRows(err):
				continue
			case err != nil:
				return err
			}
			st[i].WindowStart = parseTime(start)
			if until != "" {
				st[i].LockedUntil = parseTime(until)
			}
		}
		var next [3]jikenbo.ThrottleState
		next, adm = jikenbo.AdmitLogin(st, l, now)
		if !adm.Refused.IsZero() {
			return nil
		}
		for i, key := range keys {
			until := ""
			if !next[i].LockedUntil.IsZero() {
				until = fmtTime(next[i].LockedUntil)
			}
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
				key, next[i].Failures, fmtTime(next[i].WindowStart), until); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return jikenbo.LoginAdmission{}, fmt.Errorf("login throttle: %w", err)
	}
	return adm, nil
}

// LoginSucceeded forgets the pair's and the account's failures and takes
// the attempt back from the address.
func (s *Store) LoginSucceeded(ctx context.Context, k jikenbo.LoginKeys) error {
	return s.write(ctx, func(tx *Store) error {
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM login_throttle WHERE key IN (?, ?)`, k.Pair, k.Account); err != nil {
			return err
		}
		_, err := tx.tx.ExecContext(ctx, `UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0`, k.Address)
		return err
	})
}
