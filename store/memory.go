package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	"newsbridge/model"
)

var _ model.Memory = (*Store)(nil)
var _ model.Glossary = (*Store)(nil)

// LookupMemory returns the memory entries for keys; an editor's entry wins
// over the machine's whatever the glossary version.
func (s *Store) LookupMemory(ctx context.Context, pair model.Pair, glossaryVersion int64, keys []string) (map[string]model.MemoryEntry, error) {
	out := make(map[string]model.MemoryEntry, len(keys))
	const chunk = 400 // stay far below both databases' parameter limits
	for start := 0; start < len(keys); start += chunk {
		end := min(start+chunk, len(keys))
		args := make([]any, 0, 3+end-start)
		args = append(args, pair.From, pair.To, glossaryVersion)
		for _, k := range keys[start:end] {
			args = append(args, k)
		}
		in := strings.Repeat(",?", end-start)[1:] // one allocation, not one per key
		rows, err := s.query(ctx, s.DB, `SELECT key, source, target, origin, engine, engine_version, route, editor, created_at FROM memory
			WHERE from_lang = ? AND to_lang = ? AND (origin = 'editor' OR glossary_version = ?) AND key IN (`+in+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: unable to look up memory: %w", err)
		}
		for rows.Next() {
			var e model.MemoryEntry
			var at int64
			if err := rows.Scan(&e.Key, &e.Source, &e.Target, &e.Origin, &e.Engine, &e.EngineVersion, &e.Route, &e.Editor, &at); err != nil {
				rows.Close()
				return nil, err
			}
			e.At = fromMS(at)
			if old, ok := out[e.Key]; ok && old.Origin == model.OriginEditor && (e.Origin != model.OriginEditor || !e.At.After(old.At)) {
				continue
			}
			out[e.Key] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SaveMemory stores entries; an entry for the same key, origin and glossary
// version is replaced.
func (s *Store) SaveMemory(ctx context.Context, pair model.Pair, glossaryVersion int64, entries []model.MemoryEntry) error {
	if len(entries) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, e := range entries {
			origin := e.Origin
			if origin == "" {
				origin = model.OriginMachine
			}
			at := e.At
			if at.IsZero() {
				at = s.Now()
			}
			_, err := s.exec(ctx, tx, `INSERT INTO memory (from_lang, to_lang, glossary_version, origin, key, source, target, engine, engine_version, route, editor, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (from_lang, to_lang, key, origin, glossary_version) DO UPDATE SET target = excluded.target, source = excluded.source,
				engine = excluded.engine, engine_version = excluded.engine_version, route = excluded.route, editor = excluded.editor, created_at = excluded.created_at`,
				pair.From, pair.To, glossaryVersion, origin, e.Key, e.Source, e.Target, e.Engine, e.EngineVersion, e.Route, e.Editor, ms(at))
			if err != nil {
				return fmt.Errorf("store: unable to save memory: %w", err)
			}
		}
		return nil
	})
}

// MemoryStats counts the entries in memory by origin.
func (s *Store) MemoryStats(ctx context.Context) (machine, editor int64, err error) {
	err = s.queryRow(ctx, s.DB, `SELECT
		(SELECT COUNT(*) FROM memory WHERE origin = 'machine'),
		(SELECT COUNT(*) FROM memory WHERE origin = 'editor')`).Scan(&machine, &editor)
	return machine, editor, translateErr(err)
}

// EachMemory calls fn with every memory entry of pair and its glossary
// version, oldest first, reading the rows as a stream.
func (s *Store) EachMemory(ctx context.Context, pair model.Pair, fn func(e model.MemoryEntry, glossaryVersion int64) error) error {
	rows, err := s.query(ctx, s.DB, `SELECT key, source, target, origin, engine, engine_version, route, editor, created_at, glossary_version FROM memory
		WHERE from_lang = ? AND to_lang = ? ORDER BY created_at, key`, pair.From, pair.To)
	if err != nil {
		return fmt.Errorf("store: unable to read memory: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e model.MemoryEntry
		var at, gv int64
		if err := rows.Scan(&e.Key, &e.Source, &e.Target, &e.Origin, &e.Engine, &e.EngineVersion, &e.Route, &e.Editor, &at, &gv); err != nil {
			return fmt.Errorf("store: unable to read memory: %w", err)
		}
		e.At = fromMS(at)
		if err := fn(e, gv); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ImportMemory saves the entries next yields, until it returns io.EOF, in
// one transaction: an error from next saves nothing. It returns the count.
func (s *Store) ImportMemory(ctx context.Context, pair model.Pair, next func() (model.MemoryEntry, int64, error)) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for {
			e, gv, err := next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			at := e.At
			if at.IsZero() {
				at = s.Now()
			}
			_, err = s.exec(ctx, tx, `INSERT INTO memory (from_lang, to_lang, glossary_version, origin, key, source, target, engine, engine_version, route, editor, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (from_lang, to_lang, key, origin, glossary_version) DO UPDATE SET target = excluded.target, source = excluded.source,
				engine = excluded.engine, engine_version = excluded.engine_version, route = excluded.route, editor = excluded.editor, created_at = excluded.created_at`,
				pair.From, pair.To, gv, e.Origin, e.Key, e.Source, e.Target, e.Engine, e.EngineVersion, e.Route, e.Editor, ms(at))
			if err != nil {
				return fmt.Errorf("store: unable to import memory: %w", err)
			}
			n++
		}
	})
	return n, err
}
