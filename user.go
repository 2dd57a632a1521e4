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

// UserRole is what an account is for. Both roles edit the casebook alike
// on the desk and in the write API; accounts and tokens are managed only
// from the command line, by whoever can open the casebook, so the role
// is recorded but grants nothing more (README, "Editors").
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

// Throttle limits failed logins for one key (an account, an address or
// both): after Max attempts within Window that did not succeed, the key is
// locked for Lock, counted from the attempt that reached the limit. The
// lock lifts by itself.
type Throttle struct {
	Max    int
	Window time.Duration
	Lock   time.Duration
}

// ThrottleState is what the store keeps of one throttle key.
type ThrottleState struct {
	Failures    int
	WindowStart time.Time
	LockedUntil time.Time
}

// Locked reports whether the key is locked at now.
func (s ThrottleState) Locked(now time.Time) bool { return s.LockedUntil.After(now) }

// Count returns the state after one more attempt under t at now. A new
// window begins when the old one is over and no lock holds; the attempt
// that reaches Max locks the key, and counting starts again after the
// lock, so the next lock needs Max new attempts.
func (s ThrottleState) Count(t Throttle, now time.Time) ThrottleState {
	if s.WindowStart.IsZero() || (now.Sub(s.WindowStart) > t.Window && !s.Locked(now)) {
		s = ThrottleState{WindowStart: now}
	}
	s.Failures++
	if s.Failures >= t.Max && !s.Locked(now) {
		s.LockedUntil = now.Add(t.Lock)
		s.Failures, s.WindowStart = 0, s.LockedUntil
	}
	return s
}

// LoginKeys are the throttle keys of one login attempt.
type LoginKeys struct {
	// Pair is the account name and the client address together, Account
	// the account name alone, Address the client address alone.
	Pair, Account, Address string
}

// NewLoginKeys returns the keys of a login as name from addr.
func NewLoginKeys(name, addr string) LoginKeys {
	return LoginKeys{Pair: "pair:" + addr + " " + name, Account: "user:" + name, Address: "addr:" + addr}
}

// LoginLimits are the throttles of a login. Pair locks an account for one
// address, Address locks an address for every account. Account counts
// every address's attempts on an account but only slows down the
// addresses that have been failing: a correct password from an address
// without failures in its window always gets its check, so nobody can
// lock an editor out from elsewhere by guessing wrong on purpose. The
// price is that each fresh address gets one guess past the account's
// limit (and its own Pair and Address limits after that).
type LoginLimits struct {
	Pair, Account, Address Throttle
}

// DefaultLoginLimits: 5 failures per account and address and 20 per
// address in 15 minutes lock for 15 minutes; 5 on one account from
// addresses that have been failing hold those back for a minute.
var DefaultLoginLimits = LoginLimits{
	Pair:    Throttle{Max: 5, Window: 15 * time.Minute, Lock: 15 * time.Minute},
	Account: Throttle{Max: 5, Window: 15 * time.Minute, Lock: time.Minute},
	Address: Throttle{Max: 20, Window: 15 * time.Minute, Lock: 15 * time.Minute},
}

// LoginAdmission is the throttle's answer to a login attempt.
type LoginAdmission struct {
	// Refused is when the lock that refuses the attempt lifts; zero when
	// the attempt may go ahead (it has then been counted).
	Refused time.Time
	// Locks is when the lock this attempt set lifts, should its password
	// be wrong; zero when it set none.
	Locks time.Time
}

// AdmitLogin decides a login attempt from the states of its keys (pair,
// account, address, in the order of LoginKeys) and returns their states
// with the attempt counted. Attempts are counted before the password is
// checked, so concurrent guesses are held to the limits exactly as a
// sequence is; a successful login takes its count back
// (UserStore.LoginSucceeded).
func AdmitLogin(st [3]ThrottleState, l LoginLimits, now time.Time) ([3]ThrottleState, LoginAdmission) {
	var adm LoginAdmission
	refuse := func(s ThrottleState) {
		if s.Locked(now) && s.LockedUntil.After(adm.Refused) {
			adm.Refused = s.LockedUntil
		}
	}
	refuse(st[0])
	refuse(st[2])
	if failing := st[2].Failures > 0 || st[2].Locked(now); failing {
		refuse(st[1])
	}
	if !adm.Refused.IsZero() {
		return st, adm
	}
	for i, t := range []Throttle{l.Pair, l.Account, l.Address} {
		was := st[i].Locked(now)
		st[i] = st[i].Count(t, now)
		if !was && st[i].Locked(now) && st[i].LockedUntil.After(adm.Locks) {
			adm.Locks = st[i].LockedUntil
		}
	}
	return st, adm
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
	// Disabling an account or changing its password ends its sessions
	// and revokes its API tokens (enabling it again revives neither).
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

	// BeginLogin counts a login attempt against its keys before the
	// password is checked, reading and writing the three keys in one
	// write transaction (AdmitLogin decides), so that concurrent attempts
	// in any number of processes are counted one by one.
	BeginLogin(ctx context.Context, k LoginKeys, l LoginLimits) (LoginAdmission, error)
	// LoginSucceeded forgets the failures and locks of k.Pair and
	// k.Account and takes the attempt back from k.Address.
	LoginSucceeded(ctx context.Context, k LoginKeys) error
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
