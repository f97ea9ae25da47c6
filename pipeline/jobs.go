// Package pipeline is the ingest-to-publish pipeline as durable River jobs:
// the job arguments, their workers and the queue they run on.
package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"newsbridge/extract"
	"newsbridge/ingest/feed"
	"newsbridge/ingest/fetch"
	"newsbridge/media"
	"newsbridge/model"
	"newsbridge/store"
	"newsbridge/translate"
)

// Each step of the pipeline is a River job. Every job is idempotent: a job
// re-run after a crash finds the work already stored and only queues the
// next step, and the next step's insert is unique, so a kill -9 at any
// point loses nothing and does nothing twice.

// ScheduleArgs looks for due sources and queues a poll for each.
type ScheduleArgs struct{}

// Kind implements river.JobArgs.
func (ScheduleArgs) Kind() string { return "schedule_polls" }

// PollArgs polls one source's feed.
type PollArgs struct {
	SourceID int64 `json:"source_id"`
}

// Kind implements river.JobArgs.
func (PollArgs) Kind() string { return "poll_source" }

// FetchArgs fetches one article page.
type FetchArgs struct {
	ArticleID int64 `json:"article_id"`
}

// Kind implements river.JobArgs.
func (FetchArgs) Kind() string { return "fetch_article" }

// ExtractArgs extracts one fetched article.
type ExtractArgs struct {
	ArticleID int64 `json:"article_id"`
}

// Kind implements river.JobArgs.
func (ExtractArgs) Kind() string { return "extract_article" }

// TranslateArgs translates one article into one language. Version tells
// re-translations (after a glossary change) apart for uniqueness.
type TranslateArgs struct {
	ArticleID int64  `json:"article_id"`
	Lang      string `json:"lang"`
	Version   int64  `json:"version"`
}

// Kind implements river.JobArgs.
func (TranslateArgs) Kind() string { return "translate_article" }

// PublishArgs publishes one article in one language.
type PublishArgs struct {
	ArticleID int64  `json:"article_id"`
	Lang      string `json:"lang"`
	Version   int64  `json:"version"`
}

// Kind implements river.JobArgs.
func (PublishArgs) Kind() string { return "publish_article" }

// pending are the states in which a job with the same arguments is still
// to be done: inserting it again is a no-op.
var pending = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
	rivertype.JobStateRetryable, rivertype.JobStateScheduled}

// UniquePending makes an insert a no-op while the same job is still to be done.
func UniquePending() *river.InsertOpts {
	return &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: pending}}
}

func uniqueEver() *river.InsertOpts {
	return &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Pipeline is the stages wired together.
type Pipeline struct {
	Store      *store.Store
	Fetcher    *fetch.Fetcher
	Translator *translate.Translator
	// Languages are the site's languages: every article is translated into
	// each one an engine route reaches.
	Languages []string
	Queue     Queue
	Log       *slog.Logger
	Now       func() time.Time
	// FeedLimits bound one feed's parse (depth, elements, items per poll).
	FeedLimits feed.Limits
	// Observer, when set, is told what the jobs did, for metrics.
	Observer Observer
	// WebhookClient delivers webhooks; nil: one that dials through the
	// fetcher's guard with an empty allow list (public addresses only).
	WebhookClient *http.Client
	// Media says how pictures are checked and resized (media's defaults
	// when zero).
	Media media.Options
	// WebhookBackoff is the wait before a failed delivery's next attempt
	// (DefaultWebhookBackoff when nil).
	WebhookBackoff func(attempt int) time.Duration
}

// Observer receives the pipeline's events for metrics (*metrics.Metrics
// is one).
type Observer interface {
	// Fetch: kind is feed or article; result ok, not_modified or error.
	Fetch(source int64, kind, result string)
	// Segments: those the translation memory answered and those an engine
	// translated, in one translation.
	Segments(memory, engine int)
	// Flag: one quality-check flag raised on a translation into lang.
	Flag(lang, check string)
	// Published: an article's first publication in lang, lag after it was
	// found in its feed.
	Published(lang string, lag time.Duration)
}

// observe returns the Observer, or one that records nothing.
func (p *Pipeline) observe() Observer {
	if p.Observer == nil {
		return nopObserver{}
	}
	return p.Observer
}

type nopObserver struct{}

func (nopObserver) Fetch(int64, string, string)     {}
func (nopObserver) Segments(int, int)               {}
func (nopObserver) Flag(string, string)             {}
func (nopObserver) Published(string, time.Duration) {}

// Workers registers a worker for each kind of job.
func (p *Pipeline) Workers() *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, river.WorkFunc(p.schedule))
	river.AddWorker(w, river.WorkFunc(p.poll))
	river.AddWorker(w, river.WorkFunc(p.fetch))
	river.AddWorker(w, river.WorkFunc(p.extract))
	river.AddWorker(w, river.WorkFunc(p.translate))
	river.AddWorker(w, river.WorkFunc(p.publish))
	river.AddWorker(w, river.WorkFunc(p.image))
	river.AddWorker(w, &webhookWorker{p: p})
	return w
}

