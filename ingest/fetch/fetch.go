// Package fetch is newsbridge's polite HTTP client for the ingest stage: one
// request at a time per host with a minimum delay between them, robots.txt
// respected, conditional GETs, decompression with a hard size cap, and errors
// classified as retryable (model.EUnavailable) or not (model.EInvalid).
//
// It never converts charsets: Body is the raw bytes the outlet sent (after
// content decoding), because the extractor decides the charset from the
// headers and the markup together.
package fetch

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"newsbridge/model"
)

// Defaults for the zero values of Options.
const (
	DefaultUserAgent = "newsbridge/1.0 (+https://github.com/newsbridge/newsbridge)"
	DefaultMinDelay  = time.Second
	DefaultTimeout   = 20 * time.Second
	DefaultMaxBody   = 10 << 20

	// RobotsAgent is the product token matched against robots.txt groups,
	// whatever the full User-Agent header says.
	RobotsAgent = "newsbridge"

	// MaxRedirects is the longest redirect chain followed.
	MaxRedirects = 10

	// robotsMaxBody is the part of a robots.txt that is read; RFC 9309 asks
	// crawlers to parse at least 500 KiB.
	robotsMaxBody = 500 << 10
	// robotsTTL is how long a fetched robots.txt is trusted (RFC 9309 says
	// no more than 24 hours).
	robotsTTL = 24 * time.Hour
	// robotsRetry is how long a robots.txt that could not be fetched (5xx,
	// network error) keeps the host blocked before it is asked again.
	robotsRetry = time.Minute

	// hostIdle is how long a host's state (its last request time and its
	// robots.txt) is kept after its last use; maxHosts is the number of
	// hosts above which those idle for more than maxCrawlDelay are dropped,
	// least recently used first. Together they keep the per-host map from
	// growing with every host a feed ever linked to.
	hostIdle = time.Hour
	maxHosts = 10000
)

