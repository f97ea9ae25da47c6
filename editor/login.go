package editor

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"newsbridge/model"
	"newsbridge/service"
)

// sessionUser returns the signed-in user of r's session cookie.
func (h *Handler) sessionUser(r *http.Request) (*user, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, model.Errorf(model.EUnauthorized, "sign in first")
	}
	u, err := h.svc.SessionUser(r.Context(), c.Value)
	if err != nil {
		return nil, err
	}
	return &user{Name: u.Name, Role: u.Role, session: c.Value}, nil
}

// authed runs a screen for a signed-in user whose role has permission p.
// Without a session it sends to the sign-in page (saying why when a
// session cookie was there: it expired, or its user was removed).
func (h *Handler) authed(p service.Permission, next func(http.ResponseWriter, *http.Request, *user)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, err := h.sessionUser(r)
		if err != nil {
			if model.ErrorCode(err) != model.EUnauthorized {
				h.fail(w, r, nil, err)
				return
			}
			if wantsJSON(r) {
				// The script's save: answer so that it keeps the text in
				// the box and says what to do.
				answerJSON(w, http.StatusUnauthorized, segmentAnswer{Message: "Your session has ended, so this was not saved. Sign in again in another tab, then save here: your text is still in the box."})
				return
			}
			q := url.Values{}
			if r.Method == http.MethodGet {
				q.Set("next", r.URL.RequestURI())
			}
			if _, cerr := r.Cookie(SessionCookie); cerr == nil {
				h.clearCookie(w, r)
				q.Set("expired", "1")
			}
			to := "/editor/login"
			if len(q) > 0 {
				to += "?" + q.Encode()
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		if !service.Allowed(u.Role, p) {
			h.fail(w, r, u, model.Errorf(model.EForbidden, "this screen is for administrators: a %s may not open it", u.Role))
			return
		}
		next(w, r.WithContext(service.WithActor(r.Context(), service.Actor{Name: u.Name, Role: u.Role})), u)
	}
}

type loginData struct {
	Name string
	Next string
}

// safeNext keeps a post-sign-in destination inside the workspace.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/editor/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/editor/"
	}
	return next
}

func (h *Handler) loginShow(w http.ResponseWriter, r *http.Request) {
	if u, err := h.sessionUser(r); err == nil && u != nil {
		seeOther(w, r, "/editor/")
		return
	}
	p := page{Title: "Sign in", Data: loginData{Next: safeNext(r.URL.Query().Get("next"))}}
	if r.URL.Query().Get("expired") != "" {
		p.Error = "Your session has ended (it expired, or your account was removed). Sign in again."
	}
	if r.URL.Query().Get("out") != "" {
		p.Notice = "You have signed out."
	}
	h.render(w, r, http.StatusOK, "login", p)
}

func (h *Handler) loginSubmit(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, nil, err)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	next := safeNext(r.PostFormValue("next"))
	id, _, err := h.svc.Login(r.Context(), name, r.PostFormValue("password"), clientAddr(r))
	if err != nil {
		status := statusOf[model.ErrorCode(err)]
		msg := model.ErrorMessage(err)
		if status == 0 {
			h.fail(w, r, nil, err)
			return
		}
		if t, ok := err.(*service.Throttled); ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(t.RetryAfter.Seconds()+1)))
		}
		h.render(w, r, status, "login", page{Title: "Sign in", Error: msg, Data: loginData{Name: name, Next: next}})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: id, Path: "/editor", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.secure || r.TLS != nil, MaxAge: int(service.SessionTTL.Seconds())})
	seeOther(w, r, next)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if err := h.svc.Logout(r.Context(), c.Value); err != nil && model.ErrorCode(err) != model.ENotFound {
			h.fail(w, r, nil, err)
			return
		}
	}
	h.clearCookie(w, r)
	seeOther(w, r, "/editor/login?out=1")
}

func (h *Handler) clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/editor", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.secure || r.TLS != nil, MaxAge: -1})
}
