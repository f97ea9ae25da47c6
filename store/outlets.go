package store

import (
	"context"
	"database/sql"
	"fmt"

	"newsbridge/model"
)

// outletCols are an outlet's columns: the language of its name is the
// source's configured one, else its latest article's (a source whose
// language is detected).
const outletCols = `src.id, src.name, CASE WHEN src.language <> '' THEN src.language ELSE COALESCE((SELECT a.language FROM articles a
	WHERE a.source_id = src.id AND a.language <> '' ORDER BY a.id DESC LIMIT 1), '') END`

// Outlet returns a source as the reader's site names it; an error with
// code model.ENotFound when there is none.
func (s *Store) Outlet(ctx context.Context, id int64) (*model.Outlet, error) {
	var o model.Outlet
	err := s.queryRow(ctx, s.DB, `SELECT `+outletCols+` FROM sources src WHERE src.id = ?`, id).Scan(&o.ID, &o.Name, &o.Lang)
	if translateErr(err) == ErrNotFound {
		return nil, model.Errorf(model.ENotFound, "no outlet %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read outlet %d: %w", id, err)
	}
	return &o, nil
}

// OutletsOf lists the sources with a story published in lang, for the
// sitemaps and static publishing, by id.
func (s *Store) OutletsOf(ctx context.Context, lang string) ([]model.Outlet, error) {
	rows, err := s.query(ctx, s.DB, `SELECT `+outletCols+` FROM sources src WHERE EXISTS (SELECT 1 FROM articles a
		JOIN publications p ON p.article_id = a.id WHERE a.source_id = src.id AND p.lang = ?) ORDER BY src.id`, lang)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list outlets: %w", err)
	}
	return scanOutlets(rows)
}

// scanOutlets reads rows of outletCols and closes them.
func scanOutlets(rows *sql.Rows) ([]model.Outlet, error) {
	defer rows.Close()
	var out []model.Outlet
	for rows.Next() {
		var o model.Outlet
		if err := rows.Scan(&o.ID, &o.Name, &o.Lang); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