// Options configures a Fetcher. The zero value is usable: every zero field
// takes the documented default.
type Options struct {
	// UserAgent is sent with every request; default DefaultUserAgent.
	UserAgent string
	// MinDelay is the minimum time between the end of one request to a host
	// and the start of the next one to the same host; default 1s.
	// A negative value means no delay.
	MinDelay time.Duration
	// Timeout bounds one request, body included; default 20s.
	Timeout time.Duration
	// MaxBody caps the body after decompression; default 10 MiB.
	MaxBody int64
	// RespectRobots documents the default: robots.txt is always obeyed
	// (for the product token RobotsAgent, Crawl-delay included) unless
	// IgnoreRobots is set. A bool's zero value cannot mean "default true",
	// so leaving this false does not turn robots.txt off.
	RespectRobots bool
	// IgnoreRobots turns robots.txt checking off, for outlets that gave
	// their permission and for tests.
	IgnoreRobots bool
	// Client is the HTTP client to use; its CheckRedirect and Timeout are
	// replaced. An *http.Transport (or none: http.DefaultTransport) is
	// cloned and given the guard's dialer and no proxy, since the guard
	// must see the address connected to; any other RoundTripper is used as
	// it is, unguarded. Default: a client on a clone of
	// http.DefaultTransport.
	Client *http.Client
	// Allow lists the loopback and private addresses that may be fetched
	// (see ParseAllow); every other connection must go to a public unicast
	// address. The zero value allows none.
	Allow Allow
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Request is one GET. ETag and LastModified, when set, make it conditional.
type Request struct {
	URL          string
	ETag         string
	LastModified string
}

// Response is the result of a successful GET (2xx or 304).
type Response struct {
	// URL is the final URL after redirects.
	URL        string
	StatusCode int
	// NotModified is true on a 304 answer to a conditional request; Body is
	// then empty and the caller keeps what it had.
	NotModified  bool
	ETag         string
	LastModified string
	ContentType  string
	// Body is the raw body after gzip/deflate decoding, never charset-converted.
	Body []byte
}

// Fetcher is a polite HTTP client. It is safe for concurrent use; requests
// to different hosts run in parallel, requests to one host one at a time.
type Fetcher struct {
	userAgent string
	minDelay  time.Duration
	timeout   time.Duration
	maxBody   int64
	robots    bool
	client    *http.Client
	now       func() time.Time
	// sleep waits d or until ctx is done; replaced in tests together with
	// now so the per-host delay can be checked without wall-clock timing.
	sleep func(ctx context.Context, d time.Duration) error

	// mu guards hosts and the fields of each host marked so. It is never
	// held across network I/O.
	mu       sync.Mutex
	hosts    map[string]*host
	swept    time.Time // last sweep of idle hosts
	hostIdle time.Duration
	maxHosts int
}

// host is the per-host state: a one-slot semaphore serializing requests,
// the time the last request ended, and the cached robots.txt.
type host struct {
	slot chan struct{}
	last time.Time // written while holding slot

	// Guarded by Fetcher.mu.
	refs int       // callers holding this host; it is never dropped while > 0
	used time.Time // when the last of them let go
	// robots is the cached robots.txt; robotsWait, when not nil, is closed
	// when the robots.txt fetch in flight for this host ends.
	robots     *robotsEntry
	robotsWait chan struct{}
}

// New returns a Fetcher configured by opts.
func New(opts Options) *Fetcher {
	f := &Fetcher{
		userAgent: opts.UserAgent,
		minDelay:  opts.MinDelay,
		timeout:   opts.Timeout,
		maxBody:   opts.MaxBody,
		robots:    !opts.IgnoreRobots,
		now:       opts.Now,
		sleep:     sleepCtx,
		hosts:     map[string]*host{},
		hostIdle:  hostIdle,
		maxHosts:  maxHosts,
	}
	if f.userAgent == "" {
		f.userAgent = DefaultUserAgent
	}
	if f.minDelay == 0 {
		f.minDelay = DefaultMinDelay
	}
	if f.timeout <= 0 {
		f.timeout = DefaultTimeout
	}
	if f.maxBody <= 0 {
		f.maxBody = DefaultMaxBody
	}
	if f.now == nil {
		f.now = time.Now
	}
	var c http.Client
	if opts.Client != nil {
		c = *opts.Client
	}
	g := &guard{allow: opts.Allow}
	switch t := c.Transport.(type) {
	case nil:
		c.Transport = g.transport(http.DefaultTransport.(*http.Transport))
	case *http.Transport:
		c.Transport = g.transport(t)
	}
	// The deadline is set per request through the context, so it also covers
	// reading the body.
	c.Timeout = 0
	c.CheckRedirect = f.checkRedirect
	f.client = &c
	return f
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Get fetches req.URL politely. Errors are *model.Error: EInvalid for what
// retrying will not fix (bad URL, robots.txt, 404, 410, too big, redirect
// loop), EUnavailable for what may work later (429, 5xx, timeouts,
// connection errors). A cancelled ctx returns ctx's error, wrapped.
//
// Politeness is per host (host:port): Get waits for the host's previous
// request to finish and then for the delay (MinDelay, or the robots.txt
// Crawl-delay when longer) before sending. The robots.txt fetch that
// precedes the first request to a host is not delayed, and a redirect to
// another host is checked against that host's robots.txt but not queued
// behind its other requests.
func (f *Fetcher) Get(ctx context.Context, req Request) (*Response, error) {
	u, err := parseURL(req.URL)
	if err != nil {
		return nil, err
	}
	h := f.acquire(u.Host)
	defer f.release(h)

	// One request at a time per host; waiting for the slot honours ctx.
	select {
	case h.slot <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("fetch: %s: %w", u, ctx.Err())
	}
	defer func() {
		h.last = f.now()
		<-h.slot
	}()

	delay := f.minDelay
	if f.robots {
		crawlDelay, err := f.checkRobots(ctx, u)
		if err != nil {
			return nil, err
		}
		// The site's own Crawl-delay wins when it asks for more.
		delay = max(delay, crawlDelay)
	}
	if delay > 0 && !h.last.IsZero() {
		if wait := h.last.Add(delay).Sub(f.now()); wait > 0 {
			if err := f.sleep(ctx, wait); err != nil {
				return nil, fmt.Errorf("fetch: %s: %w", u, err)
			}
		}
	}
	return f.do(ctx, u, req)
}

// acquire returns the state of the host name (host:port), created when
// new, and holds it until release.
func (f *Fetcher) acquire(name string) *host {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sweep()
	h := f.hosts[name]
	if h == nil {
		h = &host{slot: make(chan struct{}, 1)}
		f.hosts[name] = h
	}
	h.refs++
	return h
}

// release lets go of a host taken with acquire.
func (f *Fetcher) release(h *host) {
	f.mu.Lock()
	defer f.mu.Unlock()
	h.refs--
	h.used = f.now()
}

// sweep drops the hosts nobody holds that have been idle for hostIdle,
// and, while there are more than maxHosts, those idle for longer than the
// longest delay between two requests, least recently used first. It runs
// with f.mu held, at most every hostIdle/4 unless the map is over size.
func (f *Fetcher) sweep() {
	now := f.now()
	if len(f.hosts) < f.maxHosts && now.Sub(f.swept) < f.hostIdle/4 {
		return
	}
	f.swept = now
	var idle []string
	for name, h := range f.hosts {
		if h.refs > 0 {
			continue
		}
		switch d := now.Sub(h.used); {
		case d >= f.hostIdle:
			delete(f.hosts, name)
		case d > maxCrawlDelay:
			idle = append(idle, name)
		}
	}
	if len(f.hosts) < f.maxHosts {
		return
	}
	slices.SortFunc(idle, func(a, b string) int { return f.hosts[a].used.Compare(f.hosts[b].used) })
	for _, name := range idle {
		if len(f.hosts) < f.maxHosts {
			break
		}
		delete(f.hosts, name)
	}
}

// parseURL accepts only absolute http(s) URLs with a host.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, &model.Error{Code: model.EInvalid, Message: fmt.Sprintf("fetch: invalid URL %q", raw), Err: err}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, model.Errorf(model.EInvalid, "fetch: unsupported URL scheme %q in %q (only http and https)", u.Scheme, raw)
	}
	if u.Host == "" {
		return nil, model.Errorf(model.EInvalid, "fetch: URL %q has no host", raw)
	}
	if u.User != nil {
		return nil, model.Errorf(model.EInvalid, "fetch: URL %q carries credentials (user:password@), which are never sent", u.Redacted())
	}
	u.Host = strings.ToLower(u.Host)
	u.Fragment = ""
	return u, nil
}

