package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/internal/password"
)

// DeskConfig turns on the editors' side: login, the desk and the write
// API. Accounts, sessions, the login throttle and the audit log are kept
// in Store, so several server processes on one database share them.
type DeskConfig struct {
	Store  jikenbo.Store
	Editor Editor
	// Watch promotes passed-over items to drafts (watch.Watcher); without
	// it the desk lists them but cannot promote them.
	Watch Promoter
	// TrustProxy believes X-Forwarded-Proto (for Secure cookies) and the
	// last X-Forwarded-For address (for the throttle): set it only behind
	// a proxy that sets both.
	TrustProxy bool
	// SessionTTL is how long a login lasts. Default 12 hours.
	SessionTTL time.Duration
	// Login limits failed logins per account and address, per address
	// and per account (jikenbo.LoginLimits); zero fields take
	// jikenbo.DefaultLoginLimits.
	Login jikenbo.LoginLimits
	// HashSlots is how many passwords are checked at once: each check
	// takes argon2id's 64 MiB and a core for about 150 ms, so a burst of
	// logins beyond it is answered 503 at once rather than queued.
	// Default: the cores (GOMAXPROCS), at most 4.
	HashSlots int
	// DummyParams are the parameters of the hash checked when a login
	// names no account, so that an unknown name takes as long as a wrong
	// password and names cannot be told apart by timing: those of the
	// accounts' hashes. Default password.Default.
	DummyParams password.Params
	dummyHash   func() string
}

const sessionCookie = "jikenbo_session"

func (c *DeskConfig) defaults() {
	if c.SessionTTL == 0 {
		c.SessionTTL = 12 * time.Hour
	}
	def := jikenbo.DefaultLoginLimits
	for _, t := range []struct{ got, def *jikenbo.Throttle }{
		{&c.Login.Pair, &def.Pair}, {&c.Login.Account, &def.Account}, {&c.Login.Address, &def.Address}} {
		if t.got.Max == 0 {
			*t.got = *t.def
		}
	}
	if c.DummyParams == (password.Params{}) {
		c.DummyParams = password.Default
	}
	p := c.DummyParams
	c.dummyHash = sync.OnceValue(func() string {
		h, _ := password.Hash("not a password of anyone", p)
		return h
	})
	if c.HashSlots <= 0 {
		c.HashSlots = min(runtime.GOMAXPROCS(0), 4)
	}
}

type userKey struct{}

// authUser returns the editor a request acts as: by a Bearer token, or
// else by the session cookie. nil when neither is valid or the account is
// disabled.
func (s *Server) authUser(r *http.Request) (*jikenbo.User, error) {
	if u, ok := r.Context().Value(userKey{}).(*jikenbo.User); ok {
		return u, nil
	}
	ctx := r.Context()
	st := s.desk.Store
	var uid int64
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || tok == "" {
			return nil, nil
		}
		t, err := st.FindTokenByHash(ctx, jikenbo.HashSecret(strings.TrimPrefix(strings.TrimSpace(tok), "jkb_")))
		if jikenbo.ErrorCode(err) == jikenbo.ENOTFOUND {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		uid = t.UserID
	} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		sess, err := st.FindSessionByHash(ctx, jikenbo.HashSecret(c.Value))
		if jikenbo.ErrorCode(err) == jikenbo.ENOTFOUND {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		uid = sess.UserID
	} else {
		return nil, nil
	}
	u, err := st.FindUserByID(ctx, uid)
	if jikenbo.ErrorCode(err) == jikenbo.ENOTFOUND || (err == nil && u.Disabled) {
		return nil, nil
	}
	return u, err
}

// userHandler is a handler for editors only.
type userHandler func(w http.ResponseWriter, r *http.Request, u *jikenbo.User) error

// editorPage guards a desk page or form: without a session, a GET goes
// to the login page and a POST is refused (303 to /login, nothing done).
func (s *Server) editorPage(h userHandler) http.HandlerFunc {
	return s.html(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		u, err := s.authUser(r)
		if err != nil {
			return err
		}
		if u == nil {
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/desk"
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return nil
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)), u)
	})
}

