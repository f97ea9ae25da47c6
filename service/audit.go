package service

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"newsbridge/model"
	"newsbridge/store"
)

// audit records a change made by ctx's actor; before and after are
// marshalled to JSON (nil: the object did not exist before, or no longer
// does).
func (s *Service) audit(ctx context.Context, action, object string, before, after any) error {
	enc := func(v any) string {
		if v == nil {
			return ""
		}
		b, err := json.Marshal(v)
		if err != nil || string(b) == "null" { // a nil pointer: no object
			return ""
		}
		return string(b)
	}
	return s.Store.AddAudit(ctx, &model.AuditEntry{
		Actor: ActorFrom(ctx).Name, Action: action, Object: object, Before: enc(before), After: enc(after),
	})
}

// Audit lists the audit log, newest first. An administrator reads every
// entry; anyone else only their own.
func (s *Service) Audit(ctx context.Context, f store.AuditFilter) ([]model.AuditEntry, error) {
	if err := authorize(ctx, PermReview); err != nil {
		return nil, err
	}
	if a := ActorFrom(ctx); !Allowed(a.Role, PermAudit) {
		if f.Actor != "" && f.Actor != a.Name {
			return nil, model.Errorf(model.EForbidden, "an editor reads only their own audit entries")
		}
		f.Actor = a.Name
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	return s.Store.Audit(ctx, f)
}

// SegmentChange is one change of a segment's target from the audit log: an
// editor's edit, or the same correction applied from another article.
type SegmentChange struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"` // segment.edit or segment.propagate
	Before string    `json:"before"`
	After  string    `json:"after"`
}

// maxHistory bounds the changes SegmentHistory reads for one translation.
const maxHistory = 500

// SegmentHistory returns the changes of each segment of an article's
// translation into lang, by segment number, newest first.
func (s *Service) SegmentHistory(ctx context.Context, articleID int64, lang string) (map[int][]SegmentChange, error) {
	if err := authorize(ctx, PermReview); err != nil {
		return nil, err
	}
	prefix := fmt.Sprintf("translation/%d/%s/segment/", articleID, lang)
	entries, err := s.Store.Audit(ctx, store.AuditFilter{ObjectPrefix: prefix, Limit: maxHistory})
	if err != nil {
		return nil, err
	}
	out := make(map[int][]SegmentChange)
	for _, e := range entries {
		n, err := strconv.Atoi(strings.TrimPrefix(e.Object, prefix))
		if err != nil || (e.Action != "segment.edit" && e.Action != "segment.propagate") {
			continue
		}
		var before, after struct {
			Target string `json:"target"`
		}
		_ = json.Unmarshal([]byte(e.Before), &before)
		_ = json.Unmarshal([]byte(e.After), &after)
		out[n] = append(out[n], SegmentChange{At: e.At, Actor: e.Actor, Action: e.Action, Before: before.Target, After: after.Target})
	}
	return out, nil
}
