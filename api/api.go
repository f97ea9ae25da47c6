// Package api is the editors' JSON API under /api/v1/, authenticated with a
// bearer token (`newsbridge user add`). Every route names the permission it
// needs from the service's role table; handlers parse, call the service
// and render. Errors are RFC 9457 problem details.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

// Handler serves the API from the service.
type Handler struct {
	// MaxMemoryImport bounds a TMX import's body (DefaultMaxMemoryImport
	// when 0).
	MaxMemoryImport int64
	// RateLimit is the requests per second one user's tokens may make
	// (DefaultRateLimit when 0, no limit when negative); RateBurst is how
	// many may come at once (DefaultRateBurst when 0). Past it: 429.
	RateLimit float64
	RateBurst int

	idem   idemStore
	limits limiter
	store  *store.Store
	svc    *service.Service
	mux    *http.ServeMux
}

// ServeHTTP implements http.Handler.
func (a *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

// Route is one endpoint of the API and the permission it needs.
type Route struct {
	Pattern string // a ServeMux pattern: "GET /api/v1/users"
	// Permission is what the token's role must grant; "" for the public
	// routes (the API's description), which need no token.
	Permission service.Permission
	handle     http.HandlerFunc
}

// Routes lists the API's endpoints: NewHandler registers exactly these.
func (a *Handler) Routes() []Route {
	const tr = "/api/v1/articles/{id}/translations/{lang}"
	return []Route{
		{"GET /api/v1/openapi.json", "", a.openAPI},
		{"GET /api/v1/docs", "", a.reference},
		{"GET /api/v1/review", service.PermReview, a.reviewList},
		{"GET " + tr, service.PermReview, a.translationGet},
		{"PUT " + tr, service.PermEdit, a.translationImport},
		{"PUT " + tr + "/segments/{segment}", service.PermEdit, a.segmentUpdate},
		{"POST " + tr + "/approve", service.PermEdit, a.translationApprove},
		{"POST " + tr + "/unpublish", service.PermEdit, a.translationUnpublish},
		{"POST " + tr + "/retranslate", service.PermEdit, a.translationRetranslate},
		{"GET /api/v1/comments", service.PermComments, a.commentList},
		{"POST /api/v1/comments/{id}/{action}", service.PermComments, a.commentModerate},
		{"GET /api/v1/memory", service.PermReview, a.memoryExport},
		{"POST /api/v1/memory", service.PermSettings, a.idempotent(a.memoryImport)},
		{"GET /api/v1/glossary", service.PermGlossary, a.glossaryList},
		{"POST /api/v1/glossary", service.PermGlossary, a.idempotent(a.glossaryImport)},
		{"GET /api/v1/glossary/impact", service.PermGlossary, a.glossaryImpact},
		{"GET /api/v1/audit", service.PermReview, a.auditList},
		{"GET /api/v1/users", service.PermUsers, a.userList},
		{"POST /api/v1/users", service.PermUsers, a.idempotent(a.userAdd)},
		{"GET /api/v1/sources", service.PermSources, a.sourceList},
		{"POST /api/v1/sources", service.PermSources, a.idempotent(a.sourceAdd)},
		{"GET /api/v1/sources/{id}", service.PermSources, a.sourceGet},
		{"DELETE /api/v1/sources/{id}", service.PermSources, a.sourceRemove},
		{"POST /api/v1/sources/{id}/poll", service.PermSources, a.sourcePoll},
		{"POST /api/v1/sources/{id}/pause", service.PermSources, a.sourcePause},
		{"POST /api/v1/sources/{id}/resume", service.PermSources, a.sourceResume},
		{"GET /api/v1/sources/{id}/sections", service.PermSources, a.sourceSectionsGet},
		{"PUT /api/v1/sources/{id}/sections", service.PermSources, a.sourceSectionsPut},
		{"DELETE /api/v1/sources/{id}/sections", service.PermSources, a.sourceSectionsDelete},
		{"GET /api/v1/webhooks", service.PermSettings, a.webhookList},
		{"POST /api/v1/webhooks", service.PermSettings, a.idempotent(a.webhookAdd)},
		{"DELETE /api/v1/webhooks/{id}", service.PermSettings, a.webhookRemove},
	}
}

// NewHandler returns the editors' JSON API under /api/v1/.
func NewHandler(st *store.Store, svc *service.Service) *Handler {
	mux := http.NewServeMux()
	a := &Handler{store: st, svc: svc, mux: mux}
	for _, r := range a.Routes() {
		if r.Permission == "" {
			mux.HandleFunc(r.Pattern, withETag(r.handle))
			continue
		}
		mux.HandleFunc(r.Pattern, a.authed(r.Permission, withETag(r.handle)))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		problem(w, model.Errorf(model.ENotFound, "no such API endpoint"))
	})
	return a
}

