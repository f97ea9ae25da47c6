// Package service holds the operations editors and operators run on the
// newsroom (follow an outlet, keep the glossary, moderate comments, manage
// users, read the counts): the one surface the command line and the API go
// through, built from the store and the queue.
package service

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"newsbridge/ingest/feed"
	"newsbridge/ingest/fetch"
	"newsbridge/model"
	"newsbridge/pipeline"
	"newsbridge/store"
	"newsbridge/translate"
)

// Service runs the newsroom's operations on a store. Queue may be nil (a
// command that only reads or writes the database): work that would be
// queued is then left for the next worker that finds it stale.
type Service struct {
	Store *store.Store
	Queue pipeline.Queue
	// Translator re-translates on request; nil refuses re-translation.
	// Edits need only its memory and glossary, which default to Store's.
	Translator *translate.Translator
	// WebhookAllow lists the loopback and private addresses a webhook may
	// be registered on (the fetcher's allow list); others are refused.
	WebhookAllow fetch.Allow
	// Languages are the site's languages: those no engine reaches from an
	// article's are the editors' to translate (ToTranslate).
	Languages []string
}

// New returns the operations on st, queueing follow-up work on q (may be nil).
func New(st *store.Store, q pipeline.Queue) *Service {
	return &Service{Store: st, Queue: q}
}

// AddSource follows a new outlet, polled at once.
func (s *Service) AddSource(ctx context.Context, feedURL, name, lang string, interval time.Duration) (*model.Source, error) {
	if err := authorize(ctx, PermSources); err != nil {
		return nil, err
	}
	canon, err := feed.CanonicalURL(feedURL, "")
	if err != nil {
		return nil, model.Errorf(model.EInvalid, "source: %q is not a feed URL: %v", feedURL, err)
	}
	u, _ := url.Parse(canon)
	if name == "" {
		name = strings.TrimPrefix(u.Hostname(), "www.")
	}
	src := &model.Source{Name: name, FeedURL: canon, SiteURL: u.Scheme + "://" + u.Host + "/", Language: lang, Enabled: true, Interval: interval}
	if err := s.Store.CreateSource(ctx, src); err != nil {
		return nil, err
	}
	return src, s.audit(ctx, "source.add", fmt.Sprintf("source/%d", src.ID), nil, src)
}

// Sources lists the outlets followed.
func (s *Service) Sources(ctx context.Context) ([]model.Source, error) {
	if err := authorize(ctx, PermSources); err != nil {
		return nil, err
	}
	return s.Store.Sources(ctx)
}

// Source returns one outlet followed.
func (s *Service) Source(ctx context.Context, id int64) (*model.Source, error) {
	if err := authorize(ctx, PermSources); err != nil {
		return nil, err
	}
	return s.Store.Source(ctx, id)
}

// SourceContents counts what removing a source deletes with it: its
// articles, their translations, published pages and readers' comments.
func (s *Service) SourceContents(ctx context.Context, id int64) (store.SourceContents, error) {
	if err := authorize(ctx, PermSources); err != nil {
		return store.SourceContents{}, err
	}
	if _, err := s.Store.Source(ctx, id); err != nil {
		return store.SourceContents{}, err
	}
	return s.Store.SourceContents(ctx, id)
}

// RemoveSource stops following an outlet and deletes its articles with
// their translations, pages and comments; it returns what was deleted.
func (s *Service) RemoveSource(ctx context.Context, id int64) (store.SourceContents, error) {
	if err := authorize(ctx, PermSources); err != nil {
		return store.SourceContents{}, err
	}
	before, err := s.Store.Source(ctx, id)
	if err != nil {
		return store.SourceContents{}, err
	}
	gone, err := s.Store.SourceContents(ctx, id)
	if err != nil {
		return gone, err
	}
	if err := s.Store.DeleteSource(ctx, id); err != nil {
		return gone, err
	}
	return gone, s.audit(ctx, "source.remove", fmt.Sprintf("source/%d", id), before, map[string]any{"deleted": gone})
}

// PauseSource stops polling an outlet; what it published stays on the
// site. Pausing a paused source changes nothing.
func (s *Service) PauseSource(ctx context.Context, id int64) (*model.Source, error) {
	return s.setSourceEnabled(ctx, id, false)
}

// ResumeSource polls a paused outlet again, at the next scheduling round
// and then at its interval.
func (s *Service) ResumeSource(ctx context.Context, id int64) (*model.Source, error) {
	return s.setSourceEnabled(ctx, id, true)
}

