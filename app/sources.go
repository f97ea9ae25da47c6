package app

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"newsbridge/ingest/feed"
	"newsbridge/model"
)

// AddSource follows a new outlet, polled at once.
func (a *App) AddSource(ctx context.Context, feedURL, name, lang string, interval time.Duration) (*model.Source, error) {
	canon, err := feed.CanonicalURL(feedURL, "")
	if err != nil {
		return nil, model.Errorf(model.EInvalid, "source: %q is not a feed URL: %v", feedURL, err)
	}
	u, _ := url.Parse(canon)
	if name == "" {
		name = strings.TrimPrefix(u.Hostname(), "www.")
	}
	src := &model.Source{Name: name, FeedURL: canon, SiteURL: u.Scheme + "://" + u.Host + "/", Language: lang, Enabled: true, Interval: interval}
	if err := a.Store.CreateSource(ctx, src); err != nil {
		return nil, err
	}
	return src, nil
}

// SourceErrors returns an error naming the sources whose last poll failed,
// so that `ingest --once` exits non-zero when an outlet is broken.
func (a *App) SourceErrors(ctx context.Context) error {
	srcs, err := a.Store.Sources(ctx)
	if err != nil {
		return err
	}
	var bad []string
	for _, s := range srcs {
		if s.LastError != "" && s.ErrorCount > 0 {
			bad = append(bad, fmt.Sprintf("source %d (%s): %s", s.ID, s.Name, s.LastError))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d source(s) failed:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
	return nil
}

// ModerateComment sets a comment's status; the store marks the article's
// pages (which show comments and their count) for re-rendering in the same
// transaction.
func (a *App) ModerateComment(ctx context.Context, id int64, status string) error {
	return a.Store.SetCommentStatus(ctx, id, status)
}
