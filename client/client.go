// Package client is a small Go client of newsbridge's JSON API (package
// api): the CLI's management commands use it to act on a running server
// with --server and a token. Errors the server answers are *Problem.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client calls one server's API with one token.
type Client struct {
	base  *url.URL
	token string
	// HTTP is the HTTP client used; http.DefaultClient's transport with a
	// one-minute timeout when nil.
	HTTP *http.Client
}

// New returns a client of the server at baseURL (http://host:port) that
// authenticates with token.
func New(baseURL, token string) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("client: %q is not a server URL (http://host:port)", baseURL)
	}
	if token == "" {
		return nil, fmt.Errorf("client: a token is needed (newsbridge user add prints one)")
	}
	return &Client{base: u, token: token}, nil
}

// Problem is an RFC 9457 problem the server answered.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

func (p *Problem) Error() string {
	if p.Detail != "" {
		return fmt.Sprintf("server: %s (%d)", p.Detail, p.Status)
	}
	return fmt.Sprintf("server: %s (%d)", p.Title, p.Status)
}

// do calls method path with the JSON of in (when not nil) and decodes the
// answer into out (when not nil).
func (c *Client) do(ctx context.Context, method, path string, q url.Values, in, out any) error {
	u := *c.base
	u.Path += path
	u.RawQuery = q.Encode()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("client: unable to encode the request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return fmt.Errorf("client: unable to build the request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: time.Minute}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("client: unable to reach %s: %w", c.base.Host, err)
	}
	defer resp.Body.Close()
	const maxAnswer = 64 << 20
	if resp.StatusCode >= 300 {
		p := &Problem{Status: resp.StatusCode, Title: http.StatusText(resp.StatusCode)}
		json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(p)
		return p
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxAnswer)).Decode(out); err != nil {
		return fmt.Errorf("client: unable to read the answer of %s %s: %w", method, path, err)
	}
	return nil
}

// pages collects every page of a list: it asks with limit=500 and
// follows next_cursor until the last page (at most 10,000 pages).
func pages[T any](ctx context.Context, c *Client, path, field string, q url.Values) ([]T, error) {
	if q == nil {
		q = url.Values{}
	}
	q.Set("limit", "500")
	var all []T
	for range 10000 {
		var out map[string]json.RawMessage
		if err := c.do(ctx, "GET", path, q, nil, &out); err != nil {
			return all, err
		}
		var items []T
		if err := json.Unmarshal(out[field], &items); err != nil {
			return all, fmt.Errorf("client: unable to read the answer of GET %s: %w", path, err)
		}
		all = append(all, items...)
		var next string
		if raw, ok := out["next_cursor"]; !ok || json.Unmarshal(raw, &next) != nil || next == "" {
			break
		}
		q.Set("cursor", next)
	}
	return all, nil
}

// ReviewItem is one translation of the review queue.
type ReviewItem struct {
	Article  int64  `json:"article"`
	Lang     string `json:"lang"`
	Title    string `json:"title"`
	Flags    int    `json:"flags"`
	State    string `json:"state"`
	Severity int    `json:"severity"`
	Error    string `json:"error,omitempty"`
}

// ReviewFilter selects the review queue's rows; zero values select all.
type ReviewFilter struct {
	Lang, Kind, State string
	Source            int64
	Limit, Offset     int
}

// Review returns the review queue and its size per language.
func (c *Client) Review(ctx context.Context, f ReviewFilter) ([]ReviewItem, map[string]int, error) {
	q := url.Values{}
	for k, v := range map[string]string{"lang": f.Lang, "kind": f.Kind, "state": f.State} {
		if v != "" {
			q.Set(k, v)
		}
	}
	for k, v := range map[string]int64{"source": f.Source, "limit": int64(f.Limit), "offset": int64(f.Offset)} {
		if v != 0 {
			q.Set(k, strconv.FormatInt(v, 10))
		}
	}
	var out struct {
		Items  []ReviewItem   `json:"items"`
		Counts map[string]int `json:"counts"`
	}
	err := c.do(ctx, "GET", "/api/v1/review", q, nil, &out)
	return out.Items, out.Counts, err
}

// Source is an outlet followed.
type Source struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	FeedURL   string    `json:"feed_url"`
	Language  string    `json:"language"`
	Enabled   bool      `json:"enabled"`
	LastCheck time.Time `json:"last_checked_at,omitzero"`
	NextCheck time.Time `json:"next_check_at,omitzero"`
	LastError string    `json:"last_error,omitempty"`
}

