package store

import (
	"context"
	"fmt"
)

// Usage is one engine's work on one UTC day.
type Usage struct {
	Engine     string
	Day        string // YYYY-MM-DD
	Chars      int64  // characters sent to the engine
	Segments   int64  // segments sent to the engine
	MemoryHits int64  // segments answered from memory instead
	Requests   int64
	Errors     int64
}

// AddUsage adds to an engine's counters for the day.
func (s *Store) AddUsage(ctx context.Context, u Usage) error {
	if u.Day == "" {
		u.Day = s.Now().UTC().Format("2006-01-02")
	}
	_, err := s.exec(ctx, s.DB, `INSERT INTO engine_usage (engine, day, chars, segments, memory_hits, requests, errors) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (engine, day) DO UPDATE SET chars = engine_usage.chars + excluded.chars, segments = engine_usage.segments + excluded.segments,
		memory_hits = engine_usage.memory_hits + excluded.memory_hits, requests = engine_usage.requests + excluded.requests, errors = engine_usage.errors + excluded.errors`,
		u.Engine, u.Day, u.Chars, u.Segments, u.MemoryHits, u.Requests, u.Errors)
	if err != nil {
		return fmt.Errorf("store: unable to record usage: %w", err)
	}
	return nil
}

// UsageTotals sums each engine's counters over all days.
func (s *Store) UsageTotals(ctx context.Context) ([]Usage, error) {
	rows, err := s.query(ctx, s.DB, `SELECT engine, SUM(chars), SUM(segments), SUM(memory_hits), SUM(requests), SUM(errors) FROM engine_usage GROUP BY engine ORDER BY engine`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read usage: %w", err)
	}
	defer rows.Close()
	var out []Usage
	for rows.Next() {
		var u Usage
		if err := rows.Scan(&u.Engine, &u.Chars, &u.Segments, &u.MemoryHits, &u.Requests, &u.Errors); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
