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
	h := f.acquire(u.Host)
	defer f.release(h)
	e, err := f.robotsFor(ctx, h, u)
	if err != nil {
		return 0, err
	}
	if e.err != nil {
		return 0, e.err
	}
	g := e.data.FindGroup(RobotsAgent)
	if !g.Test(u.RequestURI()) {
		return 0, model.Errorf(model.EInvalid, "fetch: disallowed by robots.txt: %s", u)
	}
	return min(g.CrawlDelay, maxCrawlDelay), nil
}

// robotsFor returns h's robots.txt, from the cache or fetched. One
// robots.txt fetch per host is in flight at a time: the others wait for it
// (or for ctx) without holding any lock, and fetch it themselves only if it
// taught nothing (the fetching caller gave up).
func (f *Fetcher) robotsFor(ctx context.Context, h *host, u *url.URL) (*robotsEntry, error) {
	for {
		f.mu.Lock()
		if e := h.robots; e != nil && f.now().Before(e.expires) {
			f.mu.Unlock()
			return e, nil
		}
		if wait := h.robotsWait; wait != nil {
			f.mu.Unlock()
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return nil, fmt.Errorf("fetch: %s: %w", u, ctx.Err())
			}
		}
		wait := make(chan struct{})
		h.robotsWait = wait
		f.mu.Unlock()

		e := f.fetchRobots(ctx, u)
		f.mu.Lock()
		h.robots, h.robotsWait = e, nil
		f.mu.Unlock()
		close(wait)
		return e, nil
	}
}

// robotsFetchKey marks the context of a robots.txt fetch, whose redirects
// are not checked against robots.txt.
type robotsFetchKey struct{}

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
	ctx, cancel := context.WithTimeout(context.WithValue(parent, robotsFetchKey{}, true), f.timeout)
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
	return &robotsEntry{data: robotsData(resp.StatusCode, body), expires: now.Add(robotsTTL)}
}

// robotsData parses a robots.txt answer; rules that do not parse are none.
func robotsData(status int, body []byte) *robotstxt.RobotsData {
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil) // allow all
	}
	return data
}
