package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"github.com/reelkit/reel/server/internal/httpx"
)

// fetcher downloads user-supplied URLs: http(s) only, with a time cap, a
// size cap, and (unless allowPrivate) a refusal to connect to loopback,
// private, link-local, multicast or unspecified addresses. The address
// check runs at dial time on the resolved IP, so DNS rebinding and
// redirects cannot reach an internal address.
type fetcher struct {
	client *http.Client
}

var errForbiddenAddr = errors.New("destination address not allowed")

func newFetcher(allowPrivate bool, timeout time.Duration) *fetcher {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if !allowPrivate {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", errForbiddenAddr, address)
			}
			if !publicAddr(ap.Addr()) {
				return fmt.Errorf("%w: %s", errForbiddenAddr, ap.Addr())
			}
			return nil
		}
	}
	tr := &http.Transport{
		Proxy:                 nil, // never via a proxy: the check must see the real peer
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
	}
	return &fetcher{client: &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return errors.New("redirect to a non-http(s) URL")
			}
			return nil
		},
	}}
}

// publicAddr reports whether a is a routable unicast address.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsMulticast() || a.IsUnspecified() || a.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range blockedPrefixes {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// blockedPrefixes are special-purpose ranges netip has no predicate for.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"), // NAT64 can reach IPv4 private space
}

// get downloads at most limit bytes of raw into a temporary file in dir.
func (f *fetcher) get(ctx context.Context, raw string, limit int64, dir string) (*spooled, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, httpx.Errorf(http.StatusBadRequest, "url must be an absolute http or https URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, httpx.Errorf(http.StatusBadRequest, "bad url")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		if errors.Is(err, errForbiddenAddr) {
			return nil, &httpx.Error{Status: http.StatusBadRequest, Message: "url points at a private or local address", Err: err}
		}
		return nil, &httpx.Error{Status: http.StatusBadRequest, Message: "could not fetch url", Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, httpx.Errorf(http.StatusBadRequest, fmt.Sprintf("fetching url: HTTP %d", resp.StatusCode))
	}
	if resp.ContentLength > limit {
		return nil, httpx.Errorf(http.StatusRequestEntityTooLarge, "remote file too large")
	}
	sp, err := spool(ctx, dir, resp.Body, limit)
	if err != nil {
		var ae *httpx.Error
		if errors.As(err, &ae) {
			if ae.Status == http.StatusRequestEntityTooLarge {
				return nil, httpx.Errorf(http.StatusRequestEntityTooLarge, "remote file too large")
			}
			return nil, httpx.Errorf(ae.Status, "fetched url: "+ae.Message)
		}
		return nil, &httpx.Error{Status: http.StatusBadRequest, Message: "could not fetch url", Err: err}
	}
	return sp, nil
}
