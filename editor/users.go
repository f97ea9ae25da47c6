package editor

import (
	"fmt"
	"net/http"
	"strings"

	"newsbridge/store"
)

type usersData struct {
	Users []store.User
	Roles []string
	Token string // a new user's API token, shown once
}

// usersShow lists the editors and administrators, with the form to add one.
func (h *Handler) usersShow(w http.ResponseWriter, r *http.Request, u *user) {
	h.usersPage(w, r, u, "", notice(r))
}

func (h *Handler) usersPage(w http.ResponseWriter, r *http.Request, u *user, token, msg string) {
	us, err := h.svc.Users(r.Context())
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	d := usersData{Users: us, Roles: []string{store.RoleEditor, store.RoleAdmin}, Token: token}
	h.render(w, r, http.StatusOK, "users", page{Title: "Users", User: u, Notice: msg, Data: d})
}

func (h *Handler) userAdd(w http.ResponseWriter, r *http.Request, u *user) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, u, err)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	token, err := h.svc.AddUser(r.Context(), name, r.PostFormValue("role"), r.PostFormValue("password"))
	if err != nil {
		h.fail(w, r, u, err)
		return
	}
	// Rendered, not redirected: the token is shown this once and never
	// put in a URL.
	h.usersPage(w, r, u, token, fmt.Sprintf("Added %s. Their API token is below; it is shown only now.", name))
}

func (h *Handler) userRemove(w http.ResponseWriter, r *http.Request, u *user) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, u, err)
		return
	}
	name := r.PostFormValue("name")
	if err := h.svc.RemoveUser(r.Context(), name); err != nil {
		h.fail(w, r, u, err)
		return
	}
	seeOther(w, r, withNotice("/editor/users", fmt.Sprintf("Removed %s; their open sessions have ended.", name)))
}