// editorAPI guards a write API route: 401 without a valid token or
// session.
func (s *Server) editorAPI(h userHandler) http.HandlerFunc {
	return s.api(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		u, err := s.authUser(r)
		if err != nil {
			return err
		}
		if u == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="jikenbo"`)
			return jikenbo.Errorf(jikenbo.EUNAUTHORIZED, "編集者のトークン(Authorization: Bearer …)またはログインが必要です")
		}
		return h(w, r, u)
	})
}

// clientAddr is the address the throttle counts by.
func (s *Server) clientAddr(r *http.Request) string {
	if s.desk.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// secure reports whether the request came over TLS, directly or through
// a trusted proxy.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || (s.desk.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

type loginPage struct {
	page
	Name, Next, Message string
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	p := &loginPage{Next: safeNext(r.URL.Query().Get("next"))}
	p.page = page{Title: "編集者ログイン", NoIndex: true}
	return s.render(w, r, http.StatusOK, "login", p)
}

// safeNext keeps a post-login redirect on this site: a path that starts
// with one slash, without backslashes or control characters anywhere
// (browsers drop tabs and newlines and read \ as /, so "/\t/evil" and
// "/\\evil" would leave the site), and that parses to no scheme or host.
func safeNext(next string) string {
	bad := !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || unicode.IsControl(r) }) ||
		!utf8.ValidString(next)
	if !bad {
		u, err := url.Parse(next)
		bad = err != nil || u.Scheme != "" || u.Host != "" || u.User != nil
	}
	if bad {
		return "/desk"
	}
	return next
}

// throttled sets Retry-After and returns the 429 message, which says
// when the lock lifts.
func throttled(w http.ResponseWriter, until time.Time, now time.Time) string {
	wait := until.Sub(now)
	mins := int(wait.Minutes() + 0.999)
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+0.999)))
	return fmt.Sprintf("ログインの失敗が続いたため、ログインを一時的に停止しています。約%d分後(%s)に自動で解除されます。", max(mins, 1),
		until.In(jst).Format("15:04"))
}

// checkPassword checks pw against the account's hash, or against a dummy
// hash when there is no account.
func (s *Server) checkPassword(u *jikenbo.User, pw string) bool {
	hash := s.desk.dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	s.passwordChecks.Add(1)
	ok, err := password.Verify(hash, pw)
	// argon2id just allocated 64 MiB that is garbage now. Logins are
	// rare and each costs ~150 ms of hashing, so a collection here is
	// cheap; without it a burst leaves several such blocks waiting for
	// the next GC cycle and the peak RSS depends on when that comes
	// (230-360 MB under 200 wrong logins instead of about 200).
	runtime.GC()
	if err != nil && u != nil {
		s.log.Error("login: stored hash unreadable", "user", u.Name, "err", err)
	}
	return ok && err == nil && u != nil && !u.Disabled
}

// handleLogin checks a login. The hash slots bound the memory and CPU
// that logins take, and the throttle counts an attempt before its
// password is checked (jikenbo.AdmitLogin), so that a burst of
// concurrent guesses gets no more checks than the same guesses one by
// one.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	ctx := r.Context()
	st := s.desk.Store
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return jikenbo.Errorf(jikenbo.EINVALID, "フォームを読み取れません")
	}
	name, pw := strings.TrimSpace(r.PostForm.Get("name")), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	addr := s.clientAddr(r)
	keys := jikenbo.NewLoginKeys(name, addr)
	now := s.now()
	select {
	case s.hashSlots <- struct{}{}:
	default:
		return s.loginBusy(w, r, name, next)
	}
	ok, adm, u, err := func() (bool, jikenbo.LoginAdmission, *jikenbo.User, error) {
		defer func() { <-s.hashSlots }()
		adm, err := st.BeginLogin(ctx, keys, s.desk.Login)
		if err != nil || !adm.Refused.IsZero() {
			return false, adm, nil, err
		}
		u, err := st.FindUserByName(ctx, name)
		if err != nil && jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
			return false, adm, nil, err
		}
		return s.checkPassword(u, pw), adm, u, nil
	}()
	if err != nil {
		return err
	}
	if !adm.Refused.IsZero() {
		return s.loginFailed(w, r, http.StatusTooManyRequests, name, next, throttled(w, adm.Refused, now))
	}
	if !ok {
		// The name is not logged: people type passwords into it.
		s.log.Warn("login failed", "addr", addr)
		if !adm.Locks.IsZero() {
			return s.loginFailed(w, r, http.StatusTooManyRequests, name, next, throttled(w, adm.Locks, now))
		}
		return s.loginFailed(w, r, http.StatusUnauthorized, name, next, "名前またはパスワードが正しくありません。")
	}
	if err := st.LoginSucceeded(ctx, keys); err != nil {
		return err
	}
	secret := jikenbo.NewSecret()
	sess := &jikenbo.Session{Hash: jikenbo.HashSecret(secret), UserID: u.ID, ExpiresAt: now.Add(s.desk.SessionTTL)}
	err = st.InTx(ctx, func(tx jikenbo.Store) error {
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		return tx.AddAuditEntry(ctx, &jikenbo.AuditEntry{Actor: u.Name, Action: jikenbo.AuditSessionLogin,
			Before: jikenbo.AuditJSON(nil), After: jikenbo.AuditJSON(map[string]string{"addr": addr})})
	})
	if err != nil {
		return err
	}
	// A new secret at every login: a cookie planted before login is
	// worth nothing after it.
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", Expires: sess.ExpiresAt,
		MaxAge: int(s.desk.SessionTTL.Seconds()), HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// loginBusy answers a login while every hash slot is taken: 503 at once,
// nothing counted against the account.
func (s *Server) loginBusy(w http.ResponseWriter, r *http.Request, name, next string) error {
	w.Header().Set("Retry-After", "1")
	return s.loginFailed(w, r, http.StatusServiceUnavailable, name, next,
		"ログインの処理が混み合っています。数秒後にもう一度お試しください。")
}

func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, status int, name, next, msg string) error {
	p := &loginPage{Name: name, Next: next, Message: msg}
	p.page = page{Title: "編集者ログイン", NoIndex: true}
	return s.render(w, r, status, "login", p)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		u, _ := s.authUser(r)
		err := s.desk.Store.InTx(r.Context(), func(tx jikenbo.Store) error {
			if err := tx.DeleteSession(r.Context(), jikenbo.HashSecret(c.Value)); err != nil {
				return err
			}
			if u == nil {
				return nil
			}
			return tx.AddAuditEntry(r.Context(), &jikenbo.AuditEntry{Actor: u.Name, Action: jikenbo.AuditSessionLogout,
				Before: jikenbo.AuditJSON(nil), After: jikenbo.AuditJSON(nil)})
		})
		if err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
