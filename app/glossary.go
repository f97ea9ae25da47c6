package app

import (
	"context"

	"newsbridge/model"
)

// SaveTerm saves a glossary term and queues the translations it affects
// for re-translation; it returns how many were queued.
func (a *App) SaveTerm(ctx context.Context, t *model.GlossaryTerm) (int, error) {
	if err := a.Store.SaveTerm(ctx, t); err != nil {
		return 0, err
	}
	return a.retranslateMentioning(ctx, t.SourceLang, t.Term)
}

// RemoveTerm removes a glossary term and queues the translations it affected.
func (a *App) RemoveTerm(ctx context.Context, sourceLang, term string) (int, error) {
	if err := a.Store.RemoveTerm(ctx, sourceLang, term); err != nil {
		return 0, err
	}
	return a.retranslateMentioning(ctx, sourceLang, term)
}

func (a *App) retranslateMentioning(ctx context.Context, sourceLang, term string) (int, error) {
	ids, err := a.Store.ArticlesMentioning(ctx, sourceLang, term)
	if err != nil {
		return 0, err
	}
	rows, err := a.Store.MarkStale(ctx, ids)
	if err != nil {
		return 0, err
	}
	version, err := a.Store.GlossaryVersion(ctx)
	if err != nil {
		return 0, err
	}
	if a.Queue == nil {
		return len(rows), nil
	}
	for _, r := range rows {
		if err := a.Queue.Insert(ctx, TranslateArgs{ArticleID: r.ArticleID, Lang: r.Lang, Version: version}, uniquePending()); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}
