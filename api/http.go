package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsbridge/model"
	"newsbridge/service"
)

// Cursor pagination, ETags, idempotent creation and per-token rate
// limiting: the HTTP mechanics the API's handlers share.

const (
	// DefaultPageSize is a list's page when ?limit is absent.
	DefaultPageSize = 50
	// MaxPageSize is the largest ?limit a list accepts.
	MaxPageSize = 500
)

// pageReq is a list request's position: the offset (or, for lists kept
// in key order, the last key) the cursor carries, and the page size.
type pageReq struct {
	Offset int
	Key    int64
	Limit  int
}

// cursorOf wraps a list position as an opaque cursor: base64url of
// "o:OFFSET" or "k:KEY". Clients must not build or read them.
func cursorOf(kind string, n int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + strconv.FormatInt(n, 10)))
}

// parsePage reads ?cursor and ?limit (DefaultPageSize when absent, at
// most MaxPageSize).
func parsePage(r *http.Request) (pageReq, error) {
	q := r.URL.Query()
	p := pageReq{Limit: DefaultPageSize}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPageSize {
			return p, model.Errorf(model.EInvalid, "limit must be a number from 1 to %d", MaxPageSize)
		}
		p.Limit = n
	}
	if v := q.Get("cursor"); v != "" {
		raw, err := base64.RawURLEncoding.DecodeString(v)
		kind, num, _ := strings.Cut(string(raw), ":")
		n, err2 := strconv.ParseInt(num, 10, 64)
		if err != nil || err2 != nil || n < 0 || (kind != "o" && kind != "k") {
			return p, model.Errorf(model.EInvalid, "cursor is not one this API gave out")
		}
		if kind == "o" {
			p.Offset = int(min(n, 1<<31))
		} else {
			p.Key = n
		}
	}
	return p, nil
}

// pageOf cuts a list loaded whole into the page p asks for and adds
// "next_cursor" to out when more follow. The cursor wraps the offset.
func pageOf[T any](items []T, p pageReq, out map[string]any) []T {
	if p.Offset >= len(items) {
		return []T{}
	}
	end := min(p.Offset+p.Limit, len(items))
	if end < len(items) {
		out["next_cursor"] = cursorOf("o", int64(end))
	}
	return items[p.Offset:end]
}

// renderPage answers one page of a whole list under key, with
// next_cursor when more follow; the page is read from the request's cursor
// and limit.
func renderPage[T any](w http.ResponseWriter, r *http.Request, key string, items []T) {
	p, err := parsePage(r)
	if err != nil {
		problem(w, err)
		return
	}
	page := map[string]any{}
	page[key] = pageOf(items, p, page)
	render(w, http.StatusOK, page)
}

// etagOf is a strong ETag of a representation's bytes.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// etagMatches reports whether an If-None-Match or If-Match header names
// tag ("*" names any).
func etagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || t == tag || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}

// etagWriter holds a 200 JSON answer back to tag it; anything else
// (problems, streamed exports) passes straight through.
type etagWriter struct {
	http.ResponseWriter
	buf     *bytes.Buffer
	decided bool
}

func (e *etagWriter) WriteHeader(code int) {
	if e.decided {
		return
	}
	e.decided = true
	if code == http.StatusOK && strings.HasPrefix(e.Header().Get("Content-Type"), "application/json") {
		e.buf = new(bytes.Buffer)
		return
	}
	e.ResponseWriter.WriteHeader(code)
}

func (e *etagWriter) Write(b []byte) (int, error) {
	if !e.decided {
		e.WriteHeader(http.StatusOK)
	}
	if e.buf != nil {
		return e.buf.Write(b)
	}
	return e.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (e *etagWriter) Unwrap() http.ResponseWriter { return e.ResponseWriter }

// withETag gives a GET's JSON answer a strong ETag of its body and
// answers 304 Not Modified when If-None-Match names it.
func withETag(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next(w, r)
			return
		}
		ew := &etagWriter{ResponseWriter: w}
		next(ew, r)
		if ew.buf == nil {
			return
		}
		tag := etagOf(ew.buf.Bytes())
		w.Header().Set("ETag", tag)
		if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, tag) {
			w.Header().Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.WriteHeader(http.StatusOK)
		w.Write(ew.buf.Bytes())
	}
}

// jsonBytes is what render writes for v: the body an ETag is taken of.
func jsonBytes(v any) []byte {
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(v)
	return b.Bytes()
}

// preconditionFailed answers 412 as a problem.
func preconditionFailed(w http.ResponseWriter, detail string) {
	writeProblem(w, Problem{Type: "urn:newsbridge:problem:precondition_failed", Title: http.StatusText(412), Status: 412, Detail: detail})
}

func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// Idempotency-Key: what a creating POST answered, kept per process.
const (
	// IdempotencyTTL is how long an Idempotency-Key's answer is replayed.
	IdempotencyTTL = 24 * time.Hour
	// idempotencyMax bounds the answers kept; the oldest go first.
	idempotencyMax = 10000
	// idempotencyMaxBody is the largest answer kept for replay.
	idempotencyMaxBody = 64 << 10
)

type idemEntry struct {
	bodyHash string
	at       time.Time
	done     bool
	status   int
	header   http.Header
	body     []byte
}

