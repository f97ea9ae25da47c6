package store

import (
	"context"
	"fmt"

	"newsbridge/model"
)

// AddAudit appends an entry to the audit log; At is set here.
func (s *Store) AddAudit(ctx context.Context, e *model.AuditEntry) error {
	e.At = s.Now().UTC()
	err := s.queryRow(ctx, s.DB, `INSERT INTO audit_log (at, actor, action, object, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		ms(e.At), e.Actor, e.Action, e.Object, e.Before, e.After).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("store: unable to write the audit log: %w", err)
	}
	return nil
}

// AuditFilter selects audit entries, newest first: Actor "" = everyone;
// Before > 0 pages on (entries with a smaller id).
type AuditFilter struct {
	Actor string
	// ObjectPrefix selects the entries whose object starts with it
	// ("translation/3/ca/segment/": the edits of one translation).
	ObjectPrefix string
	Before       int64
	Limit        int
}

// Audit lists audit entries.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]model.AuditEntry, error) {
	q := `SELECT id, at, actor, action, object, before_json, after_json FROM audit_log WHERE 1 = 1`
	var args []any
	if f.Actor != "" {
		q += ` AND actor = ?`
		args = append(args, f.Actor)
	}
	if f.ObjectPrefix != "" {
		// The objects that start with the prefix are those from it up to
		// the prefix with its last byte raised, in byte order: a range of
		// the audit_log_object index.
		// (A prefix ending in a non-ASCII letter is matched with LIKE.)
		col := "object"
		if s.Dialect == Postgres {
			col = `object COLLATE "C"`
		}
		p := f.ObjectPrefix
		if last := p[len(p)-1]; last < 0x7f {
			q += ` AND ` + col + ` >= ? AND ` + col + ` < ?`
			args = append(args, p, p[:len(p)-1]+string(rune(last+1)))
		} else {
			q += ` AND object LIKE ? ESCAPE '\'`
			args = append(args, likeEscape(p)+"%")
		}
	}
	if f.Before > 0 {
		q += ` AND id < ?`
		args = append(args, f.Before)
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, f.Limit)
	rows, err := s.query(ctx, s.DB, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the audit log: %w", err)
	}
	defer rows.Close()
	out := []model.AuditEntry{}
	for rows.Next() {
		var e model.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Object, &e.Before, &e.After); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
