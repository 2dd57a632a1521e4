package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/jikenbo/jikenbo"
)

// Defaults of FetchOptions.
const (
	DefaultFetchTimeout = time.Minute
	DefaultMaxRedirects = 5
	DefaultMaxFetchSize = MaxPDFSize
)

// FetchOptions configures Fetch. The zero value uses the defaults.
type FetchOptions struct {
	// Timeout bounds the whole request, body included.
	Timeout time.Duration
	// MaxBytes is the largest body accepted.
	MaxBytes int64
	// MaxRedirects is how many redirects are followed.
	MaxRedirects int
	// UserAgent is sent with every request; "" sends UserAgent().
	UserAgent string
	// RefusePrivate refuses to connect to loopback, private, link-local,
	// shared (100.64/10), multicast and unspecified addresses, checked on
	// the address actually dialled (after DNS, and on every redirect), so
	// that a server that lets others submit URLs cannot be made to reach
	// its own network. Proxies from the environment are not used then,
	// because the proxy, not the target, would be checked.
	RefusePrivate bool
	// Header is added to the request (If-None-Match, If-Modified-Since
	// for a conditional GET).
	Header http.Header
	// AnyStatus returns every answer with its status instead of failing
	// on one other than 2xx (a 304, robots.txt's 404).
	AnyStatus bool
}

// Fetched is a fetched resource.
type Fetched struct {
	// URL is the final URL after redirects: the release's source.
	URL         string
	ContentType string
	Body        []byte
	// Status and Header are the answer's (AnyStatus shows other than 2xx).
	Status int
	Header http.Header
}

// UserAgent is "jikenbo/<version> (+https://github.com/jikenbo/jikenbo)",
// so that publishers see who fetched their release and where to ask. The
// version is the module version the binary was built from.
func UserAgent() string {
	v := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	return "jikenbo/" + v + " (+https://github.com/jikenbo/jikenbo)"
}

// Fetch gets an http or https URL: a release page or PDF. It fails, naming
// the URL, on a status other than 2xx, a body over the size limit, too many
// redirects, a timeout, or a refused address.
func Fetch(ctx context.Context, rawURL string, o FetchOptions) (*Fetched, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: not an http or https URL", rawURL)
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultFetchTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxFetchSize
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent()
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()

	client := o.client()
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: %v", rawURL, err)
	}
	req.Header.Set("User-Agent", o.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8")
	req.Header.Set("Accept-Language", "ja,en;q=0.5")
	for k, vs := range o.Header {
		req.Header[k] = vs
	}
	resp, err := client.Do(req)
	if err != nil {
		var refused *refusedAddrError
		switch {
		case errors.As(err, &refused):
			return nil, jikenbo.Errorf(jikenbo.EFORBIDDEN, "%s: refused: %s", rawURL, refused.Error())
		case errors.Is(err, errTooManyRedirects):
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: more than %d redirects", rawURL, o.MaxRedirects)
		case errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded:
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: no answer within %s", rawURL, o.Timeout)
		}
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: %v", rawURL, unwrapURLError(err))
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()
	if (resp.StatusCode < 200 || resp.StatusCode > 299) && !o.AnyStatus {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: the server answered %s", final, resp.Status)
	}
	if resp.ContentLength > o.MaxBytes {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: %d MB is more than the %d MB limit", final, resp.ContentLength>>20, o.MaxBytes>>20)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, o.MaxBytes+1))
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: the body did not arrive within %s", final, o.Timeout)
		}
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: reading the body: %v", final, err)
	}
	if int64(len(body)) > o.MaxBytes {
		return nil, jikenbo.Errorf(jikenbo.EINVALID, "%s: the body is more than the %d MB limit", final, o.MaxBytes>>20)
	}
	return &Fetched{URL: final, ContentType: resp.Header.Get("Content-Type"), Body: body, Status: resp.StatusCode, Header: resp.Header}, nil
}

var errTooManyRedirects = errors.New("too many redirects")

// client builds the HTTP client for one fetch.
func (o FetchOptions) client() *http.Client {
	dialer := &net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}
	proxy := http.ProxyFromEnvironment
	if o.RefusePrivate {
		// Control runs after name resolution with the address about to be
		// dialled, so DNS names pointing inside cannot slip through.
		dialer.Control = refusePrivate
		proxy = nil
	}
	tr := &http.Transport{
		Proxy:                 proxy,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > o.MaxRedirects {
				return errTooManyRedirects
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s, not http or https", req.URL)
			}
			return nil
		},
	}
}

// refusedAddrError is a dial refused by RefusePrivate.
type refusedAddrError struct{ addr netip.Addr }

func (e *refusedAddrError) Error() string {
	return fmt.Sprintf("%s is a loopback, private or link-local address", e.addr)
}

func refusePrivate(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("dialing %q: not an IP address", address)
	}
	if !publicAddr(addr) {
		return &refusedAddrError{addr}
	}
	return nil
}

// sharedSpace is carrier-grade NAT space (RFC 6598), internal to a
// provider's network.
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// IPv6 forms that carry an IPv4 address, which a gateway may turn into
// a connection to that address: NAT64 (RFC 6052) and its local-use
// prefix (RFC 8215), 6to4 (RFC 3056), Teredo (RFC 4380), IPv4-compatible
// (::a.b.c.d, RFC 4291) and IPv4-translated (::ffff:0:a.b.c.d, RFC 2765).
var (
	nat64      = netip.MustParsePrefix("64:ff9b::/96")
	nat64Local = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFour  = netip.MustParsePrefix("2002::/16")
	teredo     = netip.MustParsePrefix("2001::/32")
	v4Compat   = netip.MustParsePrefix("::/96")
	v4Trans    = netip.MustParsePrefix("::ffff:0:0:0/96")
)

// embeddedIPv4 returns the IPv4 addresses an IPv6 address carries, and
// whether it is of a form that carries them.
func embeddedIPv4(addr netip.Addr) ([]netip.Addr, bool) {
	b := addr.As16()
	last := netip.AddrFrom4([4]byte(b[12:16]))
	switch {
	case nat64.Contains(addr), v4Compat.Contains(addr), v4Trans.Contains(addr):
		return []netip.Addr{last}, true
	case sixToFour.Contains(addr):
		return []netip.Addr{netip.AddrFrom4([4]byte(b[2:6]))}, true
	case teredo.Contains(addr):
		// The server's address, and the client's with every bit flipped.
		return []netip.Addr{netip.AddrFrom4([4]byte(b[4:8])),
			netip.AddrFrom4([4]byte{^b[12], ^b[13], ^b[14], ^b[15]})}, true
	}
	return nil, false
}

// publicAddr reports whether addr is an address on the public internet,
// and so is every IPv4 address it carries.
func publicAddr(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || !addr.IsGlobalUnicast() || addr.IsPrivate() || sharedSpace.Contains(addr) ||
		(addr.Is4() && addr.As4()[0] == 0) {
		return false
	}
	if addr.Is6() {
		if nat64Local.Contains(addr) {
			return false // the IPv4 address may sit anywhere in it
		}
		if v4s, ok := embeddedIPv4(addr); ok {
			for _, v4 := range v4s {
				if !publicAddr(v4) {
					return false
				}
			}
		}
	}
	return true
}

// unwrapURLError drops net/http's "Get "url": " prefix, since the URL is
// already in the message.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