// Sources lists the outlets followed (admins).
func (c *Client) Sources(ctx context.Context) ([]Source, error) {
	return pages[Source](ctx, c, "/api/v1/sources", "sources", nil)
}

// NewSource is an outlet to follow.
type NewSource struct {
	FeedURL  string `json:"feed_url"`
	Name     string `json:"name,omitempty"`
	Language string `json:"language,omitempty"`
	// Interval is the time between two polls, as Go writes durations
	// ("15m"); the server's default when empty.
	Interval string `json:"interval,omitempty"`
}

// AddSource follows an outlet (admins).
func (c *Client) AddSource(ctx context.Context, s NewSource) (*Source, error) {
	var out Source
	if err := c.do(ctx, "POST", "/api/v1/sources", nil, s, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SourceSections is a source's mapping of its categories to the site's
// sections.
type SourceSections struct {
	Source int64 `json:"source"`
	// Saved is true when the mapping was saved (editors' screen, API or
	// command line) in place of the configuration file's.
	Saved bool `json:"saved"`
	// Default is the section of the categories not mapped ("" = the
	// site's default section).
	Default string `json:"default"`
	// Categories maps a category slug to a section slug.
	Categories map[string]string `json:"categories"`
	// Seen are the categories of the source's articles, most used first,
	// then those only the mapping names.
	Seen        []SourceCategory `json:"seen"`
	Sections    []Section        `json:"sections"`
	SiteDefault string           `json:"site_default"`
	// Moved is, after a change, how many articles changed section.
	Moved int `json:"moved,omitempty"`
}

// SourceCategory is one of an outlet's categories.
type SourceCategory struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

// Section is one of the site's sections.
type Section struct {
	Slug  string            `json:"slug"`
	Names map[string]string `json:"names"`
}

// SourceSections returns a source's mapping of its categories to the
// site's sections (admins).
func (c *Client) SourceSections(ctx context.Context, id int64) (*SourceSections, error) {
	var out SourceSections
	if err := c.do(ctx, "GET", sourceSectionsPath(id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SetSourceSections replaces a source's mapping: categories (by slug or
// name) to sections, the others to def ("" = the site's default section)
// (admins).
func (c *Client) SetSourceSections(ctx context.Context, id int64, def string, categories map[string]string) (*SourceSections, error) {
	in := map[string]any{"default": def, "categories": categories}
	var out SourceSections
	if err := c.do(ctx, "PUT", sourceSectionsPath(id), nil, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ResetSourceSections drops a source's saved mapping: the configuration
// file's applies again (admins).
func (c *Client) ResetSourceSections(ctx context.Context, id int64) (*SourceSections, error) {
	var out SourceSections
	if err := c.do(ctx, "DELETE", sourceSectionsPath(id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func sourceSectionsPath(id int64) string {
	return "/api/v1/sources/" + strconv.FormatInt(id, 10) + "/sections"
}

// Comment is a reader's comment.
type Comment struct {
	ID        int64     `json:"id"`
	ArticleID int64     `json:"article_id"`
	Lang      string    `json:"lang"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// Comments lists the comments in a moderation status (pending when "").
func (c *Client) Comments(ctx context.Context, status string) ([]Comment, error) {
	q := url.Values{}
	if status != "" {
		q.Set("status", status)
	}
	return pages[Comment](ctx, c, "/api/v1/comments", "comments", q)
}

// ModerateComment approves, rejects or marks a comment as spam (action
// approve, reject or spam).
func (c *Client) ModerateComment(ctx context.Context, id int64, action string) error {
	return c.do(ctx, "POST", "/api/v1/comments/"+strconv.FormatInt(id, 10)+"/"+url.PathEscape(action), nil, nil, nil)
}

// User is an account.
type User struct {
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Password  bool      `json:"password"`
	CreatedAt time.Time `json:"created_at"`
}

// Users lists the accounts (admins).
func (c *Client) Users(ctx context.Context) ([]User, error) {
	return pages[User](ctx, c, "/api/v1/users", "users", nil)
}

// Term is a glossary term.
type Term struct {
	SourceLang string            `json:"source_lang"`
	Term       string            `json:"term"`
	Kind       string            `json:"kind"`
	Mode       string            `json:"mode"`
	Renderings map[string]string `json:"renderings"`
}

// Glossary lists the glossary's terms in a source language ("" = all).
func (c *Client) Glossary(ctx context.Context, sourceLang string) ([]Term, error) {
	q := url.Values{}
	if sourceLang != "" {
		q.Set("from", sourceLang)
	}
	return pages[Term](ctx, c, "/api/v1/glossary", "terms", q)
}
