package jikenbo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"time"
)

// UserRole is what an account may do. Both roles edit the casebook; an
// admin also manages accounts (from the command line).
type UserRole string

// User roles.
const (
	RoleAdmin  UserRole = "admin"
	RoleEditor UserRole = "editor"
)

// Valid reports whether r is one of the roles.
func (r UserRole) Valid() bool { return r == RoleAdmin || r == RoleEditor }

// User is an editor's account.
type User struct {
	ID   int64
	Name string
	Role UserRole
	// PasswordHash is the argon2id hash in PHC form
	// ($argon2id$v=19$m=65536,t=1,p=2$salt$hash); never the password.
	PasswordHash string
	// Disabled accounts cannot log in, and their sessions and tokens stop
	// working at once.
	Disabled  bool
	CreatedAt time.Time
}

var userNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// Validate checks what every stored account must have.
func (u *User) Validate() error {
	switch {
	case !userNamePattern.MatchString(u.Name):
		return Errorf(EINVALID, "user name %q: want 1-64 of a-z 0-9 . _ -, starting with a letter or digit", u.Name)
	case !u.Role.Valid():
		return Errorf(EINVALID, "user %s: role must be admin or editor, not %q", u.Name, u.Role)
	case u.PasswordHash == "":
		return Errorf(EINVALID, "user %s: password hash required", u.Name)
	}
	return nil
}

// UserUpdate changes an account; nil fields are left unchanged.
type UserUpdate struct {
	PasswordHash *string
	Role         *UserRole
	Disabled     *bool
}

// Token is an API token. Only its hash is stored: the token itself is
// shown once, when it is made.
type Token struct {
	ID       int64
	UserID   int64
	UserName string
	// Hash is HashSecret of the token.
	Hash      string
	CreatedAt time.Time
	// RevokedAt is zero while the token is valid.
	RevokedAt time.Time
}

// Session is a logged-in browser. The cookie holds a random secret; the
// store keeps its hash, so a copy of the database opens no session.
type Session struct {
	Hash      string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Throttle limits failed logins for one key (an account or an address):
// after Max failures within Window the key is locked for Lock, counted
// from the failure that reached the limit. The lock lifts by itself.
type Throttle struct {
	Max    int
	Window time.Duration
	Lock   time.Duration
}

// UserStore keeps accounts, API tokens, sessions and the login throttle,
// all in the casebook database so that several server processes share
// them.
type UserStore interface {
	// FindUserByID returns the account or ENOTFOUND.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUserByName returns the account or ENOTFOUND.
	FindUserByName(ctx context.Context, name string) (*User, error)
	// FindUsers returns every account by name.
	FindUsers(ctx context.Context) ([]*User, error)
	// CreateUser stores u and sets its ID and CreatedAt. ECONFLICT when
	// the name is taken, EINVALID when u is invalid.
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser changes an account and returns it, or ENOTFOUND.
	// Disabling an account or changing its password ends its sessions.
	UpdateUser(ctx context.Context, id int64, upd UserUpdate) (*User, error)

	// CreateToken stores t (its Hash and UserID set) and sets its ID and
	// CreatedAt. ENOTFOUND when the user does not exist.
	CreateToken(ctx context.Context, t *Token) error
	// FindTokens returns the tokens of a user (every user's with 0), in
	// ID order, revoked ones included.
	FindTokens(ctx context.Context, userID int64) ([]*Token, error)
	// FindTokenByHash returns the valid token with that hash, or
	// ENOTFOUND (also when it was revoked).
	FindTokenByHash(ctx context.Context, hash string) (*Token, error)
	// RevokeToken revokes a token; revoking it again is a no-op.
	// ENOTFOUND when it does not exist.
	RevokeToken(ctx context.Context, id int64) error

	// CreateSession stores a session and removes expired ones.
	// ENOTFOUND when the user does not exist.
	CreateSession(ctx context.Context, s *Session) error
	// FindSessionByHash returns the session, or ENOTFOUND when there is
	// none or it has expired.
	FindSessionByHash(ctx context.Context, hash string) (*Session, error)
	// DeleteSession ends a session; ending a missing one is a no-op.
	DeleteSession(ctx context.Context, hash string) error

	// LoginLockedUntil returns when the lock on key lifts, or the zero
	// time when key is not locked.
	LoginLockedUntil(ctx context.Context, key string) (time.Time, error)
	// RecordLoginFailure counts a failed login for key under t and returns
	// when the lock lifts if this failure locked it (zero otherwise).
	RecordLoginFailure(ctx context.Context, key string, t Throttle) (time.Time, error)
	// ClearLoginFailures forgets the failures of key (after a login).
	ClearLoginFailures(ctx context.Context, key string) error
}

// NewSecret returns a new random secret for a token or session cookie:
// 32 bytes from crypto/rand, URL-safe base64 without padding.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret returns the hex SHA-256 of a token or session secret. A fast
// hash is right here, unlike for passwords: the secret has 256 random
// bits, so there is nothing to guess, and lookups go by the hash.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