// authed authenticates the bearer token (the scheme in any case), checks
// the route's permission in the role table and runs next as that user.
func (a *Handler) authed(p service.Permission, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		if !strings.EqualFold(scheme, "Bearer") {
			token = ""
		}
		u, err := a.svc.AuthenticateToken(r.Context(), strings.TrimSpace(token), clientAddr(r))
		if err != nil {
			if model.ErrorCode(err) == model.EUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="newsbridge"`)
			}
			problem(w, err)
			return
		}
		if ok, wait := a.allow(u.Name, time.Now()); !ok {
			problem(w, &service.Throttled{RetryAfter: wait, Err: model.Errorf(model.ETooManyRequests, "too many requests for this token; slow down")})
			return
		}
		if !service.Allowed(u.Role, p) {
			problem(w, model.Errorf(model.EForbidden, "%s %q may not do this (it needs the %q permission)", u.Role, u.Name, p))
			return
		}
		next(w, r.WithContext(service.WithActor(r.Context(), service.Actor{Name: u.Name, Role: u.Role})))
	}
}

// clientAddr is the connection's address: the API does not trust
// forwarding headers (put it behind a proxy that connects from loopback
// and throttling is per proxy).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func render(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// statusOf maps the model's error codes to HTTP statuses, in one place.
var statusOf = map[string]int{
	model.EInvalid: 400, model.EUnauthorized: 401, model.EForbidden: 403, model.ENotFound: 404,
	model.EConflict: 409, model.ETooManyRequests: 429, model.EUnavailable: 503,
}

// Problem is an RFC 9457 problem details object. Type is
// "urn:newsbridge:problem:" and the model's error code.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	// Current and Yours are a stale edit's two texts (409 on a segment).
	Current *string `json:"current,omitempty"`
	Yours   *string `json:"yours,omitempty"`
}

// problem answers with the error's safe message and the status its code
// calls for; anything unexpected is "internal error".
func problem(w http.ResponseWriter, err error) {
	code := model.ErrorCode(err)
	status := statusOf[code]
	if status == 0 {
		status, code = 500, model.EInternal
	}
	p := Problem{Type: "urn:newsbridge:problem:" + code, Title: http.StatusText(status), Status: status, Detail: model.ErrorMessage(err)}
	var c *service.EditConflict
	if errors.As(err, &c) {
		p.Current, p.Yours = &c.Current, &c.Yours
	}
	var t *service.Throttled
	if errors.As(err, &t) {
		w.Header().Set("Retry-After", strconv.Itoa(int((t.RetryAfter+time.Second-1)/time.Second)))
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.EInvalid, "%s must be a positive number", name)
	}
	return id, nil
}

// maxBody bounds a request body: a segment is at most
// service.MaxSegmentBytes, and its JSON escaping may double it.
const maxBody = 4 * service.MaxSegmentBytes

// decode reads a JSON body into v.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeWithin(w, r, v, maxBody, fmt.Sprintf("a segment may have at most %d", service.MaxSegmentBytes))
}

// decodeWithin reads a JSON body of at most limit bytes into v; note
// ("" for none) is added to the error of a body over the limit.
func decodeWithin(w http.ResponseWriter, r *http.Request, v any, limit int64, note string) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			if note != "" {
				note = "; " + note
			}
			return model.Errorf(model.EInvalid, "the request body is too large (the limit is %d bytes%s)", limit, note)
		}
		return model.Errorf(model.EInvalid, "the request body is not the expected JSON: %v", err)
	}
	return nil
}