type idemStore struct {
	mu    sync.Mutex
	byKey map[string]*idemEntry
	order []idemKey // oldest first
}

type idemKey struct {
	key   string
	entry *idemEntry
}

// idemRecorder copies an answer while passing it on.
type idemRecorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (c *idemRecorder) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *idemRecorder) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if c.body.Len() <= idempotencyMaxBody {
		c.body.Write(b)
	}
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (c *idemRecorder) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// hashingBody hashes a request body as the handler reads it, so that a
// large import is never held in memory.
type hashingBody struct {
	io.ReadCloser
	h io.Writer
}

func (b hashingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.h.Write(p[:n])
	return n, err
}

// idempotent makes a creating POST safe to retry: with an
// Idempotency-Key header, the first successful (2xx) answer is kept for
// IdempotencyTTL in this process and replayed for the same key, user and
// route; the same key with a different body answers 422, and while the
// first request runs a second answers 409. Without the header nothing
// changes.
func (a *Handler) idempotent(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			next(w, r)
			return
		}
		if len(key) > 255 {
			problem(w, model.Errorf(model.EInvalid, "Idempotency-Key may have at most 255 characters"))
			return
		}
		actor := service.ActorFrom(r.Context())
		k := actor.Name + "\x00" + r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery + "\x00" + key
		h := sha256.New()
		s := &a.idem
		now := time.Now()
		s.mu.Lock()
		if s.byKey == nil {
			s.byKey = map[string]*idemEntry{}
		}
		if e, ok := s.byKey[k]; ok && now.Sub(e.at) < IdempotencyTTL {
			s.mu.Unlock()
			io.Copy(h, io.LimitReader(r.Body, a.maxImport()+1))
			switch {
			case !e.done:
				problem(w, model.Errorf(model.EConflict, "a request with this Idempotency-Key is still running"))
			case hex.EncodeToString(h.Sum(nil)) != e.bodyHash:
				writeProblem(w, Problem{Type: "urn:newsbridge:problem:idempotency_key_reused", Title: http.StatusText(422), Status: 422,
					Detail: "this Idempotency-Key was used with a different request body"})
			default:
				for name, vs := range e.header {
					w.Header()[name] = vs
				}
				w.Header().Set("Idempotent-Replayed", "true")
				w.WriteHeader(e.status)
				w.Write(e.body)
			}
			return
		}
		e := &idemEntry{at: now}
		s.byKey[k] = e
		s.order = append(s.order, idemKey{k, e})
		s.mu.Unlock()

		r.Body = hashingBody{r.Body, h}
		rec := &idemRecorder{ResponseWriter: w}
		kept := false
		defer func() { // also when the handler panics: never stuck "running"
			s.mu.Lock()
			defer s.mu.Unlock()
			if !kept && s.byKey[k] == e {
				delete(s.byKey, k) // a failure may be retried for real
			}
		}()
		next(rec, r)
		io.Copy(io.Discard, io.LimitReader(r.Body, a.maxImport()+1)) // hashes the rest
		if rec.status < 200 || rec.status > 299 || rec.body.Len() > idempotencyMaxBody {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		kept = true
		e.done, e.status, e.body, e.bodyHash = true, rec.status, rec.body.Bytes(), hex.EncodeToString(h.Sum(nil))
		e.header = http.Header{}
		for _, name := range []string{"Content-Type", "Location", "ETag"} {
			if v := w.Header().Get(name); v != "" {
				e.header.Set(name, v)
			}
		}
		// Bound the table: drop the expired answers and, past
		// idempotencyMax, the oldest.
		for len(s.order) > 0 {
			o := s.order[0]
			cur, ok := s.byKey[o.key]
			live := ok && cur == o.entry
			if live && len(s.byKey) <= idempotencyMax && now.Sub(o.entry.at) < IdempotencyTTL {
				break
			}
			if live {
				delete(s.byKey, o.key)
			}
			s.order = s.order[1:]
		}
	}
}

func (a *Handler) maxImport() int64 {
	if a.MaxMemoryImport > 0 {
		return a.MaxMemoryImport
	}
	return DefaultMaxMemoryImport
}

// Rate limiting: a token bucket per user.
const (
	// DefaultRateLimit is the requests per second a token may make.
	DefaultRateLimit = 20
	// DefaultRateBurst is how many requests a token may make at once.
	DefaultRateBurst = 40
)

type bucket struct {
	tokens float64
	at     time.Time
}

type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

// allow takes one request from user's bucket, or says how long until
// one is there.
func (a *Handler) allow(user string, now time.Time) (bool, time.Duration) {
	rate, burst := a.RateLimit, float64(a.RateBurst)
	if rate == 0 {
		rate = DefaultRateLimit
	}
	if burst == 0 {
		burst = DefaultRateBurst
	}
	if rate < 0 {
		return true, 0
	}
	l := &a.limits
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	b, ok := l.buckets[user]
	if !ok {
		if len(l.buckets) > 100000 { // a bound; full buckets are forgettable
			clear(l.buckets)
		}
		b = &bucket{tokens: burst, at: now}
		l.buckets[user] = b
	}
	b.tokens = min(burst, b.tokens+now.Sub(b.at).Seconds()*rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / rate * float64(time.Second))
}
