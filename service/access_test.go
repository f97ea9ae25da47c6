package service_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsbridge/internal/pgtest"
	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// eachDB runs a test on a fresh SQLite database and a fresh PostgreSQL
// one, with a clock the test moves.
func eachDB(t *testing.T, fn func(t *testing.T, svc *service.Service, clock *time.Time)) {
	run := func(t *testing.T, st *store.Store) {
		defer st.Close()
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		st.Now = func() time.Time { return now }
		if err := st.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		fn(t, service.New(st, nil), &now)
	}
	t.Run("sqlite", func(t *testing.T) {
		st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "t.db"))
		if err != nil {
			t.Fatal(err)
		}
		run(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := store.Open(context.Background(), pgtest.NewDatabase(t), "")
		if err != nil {
			t.Fatal(err)
		}
		run(t, st)
	})
}

func TestPasswordHash(t *testing.T) {
	h, err := service.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Count(h, "$") != 5 {
		t.Fatalf("not a PHC argon2id string: %s", h)
	}
	h2, _ := service.HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password must differ (salt)")
	}
	if !service.VerifyPassword(h, "correct horse battery") || service.VerifyPassword(h, "correct horse batterY") {
		t.Error("verify")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA", h[:len(h)-4]} {
		if service.VerifyPassword(bad, "correct horse battery") {
			t.Errorf("verified against %q", bad)
		}
	}
	if _, err := service.HashPassword("short"); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("short password: %v", err)
	}
}

func TestSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, svc *service.Service, now *time.Time) {
		ctx := context.Background()
		if _, err := svc.AddUser(ctx, "marta", store.RoleEditor, "a long enough secret"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Login(ctx, "marta", "wrong password!", "10.0.0.1"); model.ErrorCode(err) != model.EUnauthorized {
			t.Fatalf("wrong password: %v", err)
		}
		if _, _, err := svc.Login(ctx, "nobody", "a long enough secret", "10.0.0.1"); model.ErrorCode(err) != model.EUnauthorized || err.Error() != "wrong name or password" {
			t.Fatalf("unknown user: %v", err)
		}
		id, u, err := svc.Login(ctx, "marta", "a long enough secret", "10.0.0.1")
		if err != nil || u.Name != "marta" || len(id) < 43 {
			t.Fatalf("login: %q %v", id, err)
		}
		if got, err := svc.SessionUser(ctx, id); err != nil || got.Name != "marta" || got.Role != store.RoleEditor {
			t.Fatalf("session: %+v %v", got, err)
		}
		// only the hash is stored
		var n int
		svc.Store.DB.QueryRow(`SELECT COUNT(*) FROM sessions WHERE id_hash = '` + service.HashToken(id) + `'`).Scan(&n)
		if n != 1 {
			t.Fatal("the session is not stored under its id's hash")
		}
		// expiry
		*now = now.Add(service.SessionTTL + time.Second)
		if _, err := svc.SessionUser(ctx, id); model.ErrorCode(err) != model.EUnauthorized {
			t.Fatalf("expired session: %v", err)
		}
		// logout
		id, _, _ = svc.Login(ctx, "marta", "a long enough secret", "10.0.0.1")
		if err := svc.Logout(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SessionUser(ctx, id); model.ErrorCode(err) != model.EUnauthorized {
			t.Fatalf("after logout: %v", err)
		}
		// a removed user's session ends at once
		id, _, _ = svc.Login(ctx, "marta", "a long enough secret", "10.0.0.1")
		if err := svc.RemoveUser(ctx, "marta"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SessionUser(ctx, id); model.ErrorCode(err) != model.EUnauthorized {
			t.Fatalf("removed user: %v", err)
		}
		// a token-only user cannot sign in
		if _, err := svc.AddUser(ctx, "bot", store.RoleEditor, ""); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Login(ctx, "bot", "", "10.0.0.1"); model.ErrorCode(err) != model.EUnauthorized {
			t.Fatalf("token-only user: %v", err)
		}
	})
}

func TestLoginThrottled(t *testing.T) {
	eachDB(t, func(t *testing.T, svc *service.Service, now *time.Time) {
		ctx := context.Background()
		svc.AddUser(ctx, "marta", store.RoleEditor, "a long enough secret")
		for i := 0; i < service.LoginUserLimit; i++ {
			svc.Login(ctx, "marta", "guess number "+string(rune('a'+i)), "10.0.0.1")
		}
		// per user: even the right password, from another address, waits
		_, _, err := svc.Login(ctx, "marta", "a long enough secret", "10.0.0.2")
		if model.ErrorCode(err) != model.ETooManyRequests {
			t.Fatalf("after %d failures: %v", service.LoginUserLimit, err)
		}
		if th, ok := err.(*service.Throttled); !ok || th.RetryAfter <= 0 || th.RetryAfter > service.LoginWindow {
			t.Fatalf("retry after: %#v", err)
		}
		*now = now.Add(service.LoginWindow + time.Second)
		if _, _, err := svc.Login(ctx, "marta", "a long enough secret", "10.0.0.2"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// per address: many names from one address
		for i := 0; i < service.LoginAddrLimit; i++ {
			svc.Login(ctx, "user"+string(rune('a'+i)), "whatever it is", "10.0.0.9")
		}
		if _, _, err := svc.Login(ctx, "marta", "a long enough secret", "10.0.0.9"); model.ErrorCode(err) != model.ETooManyRequests {
			t.Fatalf("address throttle: %v", err)
		}
	})
}

func TestRoleTableInService(t *testing.T) {
	eachDB(t, func(t *testing.T, svc *service.Service, now *time.Time) {
		ctx := service.WithActor(context.Background(), service.Actor{Name: "marta", Role: store.RoleEditor})
		if _, err := svc.Users(ctx); model.ErrorCode(err) != model.EForbidden {
			t.Fatalf("editor listing users: %v", err)
		}
		if _, err := svc.AddSource(ctx, "http://outlet.test/feed.xml", "", "es", 0); model.ErrorCode(err) != model.EForbidden {
			t.Fatalf("editor adding a source: %v", err)
		}
		if _, err := svc.SaveTerm(ctx, &model.GlossaryTerm{SourceLang: "es", Term: "Valdemora", Kind: model.TermPlace, Renderings: map[string]string{"ca": "Valldemora"}}); err != nil {
			t.Fatalf("editor keeping the glossary: %v", err)
		}
		es, _ := svc.Store.Audit(context.Background(), store.AuditFilter{})
		if len(es) != 1 || es[0].Actor != "marta" || es[0].Action != "glossary.save" || es[0].Before != "" || !strings.Contains(es[0].After, "Valldemora") {
			t.Fatalf("audit: %+v", es)
		}
		for _, r := range []string{store.RoleEditor, store.RoleAdmin} {
			for _, p := range service.Roles[store.RoleEditor] {
				if !service.Allowed(r, p) {
					t.Errorf("%s lacks the editor's %s", r, p)
				}
			}
		}
	})
}
