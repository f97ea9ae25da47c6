package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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

// ArticlesMentioning lists the extracted articles in sourceLang whose text
// contains term (case-insensitively), for re-translation after a glossary edit.
func (s *Store) ArticlesMentioning(ctx context.Context, sourceLang, term string) ([]int64, error) {
	rows, err := s.query(ctx, s.DB, `SELECT id, title, lead, body_text, blocks FROM articles WHERE language = ? AND status = 'extracted'`, sourceLang)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	needle := strings.ToLower(term)
	var out []int64
	for rows.Next() {
		var id int64
		var title, lead, body, blocks string
		if err := rows.Scan(&id, &title, &lead, &body, &blocks); err != nil {
			return nil, err
		}
		if strings.Contains(strings.ToLower(title+"\n"+lead+"\n"+body+"\n"+blocks), needle) {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}
