package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"newsbridge/model"
)

// maxAuthors bounds the authors taken from one byline.
const maxAuthors = 10

// ParseByline splits a byline into its authors, normalised so that one
// person is one author across articles: the "By "/"Por "/"Per " opening is
// dropped, names are split on commas, semicolons, "&", "and", "og", and on
// "y", "i", "e" when both sides are two words or more (so that "Ortega y
// Gasset" and "Miró i Ferrà" stay one person), space is collapsed, a name
// in capitals is written in title case. An author's slug (its key) is the
// name without case, diacritics or punctuation. lang is the article's
// language ("" when unknown).
func ParseByline(byline, lang string) []model.Author {
	byline = strings.Join(strings.Fields(norm.NFC.String(byline)), " ")
	var parts []string
	for _, p := range splitWords(byline, true, ",", ";", "&", "and", "og", "und", "et") {
		parts = append(parts, splitWords(p, false, "y", "i", "e")...)
	}
	var out []model.Author
	seen := map[string]bool{}
	for _, p := range parts {
		p, _ = model.TrimBylineOpener(p, lang)
		p = strings.Trim(p, " .,;:-–—|·•")
		if utf8.RuneCountInString(p) > 80 || p == "" {
			continue
		}
		if model.IsBylineOpener(p) {
			continue // "By" and nothing after it
		}
		p = titleIfShouting(p)
		slug := Slugify(p, 80)
		if slug == "" || seen[slug] {
			continue
		}
		seen[slug] = true
		out = append(out, model.Author{Slug: slug, Name: p})
		if len(out) == maxAuthors {
			break
		}
	}
	return out
}

// splitWords splits s on separators: punctuation anywhere, words only
// between spaces. With always false a word splits only when both sides
// have two words or more.
func splitWords(s string, always bool, seps ...string) []string {
	out := []string{s}
	for _, sep := range seps {
		var next []string
		for _, part := range out {
			next = append(next, splitOn(part, sep, always)...)
		}
		out = next
	}
	return out
}

func splitOn(s, sep string, always bool) []string {
	word := unicode.IsLetter([]rune(sep)[0])
	if !word {
		return strings.Split(s, sep)
	}
	words := strings.Split(s, " ")
	var out []string
	start := 0
	for i, w := range words {
		if i == 0 || i == len(words)-1 || !strings.EqualFold(w, sep) {
			continue
		}
		left, right := words[start:i], words[i+1:]
		if !always && (len(left) < 2 || len(rightUntilSep(right, sep)) < 2) {
			continue
		}
		out = append(out, strings.Join(left, " "))
		start = i + 1
	}
	return append(out, strings.Join(words[start:], " "))
}

// rightUntilSep is the words before the next separator word.
func rightUntilSep(words []string, sep string) []string {
	for i, w := range words {
		if strings.EqualFold(w, sep) {
			return words[:i]
		}
	}
	return words
}

// titleIfShouting writes "ANA RUIZ" as "Ana Ruiz"; a name with any lower
// case letter is kept as written.
func titleIfShouting(s string) string {
	letters := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return s
		}
		if unicode.IsUpper(r) {
			letters = true
		}
	}
	if !letters {
		return s
	}
	var b strings.Builder
	start := true
	for _, r := range s {
		if start {
			b.WriteRune(r)
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		start = r == ' ' || r == '-' || r == '\''
	}
	return b.String()
}

// saveAuthors replaces an article's authors with those of its byline.
func (s *Store) saveAuthors(ctx context.Context, tx querier, articleID int64, byline, lang string) (int, error) {
	if _, err := s.exec(ctx, tx, `DELETE FROM article_authors WHERE article_id = ?`, articleID); err != nil {
		return 0, err
	}
	authors := ParseByline(byline, lang)
	now := ms(s.Now())
	for i, a := range authors {
		if _, err := s.exec(ctx, tx, `INSERT INTO authors (slug, name, created_at) VALUES (?, ?, ?) ON CONFLICT (slug) DO NOTHING`, a.Slug, a.Name, now); err != nil {
			return 0, err
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO article_authors (article_id, author_id, position) SELECT ?, id, ? FROM authors WHERE slug = ?`, articleID, i, a.Slug); err != nil {
			return 0, err
		}
	}
	return len(authors), nil
}

// BackfillAuthors gives authors to the articles signed before authors
// were kept (a byline and no author), and marks their publications
// changed so that their pages link the authors. It returns how many
// articles got authors.
func (s *Store) BackfillAuthors(ctx context.Context) (int, error) {
	type row struct {
		id           int64
		byline, lang string
	}
	n := 0
	for after := int64(0); ; {
		rows, err := s.query(ctx, s.DB, `SELECT a.id, a.byline, a.language FROM articles a WHERE a.id > ? AND a.byline <> ''
			AND NOT EXISTS (SELECT 1 FROM article_authors x WHERE x.article_id = a.id) ORDER BY a.id LIMIT 500`, after)
		if err != nil {
			return n, fmt.Errorf("store: unable to list bylines: %w", err)
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.byline, &r.lang); err != nil {
				rows.Close()
				return n, err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, err
		}
		if len(batch) == 0 {
			return n, nil
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			now := ms(s.Now())
			for _, r := range batch {
				k, err := s.saveAuthors(ctx, tx, r.id, r.byline, r.lang)
				if err != nil {
					return err
				}
				if k > 0 {
					n++
					if _, err := s.exec(ctx, tx, `UPDATE publications SET updated_at = ? WHERE article_id = ?`, now, r.id); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("store: unable to save authors: %w", err)
		}
		after = batch[len(batch)-1].id
	}
}

// Author returns an author by slug.
func (s *Store) Author(ctx context.Context, slug string) (*model.Author, error) {
	var a model.Author
	err := s.queryRow(ctx, s.DB, `SELECT slug, name FROM authors WHERE slug = ?`, slug).Scan(&a.Slug, &a.Name)
	if translateErr(err) == ErrNotFound {
		return nil, model.Errorf(model.ENotFound, "no author %q", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read author %q: %w", slug, err)
	}
	return &a, nil
}

// ArticleAuthors lists an article's authors in byline order.
func (s *Store) ArticleAuthors(ctx context.Context, articleID int64) ([]model.Author, error) {
	rows, err := s.query(ctx, s.DB, `SELECT au.slug, au.name FROM article_authors x JOIN authors au ON au.id = x.author_id
		WHERE x.article_id = ? ORDER BY x.position`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the authors of article %d: %w", articleID, err)
	}
	return scanAuthors(rows)
}

// AuthorsOf lists the authors with a story published in lang, for the
// sitemaps and static publishing, by slug.
func (s *Store) AuthorsOf(ctx context.Context, lang string) ([]model.Author, error) {
	rows, err := s.query(ctx, s.DB, `SELECT au.slug, au.name FROM authors au WHERE EXISTS (SELECT 1 FROM article_authors x
		JOIN publications p ON p.article_id = x.article_id WHERE x.author_id = au.id AND p.lang = ?) ORDER BY au.slug`, lang)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list authors: %w", err)
	}
	return scanAuthors(rows)
}

// scanAuthors reads rows of (slug, name) and closes them.
func scanAuthors(rows *sql.Rows) ([]model.Author, error) {
	defer rows.Close()
	var out []model.Author
	for rows.Next() {
		var a model.Author
		if err := rows.Scan(&a.Slug, &a.Name); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
