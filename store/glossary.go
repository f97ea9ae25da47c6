package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"newsbridge/model"
)

// GlossaryVersion returns the glossary's version; it changes on every edit
// so that memory entries made under an older glossary are not reused.
func (s *Store) GlossaryVersion(ctx context.Context) (int64, error) {
	var v string
	if err := s.queryRow(ctx, s.DB, `SELECT value FROM settings WHERE key = 'glossary_version'`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: unable to read glossary version: %w", translateErr(err))
	}
	return strconv.ParseInt(v, 10, 64)
}

func (s *Store) bumpGlossary(ctx context.Context, tx *sql.Tx) error {
	var v string
	if err := s.queryRow(ctx, tx, `SELECT value FROM settings WHERE key = 'glossary_version'`).Scan(&v); err != nil {
		return translateErr(err)
	}
	n, _ := strconv.ParseInt(v, 10, 64)
	_, err := s.exec(ctx, tx, `UPDATE settings SET value = ? WHERE key = 'glossary_version'`, strconv.FormatInt(n+1, 10))
	return err
}

// SaveTerm adds a glossary term or replaces its kind, mode and renderings.
func (s *Store) SaveTerm(ctx context.Context, t *model.GlossaryTerm) error {
	t.Term = strings.TrimSpace(t.Term)
	if t.Term == "" || t.SourceLang == "" {
		return model.Errorf(model.EInvalid, "glossary: a term needs a source language and a text")
	}
	if t.Kind == "" {
		t.Kind = model.TermTerm
	}
	switch t.Kind {
	case model.TermPerson, model.TermPlace, model.TermOrganization, model.TermTerm, model.TermKeep:
	default:
		return model.Errorf(model.EInvalid, "glossary: unknown kind %q (person, place, organization, term, do-not-translate)", t.Kind)
	}
	t.Mode = t.TermMode()
	if !slices.Contains(model.TermModes, t.Mode) {
		return model.Errorf(model.EInvalid, "glossary: unknown mode %q (%s)", t.Mode, strings.Join(model.TermModes, ", "))
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := s.queryRow(ctx, tx, `INSERT INTO glossary_terms (source_lang, term, kind, mode, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (source_lang, term) DO UPDATE SET kind = excluded.kind, mode = excluded.mode RETURNING id`, t.SourceLang, t.Term, t.Kind, t.Mode, ms(s.Now())).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("store: unable to save term: %w", translateErr(err))
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM glossary_renderings WHERE term_id = ?`, t.ID); err != nil {
			return err
		}
		for lang, r := range t.Renderings {
			if _, err := s.exec(ctx, tx, `INSERT INTO glossary_renderings (term_id, lang, rendering) VALUES (?, ?, ?)`, t.ID, lang, r); err != nil {
				return fmt.Errorf("store: unable to save term: %w", err)
			}
		}
		return s.bumpGlossary(ctx, tx)
	})
}

// RemoveTerm removes a glossary term.
func (s *Store) RemoveTerm(ctx context.Context, sourceLang, term string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.exec(ctx, tx, `DELETE FROM glossary_terms WHERE source_lang = ? AND term = ?`, sourceLang, term)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return model.Errorf(model.ENotFound, "glossary: no term %q in %s", term, sourceLang)
		}
		return s.bumpGlossary(ctx, tx)
	})
}

// GlossaryTerms lists the terms of a source language ("" = all).
func (s *Store) GlossaryTerms(ctx context.Context, sourceLang string) ([]model.GlossaryTerm, error) {
	q := `SELECT g.id, g.source_lang, g.term, g.kind, g.mode, COALESCE(r.lang, ''), COALESCE(r.rendering, '')
		FROM glossary_terms g LEFT JOIN glossary_renderings r ON r.term_id = g.id`
	var args []any
	if sourceLang != "" {
		q += ` WHERE g.source_lang = ?`
		args = append(args, sourceLang)
	}
	rows, err := s.query(ctx, s.DB, q+` ORDER BY g.source_lang, g.term, r.lang`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list glossary: %w", err)
	}
	defer rows.Close()
	var out []model.GlossaryTerm
	for rows.Next() {
		var t model.GlossaryTerm
		var lang, rendering string
		if err := rows.Scan(&t.ID, &t.SourceLang, &t.Term, &t.Kind, &t.Mode, &lang, &rendering); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != t.ID {
			t.Renderings = map[string]string{}
			out = append(out, t)
		}
		if lang != "" {
			out[len(out)-1].Renderings[lang] = rendering
		}
	}
	return out, rows.Err()
}

// ArticlesMentioning lists the extracted articles in sourceLang that
// mention term (case-insensitively, in the title, lead, text or blocks).
func (s *Store) ArticlesMentioning(ctx context.Context, sourceLang, term string) ([]int64, error) {
	var out []int64
	err := s.mentions(ctx, sourceLang, []string{term}, func(id int64, _ int) { out = append(out, id) })
	return out, err
}

// TermUses counts, for each of terms (in sourceLang), the extracted
// articles that mention it, as ArticlesMentioning finds them, in one pass
// over the language's articles.
func (s *Store) TermUses(ctx context.Context, sourceLang string, terms []string) (map[string]int, error) {
	out := make(map[string]int, len(terms))
	err := s.mentions(ctx, sourceLang, terms, func(_ int64, t int) { out[terms[t]]++ })
	return out, err
}

// mentions calls fn for each extracted article in sourceLang and each of
// terms it mentions.
func (s *Store) mentions(ctx context.Context, sourceLang string, terms []string, fn func(id int64, term int)) error {
	if len(terms) == 0 {
		return nil
	}
	rows, err := s.query(ctx, s.DB, `SELECT id, title, lead, body_text, blocks FROM articles WHERE language = ? AND status = 'extracted'`, sourceLang)
	if err != nil {
		return err
	}
	defer rows.Close()
	needles := make([]string, len(terms))
	for i, t := range terms {
		needles[i] = strings.ToLower(t)
	}
	for rows.Next() {
		var id int64
		var title, lead, body, blocks string
		if err := rows.Scan(&id, &title, &lead, &body, &blocks); err != nil {
			return err
		}
		text := strings.ToLower(title + "\n" + lead + "\n" + body + "\n" + blocks)
		for i, n := range needles {
			if strings.Contains(text, n) {
				fn(id, i)
			}
		}
	}
	return rows.Err()
}

// ArticleTranslations is an article with its translations' languages and
// states.
type ArticleTranslations struct {
	ArticleID    int64
	Title        string // in the article's language
	Translations []TranslationRow
}

// TranslationsOf lists the given articles, newest first, with their
// translations (language, state, error) by language.
func (s *Store) TranslationsOf(ctx context.Context, ids []int64) ([]ArticleTranslations, error) {
	var out []ArticleTranslations
	for start := 0; start < len(ids); start += idBatch {
		in, args := idList(ids[start:min(start+idBatch, len(ids))])
		rows, err := s.query(ctx, s.DB, `SELECT a.id, a.title, COALESCE(t.lang, ''), COALESCE(t.state, ''), COALESCE(t.error, '')
			FROM articles a LEFT JOIN translations t ON t.article_id = a.id WHERE a.id IN (`+in+`) ORDER BY a.id, t.lang`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list translations: %w", err)
		}
		for rows.Next() {
			var id int64
			var title string
			var r TranslationRow
			if err := rows.Scan(&id, &title, &r.Lang, &r.State, &r.Error); err != nil {
				rows.Close()
				return nil, err
			}
			if len(out) == 0 || out[len(out)-1].ArticleID != id {
				out = append(out, ArticleTranslations{ArticleID: id, Title: title})
			}
			if r.Lang != "" {
				r.ArticleID = id
				at := &out[len(out)-1]
				at.Translations = append(at.Translations, r)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ArticleID > out[j].ArticleID })
	return out, nil
}
