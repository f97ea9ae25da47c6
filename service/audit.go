package service

import (
	"context"
	"encoding/json"

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