func (s *Service) setSourceEnabled(ctx context.Context, id int64, enabled bool) (*model.Source, error) {
	if err := authorize(ctx, PermSources); err != nil {
		return nil, err
	}
	before, err := s.Store.Source(ctx, id)
	if err != nil {
		return nil, err
	}
	if before.Enabled == enabled {
		return before, nil
	}
	if err := s.Store.SetSourceEnabled(ctx, id, enabled); err != nil {
		return nil, err
	}
	after, err := s.Store.Source(ctx, id)
	if err != nil {
		return nil, err
	}
	action := "source.pause"
	if enabled {
		action = "source.resume"
	}
	return after, s.audit(ctx, action, fmt.Sprintf("source/%d", id), map[string]any{"enabled": before.Enabled}, map[string]any{"enabled": after.Enabled})
}

// PollSourceNow makes a source due at the next scheduling round. A
// paused source is not polled: resume it first.
func (s *Service) PollSourceNow(ctx context.Context, id int64) error {
	if err := authorize(ctx, PermSources); err != nil {
		return err
	}
	src, err := s.Store.Source(ctx, id)
	if err != nil {
		return err
	}
	if !src.Enabled {
		return model.Errorf(model.EConflict, "source %d (%s) is paused; resume it to poll it", id, src.Name)
	}
	if err := s.Store.ScheduleSourceNow(ctx, id); err != nil {
		return err
	}
	return s.audit(ctx, "source.poll", fmt.Sprintf("source/%d", id), nil, nil)
}

// SourceErrors returns an error naming the sources whose last poll failed,
// so that `ingest --once` exits non-zero when an outlet is broken.
func (s *Service) SourceErrors(ctx context.Context) error {
	srcs, err := s.Store.Sources(ctx)
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

// Comments lists readers' comments.
func (s *Service) Comments(ctx context.Context, f store.CommentFilter) ([]model.Comment, error) {
	if err := authorize(ctx, PermComments); err != nil {
		return nil, err
	}
	return s.Store.Comments(ctx, f)
}

// ModerateComment sets a comment's status.
func (s *Service) ModerateComment(ctx context.Context, id int64, status string) error {
	if err := authorize(ctx, PermComments); err != nil {
		return err
	}
	before, err := s.Store.Comment(ctx, id)
	if err != nil {
		return err
	}
	if err := s.Store.SetCommentStatus(ctx, id, status); err != nil {
		return err
	}
	after := *before
	after.Status = status
	return s.audit(ctx, "comment.moderate", fmt.Sprintf("comment/%d", id), before, after)
}

// GlossaryTerms lists the glossary's terms in a source language ("" = all).
func (s *Service) GlossaryTerms(ctx context.Context, sourceLang string) ([]model.GlossaryTerm, error) {
	return s.Store.GlossaryTerms(ctx, sourceLang)
}

// SaveTerm saves a glossary term and queues the translations it affects
// for re-translation; it returns how many were queued.
func (s *Service) SaveTerm(ctx context.Context, t *model.GlossaryTerm) (int, error) {
	if err := authorize(ctx, PermGlossary); err != nil {
		return 0, err
	}
	before := s.term(ctx, t.SourceLang, t.Term)
	if err := s.Store.SaveTerm(ctx, t); err != nil {
		return 0, err
	}
	if err := s.audit(ctx, "glossary.save", "glossary/"+t.SourceLang+"/"+t.Term, before, t); err != nil {
		return 0, err
	}
	return s.retranslateMentioning(ctx, t.SourceLang, t.Term)
}

// term returns the glossary's term, nil when there is none.
func (s *Service) term(ctx context.Context, sourceLang, term string) *model.GlossaryTerm {
	ts, _ := s.Store.GlossaryTerms(ctx, sourceLang)
	for _, t := range ts {
		if t.Term == term {
			return &t
		}
	}
	return nil
}

// RemoveTerm removes a glossary term and queues the translations it affected.
func (s *Service) RemoveTerm(ctx context.Context, sourceLang, term string) (int, error) {
	if err := authorize(ctx, PermGlossary); err != nil {
		return 0, err
	}
	before := s.term(ctx, sourceLang, term)
	if err := s.Store.RemoveTerm(ctx, sourceLang, term); err != nil {
		return 0, err
	}
	if err := s.audit(ctx, "glossary.remove", "glossary/"+sourceLang+"/"+term, before, nil); err != nil {
		return 0, err
	}
	return s.retranslateMentioning(ctx, sourceLang, term)
}

// TermImpact is what saving or removing a glossary term re-translates:
// every translation of the articles that mention it (as SaveTerm and
// RemoveTerm queue them). Approved translations keep their text and get
// the re-translation as a proposal.
type TermImpact struct {
	Articles     int `json:"articles"`
	Translations int `json:"translations"`
	Approved     int `json:"approved"`
	// Items lists the articles, newest first, at most the limit asked.
	Items []store.ArticleTranslations `json:"-"`
}

// GlossaryImpact says what a change of term (in sourceLang) would
// re-translate, listing at most limit articles; nothing is changed.
func (s *Service) GlossaryImpact(ctx context.Context, sourceLang, term string, limit int) (*TermImpact, error) {
	if err := authorize(ctx, PermGlossary); err != nil {
		return nil, err
	}
	if strings.TrimSpace(sourceLang) == "" || strings.TrimSpace(term) == "" {
		return nil, model.Errorf(model.EInvalid, "glossary: a source language and a term are required")
	}
	ids, err := s.Store.ArticlesMentioning(ctx, sourceLang, term)
	if err != nil {
		return nil, err
	}
	all, err := s.Store.TranslationsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	im := &TermImpact{Articles: len(all)}
	for _, a := range all {
		im.Translations += len(a.Translations)
		for _, t := range a.Translations {
			if t.State == model.StateApproved {
				im.Approved++
			}
		}
	}
	im.Items = all[:min(len(all), max(limit, 0))]
	return im, nil
}

// TermUses counts the articles that mention each term of the glossary,
// keyed by "source language:term".
func (s *Service) TermUses(ctx context.Context, terms []model.GlossaryTerm) (map[string]int, error) {
	if err := authorize(ctx, PermGlossary); err != nil {
		return nil, err
	}
	byLang := map[string][]string{}
	for _, t := range terms {
		byLang[t.SourceLang] = append(byLang[t.SourceLang], t.Term)
	}
	out := map[string]int{}
	for lang, ts := range byLang {
		n, err := s.Store.TermUses(ctx, lang, ts)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			out[lang+":"+t] = n[t]
		}
	}
	return out, nil
}

