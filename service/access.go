package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"newsbridge/model"
	"newsbridge/store"
)

// Permission is one kind of operation a role may run.
type Permission string

// The permissions. Every API route and every editor screen names one.
const (
	// PermReview reads the review queue, translations and one's own audit entries.
	PermReview Permission = "review"
	// PermEdit edits, approves, unpublishes and re-translates translations.
	PermEdit Permission = "edit"
	// PermGlossary keeps the glossary.
	PermGlossary Permission = "glossary"
	// PermComments moderates readers' comments.
	PermComments Permission = "comments"
	// PermUsers manages users.
	PermUsers Permission = "users"
	// PermSources manages the outlets followed.
	PermSources Permission = "sources"
	// PermEngines manages the translation engines.
	PermEngines Permission = "engines"
	// PermSettings manages the settings.
	PermSettings Permission = "settings"
	// PermAudit reads everyone's audit entries and exports them.
	PermAudit Permission = "audit"
)

// Roles is the one table of who may do what: the API, the editor screens
// and the service itself check it. Admins may do everything editors may.
var Roles = map[string][]Permission{
	store.RoleEditor: {PermReview, PermEdit, PermGlossary, PermComments},
	store.RoleAdmin: {PermReview, PermEdit, PermGlossary, PermComments,
		PermUsers, PermSources, PermEngines, PermSettings, PermAudit},
}

// Allowed reports whether role has permission p.
func Allowed(role string, p Permission) bool {
	for _, q := range Roles[role] {
		if q == p {
			return true
		}
	}
	return false
}

// Actor is who runs an operation: a signed-in user, or the operator at
// the command line (OperatorActor).
type Actor struct {
	Name string
	Role string
}

// OperatorActor is the command line's actor: whoever can run newsbridge
// on the server is an administrator.
var OperatorActor = Actor{Name: "operator", Role: store.RoleAdmin}

type actorKey struct{}

// WithActor returns ctx carrying who runs the operations made with it.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns ctx's actor, OperatorActor when none was set.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return OperatorActor
}

// authorize checks ctx's actor against the role table.
func authorize(ctx context.Context, p Permission) error {
	a := ActorFrom(ctx)
	if !Allowed(a.Role, p) {
		return model.Errorf(model.EForbidden, "%s %q may not do this (it needs the %q permission)", a.Role, a.Name, p)
	}
	return nil
}

