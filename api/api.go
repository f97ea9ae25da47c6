// Package api is the editors' JSON API under /api/v1/, authenticated with a
// bearer token (`newsbridge user add`), and the tokens themselves.
package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

// NewToken makes an API token and the hash stored for it.
func NewToken() (token, hash string) {
	b := make([]byte, 24)
	rand.Read(b)
	token = "nb_" + hex.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is what the store keeps of a token.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Handler serves the API from the store; moderation goes through svc.
type Handler struct {
	store *store.Store
	svc   *service.Service
}

// NewHandler returns the editors' JSON API under /api/v1/, authenticated
// with a bearer token (`newsbridge user add`).
func NewHandler(st *store.Store, svc *service.Service) http.Handler {
	a := &Handler{store: st, svc: svc}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/comments", a.authed(a.apiCommentList))
	mux.HandleFunc("POST /api/v1/comments/{id}/{action}", a.authed(a.apiCommentModerate))
	mux.HandleFunc("GET /api/v1/review", a.authed(a.apiReviewList))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		apiError(w, model.Errorf(model.ENotFound, "no such API endpoint"))
	})
	return mux
}

type ctxUser struct{}

func (a *Handler) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="newsbridge"`)
			apiJSON(w, http.StatusUnauthorized, map[string]string{"error": "an API token is required (Authorization: Bearer …)"})
			return
		}
		u, err := a.store.UserByToken(r.Context(), HashToken(token))
		if err != nil || subtle.ConstantTimeCompare([]byte(u.TokenHash), []byte(HashToken(token))) != 1 {
			apiJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid API token"})
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), ctxUser{}, u)))
	}
}

func (a *Handler) apiCommentList(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	if status == "" {
		status = model.CommentPending
	}
	cs, err := a.store.Comments(r.Context(), store.CommentFilter{Status: status, Limit: 500})
	if err != nil {
		apiError(w, err)
		return
	}
	if cs == nil {
		cs = []model.Comment{}
	}
	apiJSON(w, http.StatusOK, map[string]any{"comments": cs})
}

func (a *Handler) apiCommentModerate(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		apiError(w, model.Errorf(model.EInvalid, "comment id must be a number"))
		return
	}
	to := map[string]string{"approve": model.CommentApproved, "reject": model.CommentRejected, "spam": model.CommentSpam}[r.PathValue("action")]
	if to == "" {
		apiError(w, model.Errorf(model.ENotFound, "action must be approve, reject or spam"))
		return
	}
	if err := a.svc.ModerateComment(r.Context(), id, to); err != nil {
		apiError(w, err)
		return
	}
	apiJSON(w, http.StatusOK, map[string]any{"id": id, "status": to})
}

func (a *Handler) apiReviewList(w http.ResponseWriter, r *http.Request) {
	rows, err := a.store.ReviewQueue(r.Context(), 200)
	if err != nil {
		apiError(w, err)
		return
	}
	type item struct {
		ArticleID int64        `json:"article_id"`
		Lang      string       `json:"lang"`
		Title     string       `json:"title"`
		Error     string       `json:"error,omitempty"`
		Flags     []model.Flag `json:"flags"`
	}
	out := []item{}
	for _, x := range rows {
		out = append(out, item{x.ArticleID, x.Lang, x.Title, x.Error, x.Flags})
	}
	apiJSON(w, http.StatusOK, map[string]any{"translations": out})
}

func apiJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// apiError answers with the error's safe message and the status its code
// calls for; anything unexpected is "internal error".
func apiError(w http.ResponseWriter, err error) {
	status := map[string]int{model.EInvalid: 400, model.ENotFound: 404, model.EConflict: 409, model.EUnavailable: 503}[model.ErrorCode(err)]
	if status == 0 {
		status = 500
	}
	apiJSON(w, status, map[string]string{"error": model.ErrorMessage(err)})
}