func (f *Fetcher) checkRedirect(r *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return model.Errorf(model.EInvalid, "fetch: %s: too many redirects (more than %d)", via[0].URL, MaxRedirects)
	}
	if r.URL.Scheme != "http" && r.URL.Scheme != "https" {
		return model.Errorf(model.EInvalid, "fetch: %s: redirect to unsupported URL scheme %q", via[0].URL, r.URL.Scheme)
	}
	if r.URL.User != nil {
		return model.Errorf(model.EInvalid, "fetch: %s: redirect to a URL with credentials (%s)", via[0].URL, r.URL.Redacted())
	}
	// The robots.txt fetch itself follows redirects, wherever they lead,
	// without a robots check: checking would fetch robots.txt again (for
	// the same host when it redirects to "/"), and again, forever.
	if f.robots && r.Context().Value(robotsFetchKey{}) == nil {
		_, err := f.checkRobots(r.Context(), r.URL)
		return err
	}
	return nil
}

func (f *Fetcher) do(parent context.Context, u *url.URL, req Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(parent, f.timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, model.Errorf(model.EInvalid, "fetch: invalid URL %q", u.String())
	}
	hreq.Header.Set("User-Agent", f.userAgent)
	hreq.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,application/feed+json,*/*;q=0.8")
	// Asking for gzip ourselves turns off the transport's transparent
	// decoding, which has no size cap; decode() applies MaxBody instead.
	hreq.Header.Set("Accept-Encoding", "gzip, deflate")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}

	resp, err := f.client.Do(hreq)
	if err != nil {
		return nil, f.classify(parent, ctx, u, err)
	}
	defer resp.Body.Close()

	out := &Response{
		URL:          resp.Request.URL.String(),
		StatusCode:   resp.StatusCode,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		ContentType:  resp.Header.Get("Content-Type"),
	}
	if err := statusError(u, resp); err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		// Keep the validators the caller sent when the 304 omits them.
		if out.ETag == "" {
			out.ETag = req.ETag
		}
		if out.LastModified == "" {
			out.LastModified = req.LastModified
		}
		return out, nil
	}
	body, err := readBody(resp, f.maxBody)
	if err != nil {
		var me *model.Error
		if errors.As(err, &me) {
			return nil, err
		}
		return nil, f.classify(parent, ctx, u, err)
	}
	out.Body = body
	return out, nil
}

// statusError maps an HTTP status to an error, or nil for 2xx and 304.
func statusError(u *url.URL, resp *http.Response) error {
	code := resp.StatusCode
	status := fmt.Sprintf("%d %s", code, http.StatusText(code))
	switch {
	case code >= 200 && code < 300, code == http.StatusNotModified:
		return nil
	case code == http.StatusNotFound, code == http.StatusGone:
		return model.Errorf(model.EInvalid, "fetch: %s: %s", u, status)
	case code == http.StatusTooManyRequests, code >= 500:
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			return model.Errorf(model.EUnavailable, "fetch: %s: %s (retry after %s)", u, status, ra)
		}
		return model.Errorf(model.EUnavailable, "fetch: %s: %s", u, status)
	case code >= 300 && code < 400:
		return model.Errorf(model.EInvalid, "fetch: %s: %s without a usable Location", u, status)
	default:
		return model.Errorf(model.EInvalid, "fetch: %s: %s", u, status)
	}
}

// classify turns a transport or body-reading error into a *model.Error.
// parent is the caller's context, ctx the one with our timeout: when the
// caller gave up, its own error is returned (wrapped), not a verdict on the
// outlet.
func (f *Fetcher) classify(parent, ctx context.Context, u *url.URL, err error) error {
	var me *model.Error
	if errors.As(err, &me) {
		return me // from checkRedirect
	}
	if re := refused(err); re != nil {
		// Not the outlet's passing trouble: retrying will not help.
		return &model.Error{Code: model.EInvalid, Message: fmt.Sprintf("fetch: %s: %s", u, re), Err: re}
	}
	if perr := parent.Err(); perr != nil {
		return fmt.Errorf("fetch: %s: %w", u, perr)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		// Our own deadline: a slow outlet, try later.
		return &model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("fetch: %s: timed out after %s", u, f.timeout), Err: err}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("fetch: %s: timed out", u), Err: err}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return &model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("fetch: %s: cannot resolve host %s", u, dnsErr.Name), Err: err}
	}
	return &model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("fetch: %s: connection failed", u), Err: err}
}

// readBody decodes resp's body and reads at most max bytes of the result.
// A body that would decode to more is an error, found without reading past
// max+1 bytes of output, so a gzip bomb or an endless body costs little.
func readBody(resp *http.Response, max int64) ([]byte, error) {
	r, err := decode(resp)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > max && resp.Header.Get("Content-Encoding") == "" {
		return nil, model.Errorf(model.EInvalid, "fetch: body larger than %s", size(max))
	}
	body, err := io.ReadAll(io.LimitReader(r, max+1))
	if int64(len(body)) > max {
		return nil, model.Errorf(model.EInvalid, "fetch: body larger than %s", size(max))
	}
	if err != nil {
		if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, zlib.ErrChecksum) || errors.Is(err, zlib.ErrHeader) {
			return nil, &model.Error{Code: model.EInvalid, Message: "fetch: corrupt compressed body", Err: err}
		}
		var ce flate.CorruptInputError
		if errors.As(err, &ce) {
			return nil, &model.Error{Code: model.EInvalid, Message: "fetch: corrupt compressed body", Err: err}
		}
		return nil, fmt.Errorf("fetch: unable to read body: %w", err)
	}
	return body, nil
}

// decode wraps resp.Body in the decoder its Content-Encoding names.
func decode(resp *http.Response) (io.Reader, error) {
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	switch enc {
	case "", "identity":
		return resp.Body, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, &model.Error{Code: model.EInvalid, Message: "fetch: corrupt gzip body", Err: err}
		}
		return zr, nil
	case "deflate":
		// "deflate" should be zlib-wrapped (RFC 9110) but some servers send
		// raw deflate; the zlib header tells them apart.
		br := bufio.NewReader(resp.Body)
		if hdr, err := br.Peek(2); err == nil && hdr[0]&0x0f == 8 && (uint16(hdr[0])<<8|uint16(hdr[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, &model.Error{Code: model.EInvalid, Message: "fetch: corrupt deflate body", Err: err}
			}
			return zr, nil
		}
		return flate.NewReader(br), nil
	default:
		return nil, model.Errorf(model.EInvalid, "fetch: unsupported Content-Encoding %q", enc)
	}
}

// size formats a byte count for messages: "10 MiB", "512 KiB", "100 bytes".
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