// NewToken makes an API token and the hash stored for it.
func NewToken() (token, hash string) {
	b := make([]byte, 24)
	rand.Read(b)
	token = "nb_" + hex.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is what the store keeps of a token or a session id.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// argon2id parameters: OWASP's (19 MiB, 2 passes, 1 lane), about 30 ms
// a hash on one core.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// HashPassword returns password's argon2id hash as a PHC string:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded base64).
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordLength {
		return "", model.Errorf(model.EInvalid, "user: a password needs at least %d characters", MinPasswordLength)
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("service: unable to make a salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches a HashPassword string,
// comparing in constant time with the parameters the hash was made with.
func VerifyPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var v int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<21 || t == 0 || t > 16 || p == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when the user does not exist, so that a
// wrong name takes as long as a wrong password. It is made at the first
// sign-in, not at start-up: hashing costs every command (extract too) tens
// of milliseconds and 19 MiB.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a password of anyone")
	return h
})

// Throttling limits. Failures are counted in the database, so they hold
// across processes and restarts.
const (
	// LoginUserLimit failed sign-ins of one user in LoginWindow lock that
	// user's sign-in until the oldest one leaves the window.
	LoginUserLimit = 5
	// LoginAddrLimit failed sign-ins from one client address in LoginWindow
	// lock that address's sign-in.
	LoginAddrLimit = 20
	LoginWindow    = 15 * time.Minute
	// APIAuthLimit failed API authentications from one address in
	// APIAuthWindow answer 429 until the window has passed.
	APIAuthLimit  = 10
	APIAuthWindow = time.Minute
	// SessionTTL is how long a session lasts.
	SessionTTL = 12 * time.Hour
)

// Throttled is the error of a refused attempt: too many failures.
type Throttled struct {
	RetryAfter time.Duration
	Err        *model.Error
}

func (e *Throttled) Error() string { return e.Err.Error() }
func (e *Throttled) Unwrap() error { return e.Err }

// throttle refuses when subject failed limit times in window.
func (s *Service) throttle(ctx context.Context, scope, subject string, limit int, window time.Duration) error {
	now := s.Store.Now()
	n, oldest, err := s.Store.AuthFailures(ctx, scope, subject, now.Add(-window))
	if err != nil {
		return err
	}
	if n < limit {
		return nil
	}
	wait := max(oldest.Add(window).Sub(now), time.Second)
	return &Throttled{RetryAfter: wait, Err: model.Errorf(model.ETooManyRequests, "too many failed attempts; try again in %d seconds", int(wait.Seconds()+0.5))}
}

// AuthenticateToken returns the user an API token belongs to. Failures
// are counted per client address: past APIAuthLimit a minute, every
// attempt from there is refused with a Throttled error.
func (s *Service) AuthenticateToken(ctx context.Context, token, addr string) (*store.User, error) {
	if err := s.throttle(ctx, "api", addr, APIAuthLimit, APIAuthWindow); err != nil {
		return nil, err
	}
	if token == "" { // not a guess: no failure counted
		return nil, model.Errorf(model.EUnauthorized, "an API token is required (Authorization: Bearer …)")
	}
	u, err := s.Store.UserByToken(ctx, HashToken(token))
	if err == nil && subtle.ConstantTimeCompare([]byte(u.TokenHash), []byte(HashToken(token))) == 1 {
		return u, nil
	}
	if err != nil && model.ErrorCode(err) != model.ENotFound {
		return nil, err
	}
	if err := s.Store.AddAuthFailure(ctx, "api", addr); err != nil {
		return nil, err
	}
	return nil, model.Errorf(model.EUnauthorized, "invalid API token")
}

// Login checks a user's password and opens a session; it returns the
// session's id (for the cookie; only its hash is stored) and the user.
// Failures are counted per user and per client address.
func (s *Service) Login(ctx context.Context, name, password, addr string) (string, *store.User, error) {
	if err := s.throttle(ctx, "login_addr", addr, LoginAddrLimit, LoginWindow); err != nil {
		return "", nil, err
	}
	if err := s.throttle(ctx, "login_user", name, LoginUserLimit, LoginWindow); err != nil {
		return "", nil, err
	}
	u, err := s.Store.UserByName(ctx, name)
	if err != nil && model.ErrorCode(err) != model.ENotFound {
		return "", nil, err
	}
	ok := false
	if u != nil && u.PasswordHash != "" {
		ok = VerifyPassword(u.PasswordHash, password)
	} else {
		VerifyPassword(dummyHash(), password)
	}
	if !ok {
		if err := s.Store.AddAuthFailure(ctx, "login_addr", addr); err != nil {
			return "", nil, err
		}
		if err := s.Store.AddAuthFailure(ctx, "login_user", name); err != nil {
			return "", nil, err
		}
		return "", nil, model.Errorf(model.EUnauthorized, "wrong name or password")
	}
	if err := s.Store.ClearAuthFailures(ctx, "login_user", name); err != nil {
		return "", nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("service: unable to make a session id: %w", err)
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	if err := s.Store.CreateSession(ctx, HashToken(id), u.ID, s.Store.Now().Add(SessionTTL)); err != nil {
		return "", nil, err
	}
	return id, u, nil
}

// SessionUser returns the user of a session id; an expired session, an
// unknown one and a removed user's are EUnauthorized.
func (s *Service) SessionUser(ctx context.Context, id string) (*store.User, error) {
	if id == "" {
		return nil, model.Errorf(model.EUnauthorized, "sign in first")
	}
	return s.Store.SessionUser(ctx, HashToken(id))
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, id string) error {
	return s.Store.DeleteSession(ctx, HashToken(id))
}