// permanent reports whether an error will not go away by retrying.
func permanent(err error) bool {
	code := model.ErrorCode(err)
	return code == model.EInvalid || code == model.ENotFound
}

// jobErr lets River retry an error that may pass and stops the job on
// one that will not.
func jobErr(err error) error {
	if permanent(err) {
		return river.JobCancel(err)
	}
	return err
}

// ScheduleDue queues a poll for every due source.
func (p *Pipeline) ScheduleDue(ctx context.Context) (int, error) {
	due, err := p.Store.DueSources(ctx, p.Now())
	if err != nil {
		return 0, err
	}
	for _, src := range due {
		if err := p.Queue.Insert(ctx, PollArgs{SourceID: src.ID}, UniquePending()); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

func (p *Pipeline) schedule(ctx context.Context, job *river.Job[ScheduleArgs]) error {
	_, err := p.ScheduleDue(ctx)
	return err
}

func (p *Pipeline) poll(ctx context.Context, job *river.Job[PollArgs]) error {
	src, err := p.Store.Source(ctx, job.Args.SourceID)
	if err != nil {
		return jobErr(err)
	}
	if !src.Enabled {
		return nil // paused after the poll was queued
	}
	now := p.Now()
	res := store.PollResult{CheckedAt: now, NextCheckAt: now.Add(src.Interval), ETag: src.ETag, LastModified: src.LastModified}
	fail := func(err error) error {
		res.Err = err.Error()
		// Back off on a failing source, up to a day.
		backoff := src.Interval << min(src.ErrorCount, 6)
		res.NextCheckAt = now.Add(min(backoff, 24*time.Hour))
		p.Log.Warn("poll failed", "source", src.ID, "feed", src.FeedURL, "error", err)
		if err := p.Store.RecordPoll(ctx, src.ID, res); err != nil {
			return err
		}
		p.emit(ctx, EventSourceFailing, map[string]any{"source": src.ID, "feed_url": src.FeedURL, "error": res.Err, "errors": src.ErrorCount + 1})
		return nil
	}
	resp, err := p.Fetcher.Get(ctx, fetch.Request{URL: src.FeedURL, ETag: src.ETag, LastModified: src.LastModified})
	if err != nil {
		p.observe().Fetch(src.ID, "feed", "error")
		return fail(err)
	}
	if resp.NotModified {
		p.observe().Fetch(src.ID, "feed", "not_modified")
		return p.Store.RecordPoll(ctx, src.ID, res)
	}
	p.observe().Fetch(src.ID, "feed", "ok")
	f, err := feed.ParseWith(resp.Body, resp.URL, p.FeedLimits)
	if err != nil {
		return fail(err)
	}
	queued := 0
	for _, it := range f.Items {
		id, status, _, err := p.Store.AddArticleStatus(ctx, src.ID, it.URL)
		if err != nil {
			return err
		}
		if status == model.ArticleNew {
			if err := p.Queue.Insert(ctx, FetchArgs{ArticleID: id}, UniquePending()); err != nil {
				return err
			}
			queued++
		}
	}
	res.ETag, res.LastModified = resp.ETag, resp.LastModified
	if len(f.Items) == 0 && f.Skipped > 0 {
		res.Err = fmt.Sprintf("feed: none of its %d items has a usable link", f.Skipped)
	}
	p.Log.Info("polled", "source", src.ID, "items", len(f.Items), "new", queued, "skipped", f.Skipped)
	return p.Store.RecordPoll(ctx, src.ID, res)
}

func (p *Pipeline) fetch(ctx context.Context, job *river.Job[FetchArgs]) error {
	a, err := p.Store.Article(ctx, job.Args.ArticleID)
	if err != nil {
		return jobErr(err)
	}
	if a.Status == model.ArticleNew {
		resp, err := p.Fetcher.Get(ctx, fetch.Request{URL: a.URL})
		if err != nil {
			p.observe().Fetch(a.SourceID, "article", "error")
			return p.articleFailed(ctx, a, err)
		}
		p.observe().Fetch(a.SourceID, "article", "ok")
		if err := p.Store.SaveRaw(ctx, a.ID, resp.Body, resp.ContentType); err != nil {
			return err
		}
	}
	return p.Queue.Insert(ctx, ExtractArgs{ArticleID: a.ID}, UniquePending())
}

// articleFailed records an article's problem where the operator sees it (on
// the article, on its source and in the log); a permanent problem stops
// the job, a passing one lets River retry it with backoff.
func (p *Pipeline) articleFailed(ctx context.Context, a *model.Article, err error) error {
	perm := permanent(err)
	msg := err.Error()
	p.Log.Warn("article failed", "article", a.ID, "url", a.URL, "error", msg, "permanent", perm)
	_ = p.Store.SetArticleError(ctx, a.ID, msg, perm)
	_ = p.Store.SetSourceError(ctx, a.SourceID, fmt.Sprintf("article %s: %s", a.URL, msg))
	if perm {
		return river.JobCancel(err)
	}
	return err
}

func (p *Pipeline) extract(ctx context.Context, job *river.Job[ExtractArgs]) error {
	a, err := p.Store.Article(ctx, job.Args.ArticleID)
	if err != nil {
		return jobErr(err)
	}
	if a.Status == model.ArticleFetched {
		raw, ct, err := p.Store.Raw(ctx, a.ID)
		if err != nil {
			return err
		}
		ex, err := extract.ExtractBytes(raw, ct, a.URL)
		if err != nil {
			return p.articleFailed(ctx, a, err)
		}
		if len(ex.Blocks) == 0 || ex.Title == "" {
			reason := ex.Reason
			if reason == "" {
				reason = "no title or body found"
			}
			return p.articleFailed(ctx, a, model.Errorf(model.EInvalid, "extract: not an article: %s", reason))
		}
		src, err := p.Store.Source(ctx, a.SourceID)
		if err != nil {
			return err
		}
		ex.ID, ex.SourceID, ex.URL = a.ID, a.SourceID, a.URL
		if src.Language != "" {
			ex.Language = src.Language
		}
		if ex.Language == "" {
			return p.articleFailed(ctx, a, model.Errorf(model.EInvalid, "extract: the article's language is unknown; set the source's language"))
		}
		if err := p.Store.SaveExtracted(ctx, ex); err != nil {
			return err
		}
		a = ex
	} else if a.Status != model.ArticleExtracted {
		return river.JobCancel(fmt.Errorf("article %d is %s, not fetched", a.ID, a.Status))
	}
	if err := p.queueImages(ctx, a); err != nil {
		return err
	}
	return p.queueTranslations(ctx, a, 0)
}

// queueTranslations publishes the original and queues a translation into
// every site language an engine route reaches.
func (p *Pipeline) queueTranslations(ctx context.Context, a *model.Article, version int64) error {
	if err := p.Queue.Insert(ctx, PublishArgs{ArticleID: a.ID, Lang: a.Language}, uniqueEver()); err != nil {
		return err
	}
	for _, lang := range p.Languages {
		if lang == a.Language || !p.Translator.Router.CanRoute(ctx, a.Language, lang) {
			continue
		}
		if err := p.Queue.Insert(ctx, TranslateArgs{ArticleID: a.ID, Lang: lang, Version: version}, UniquePending()); err != nil {
			return err
		}
	}
	return nil
}

func (p *Pipeline) translate(ctx context.Context, job *river.Job[TranslateArgs]) error {
	a, err := p.Store.Article(ctx, job.Args.ArticleID)
	if err != nil {
		return jobErr(err)
	}
	lang := job.Args.Lang
	if old, _, err := p.Store.Translation(ctx, a.ID, lang); err == nil && old.Title != "" && !old.Stale && job.Args.Version == 0 {
		// Done before a crash: only the publish step is left.
		return p.Queue.Insert(ctx, PublishArgs{ArticleID: a.ID, Lang: lang, Version: job.Args.Version}, uniqueEver())
	}
	tr, err := p.Translator.TranslateArticle(ctx, a, lang)
	if err != nil {
		msg := err.Error()
		p.Log.Warn("translation failed", "article", a.ID, "lang", lang, "error", msg)
		_ = p.Store.SetTranslationError(ctx, a.ID, lang, msg)
		if permanent(err) {
			return river.JobCancel(err)
		}
		// A translation cut short by a shutdown (context canceled) is
		// handed back to the queue like any other: it must run again.
		return err
	}
	if err := p.Store.SaveTranslation(ctx, tr); err != nil {
		return err
	}
	p.recordUsage(ctx, tr)
	for _, f := range tr.Flags {
		p.observe().Flag(lang, f.Kind)
	}
	if len(tr.Flags) > 0 {
		p.Log.Info("translation flagged for review", "article", a.ID, "lang", lang, "flags", len(tr.Flags))
		p.emit(ctx, EventFlagged, eventArticle(a.ID, lang, map[string]any{"flags": tr.Flags}))
	}
	return p.Queue.Insert(ctx, PublishArgs{ArticleID: a.ID, Lang: lang, Version: job.Args.Version}, uniqueEver())
}

// recordUsage adds what a translation cost to the engines' counters.
func (p *Pipeline) recordUsage(ctx context.Context, tr *model.Translation) {
	by := map[string]*store.Usage{}
	memory := 0
	for _, s := range tr.Segments {
		if s.FromMemory {
			memory++
		}
		name := s.Engine
		if name == "" {
			name = "memory"
		}
		u := by[name]
		if u == nil {
			u = &store.Usage{Engine: name}
			by[name] = u
		}
		if s.FromMemory {
			u.MemoryHits++
		} else {
			u.Segments++
			u.Chars += int64(len([]rune(s.Source)))
		}
	}
	p.observe().Segments(memory, len(tr.Segments)-memory)
	for _, u := range by {
		u.Requests = 1
		if err := p.Store.AddUsage(ctx, *u); err != nil {
			p.Log.Warn("usage not recorded", "error", err)
		}
	}
}

func (p *Pipeline) publish(ctx context.Context, job *river.Job[PublishArgs]) error {
	first, err := p.Store.Publish(ctx, job.Args.ArticleID, job.Args.Lang)
	if err != nil {
		return err
	}
	extra := map[string]any{"first": first}
	// The public page's path, under its slug in this language.
	if slug, err := p.Store.PublicationSlug(ctx, job.Args.ArticleID, job.Args.Lang); err == nil {
		extra["path"] = model.ArticlePath(job.Args.Lang, slug)
	}
	p.Log.Info("published", "article", job.Args.ArticleID, "lang", job.Args.Lang, "first", first, "path", extra["path"])
	p.emit(ctx, EventPublished, eventArticle(job.Args.ArticleID, job.Args.Lang, extra))
	if first && p.Observer != nil {
		if a, err := p.Store.Article(ctx, job.Args.ArticleID); err == nil {
			p.Observer.Published(job.Args.Lang, p.Now().Sub(a.CreatedAt))
		}
	}
	return nil
}
