package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/temoto/robotstxt"

	"newsbridge/model"
)

// robotsEntry is one host's cached robots.txt: either rules, or the error
// that kept us from getting them, until expires.
type robotsEntry struct {
	data    *robotstxt.RobotsData
	err     error
	expires time.Time
}

// maxCrawlDelay caps a robots.txt Crawl-delay: a site asking for more
// than this would take days to follow, and is followed at this pace.
const maxCrawlDelay = time.Minute

// checkRobots returns an EInvalid error when u is disallowed for
// RobotsAgent, the error met fetching robots.txt (EUnavailable) when it
// could not be fetched, or nil. On success it also returns the host's
// Crawl-delay for RobotsAgent (0 when none).
func (f *Fetcher) checkRobots(ctx context.Context, u *url.URL) (time.Duration, error) {
	h := f.host(u.Host)
	h.robotsMu.Lock()
	defer h.robotsMu.Unlock()
	if h.robots == nil || !f.now().Before(h.robots.expires) {
		h.robots = f.fetchRobots(ctx, u)
	}
	if h.robots.err != nil {
		return 0, h.robots.err
	}
	g := h.robots.data.FindGroup(RobotsAgent)
	if !g.Test(u.RequestURI()) {
		return 0, model.Errorf(model.EInvalid, "fetch: disallowed by robots.txt: %s", u)
	}
	return min(g.CrawlDelay, maxCrawlDelay), nil
}

// fetchRobots gets scheme://host/robots.txt. As RFC 9309 says: 4xx means
// no rules; 5xx and network errors mean "do not crawl now" (EUnavailable,
// asked again after robotsRetry); unparsable rules are treated as none.
func (f *Fetcher) fetchRobots(ctx context.Context, u *url.URL) *robotsEntry {
	now := f.now()
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	fail := func(err error) *robotsEntry {
		return &robotsEntry{err: err, expires: now.Add(robotsRetry)}
	}

	parent := ctx
	ctx, cancel := context.WithTimeout(parent, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ru.String(), nil)
	if err != nil {
		return fail(model.Errorf(model.EInvalid, "fetch: invalid robots.txt URL %q", ru.String()))
	}
	req.Header.Set("User-Agent", f.userAgent)
	resp, err := f.client.Do(req)
	if err != nil {
		e := f.classify(parent, ctx, ru, err)
		if model.ErrorCode(e) == model.EInvalid {
			// A redirect loop or a redirect off http(s): RFC 9309 lets us
			// treat robots.txt as unavailable, that is as no rules.
			data, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
			return &robotsEntry{data: data, expires: now.Add(robotsTTL)}
		}
		if parent.Err() != nil {
			// The caller gave up: nothing learnt about the host, cache nothing.
			return &robotsEntry{err: e, expires: now}
		}
		return fail(e)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
		return fail(model.Errorf(model.EUnavailable, "fetch: robots.txt for %s unavailable: %d %s", u.Host, resp.StatusCode, http.StatusText(resp.StatusCode)))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, robotsMaxBody))
	if err != nil {
		return fail(&model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("fetch: unable to read robots.txt for %s", u.Host), Err: err})
	}
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil) // allow all
	}
	return &robotsEntry{data: data, expires: now.Add(robotsTTL)}
}