func (s *Service) retranslateMentioning(ctx context.Context, sourceLang, term string) (int, error) {
	ids, err := s.Store.ArticlesMentioning(ctx, sourceLang, term)
	if err != nil {
		return 0, err
	}
	rows, err := s.Store.MarkStale(ctx, ids)
	if err != nil {
		return 0, err
	}
	version, err := s.Store.GlossaryVersion(ctx)
	if err != nil {
		return 0, err
	}
	if s.Queue == nil {
		return len(rows), nil
	}
	for _, r := range rows {
		if err := s.Queue.Insert(ctx, pipeline.TranslateArgs{ArticleID: r.ArticleID, Lang: r.Lang, Version: version}, pipeline.UniquePending()); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

// AddUser creates an editor or administrator and returns their API
// token, shown only now. password "" makes a token-only user (no sign-in
// to the editor screens until a password is set).
func (s *Service) AddUser(ctx context.Context, name, role, password string) (string, error) {
	if err := authorize(ctx, PermUsers); err != nil {
		return "", err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "", model.Errorf(model.EInvalid, "user: a name is required")
	}
	u := &store.User{Name: name, Role: role}
	if password != "" {
		h, err := HashPassword(password)
		if err != nil {
			return "", err
		}
		u.PasswordHash = h
	}
	token, hash := NewToken()
	u.TokenHash = hash
	if err := s.Store.CreateUser(ctx, u); err != nil {
		return "", err
	}
	return token, s.audit(ctx, "user.add", "user/"+name, nil, u)
}

// Users lists the editors and administrators.
func (s *Service) Users(ctx context.Context) ([]store.User, error) {
	if err := authorize(ctx, PermUsers); err != nil {
		return nil, err
	}
	return s.Store.Users(ctx)
}

// RemoveUser removes a user; their open sessions end at once.
func (s *Service) RemoveUser(ctx context.Context, name string) error {
	if err := authorize(ctx, PermUsers); err != nil {
		return err
	}
	before, err := s.Store.UserByName(ctx, name)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteUser(ctx, name); err != nil {
		return err
	}
	return s.audit(ctx, "user.remove", "user/"+name, before, nil)
}

// Counts counts sources, articles, translations and publications.
func (s *Service) Counts(ctx context.Context) (store.Counts, error) {
	return s.Store.Counts(ctx)
}

// UsageTotals sums what each engine was sent.
func (s *Service) UsageTotals(ctx context.Context) ([]store.Usage, error) {
	return s.Store.UsageTotals(ctx)
}

// MemoryStats counts the translation memory's machine and editor entries.
func (s *Service) MemoryStats(ctx context.Context) (machine, editor int64, err error) {
	return s.Store.MemoryStats(ctx)
}

// SchemaVersion is the database schema's version.
func (s *Service) SchemaVersion(ctx context.Context) (int, error) {
	return s.Store.Version(ctx)
}
