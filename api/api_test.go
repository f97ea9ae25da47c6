package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"newsbridge/api"
	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

func TestCommentModerationAPI(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	svc := service.New(st, nil)
	a := struct {
		*service.Service
		Store *store.Store
	}{svc, st}
	addUser := func(name, role string) (string, error) {
		token, hash := api.NewToken()
		return token, svc.AddUser(ctx, name, role, hash)
	}
	src, err := a.AddSource(ctx, "http://outlet.test/feed.xml", "", "es", 0)
	if err != nil {
		t.Fatal(err)
	}
	id, _, _ := a.Store.AddArticle(ctx, src.ID, "http://outlet.test/a.html")
	c := &model.Comment{ArticleID: id, Lang: "ca", Author: "x", Body: "<script>alert(1)</script>"}
	if err := a.Store.AddComment(ctx, c); err != nil {
		t.Fatal(err)
	}
	token, err := addUser("marta", store.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := addUser("marta", store.RoleEditor); model.ErrorCode(err) != model.EConflict {
		t.Fatalf("same name twice: %v", err)
	}
	srv := httptest.NewServer(api.NewHandler(st, svc))
	defer srv.Close()
	call := func(method, path, tok string) (int, string) {
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return resp.StatusCode, b.String()
	}
	if code, _ := call("GET", "/api/v1/comments", ""); code != 401 {
		t.Fatalf("no token: %d", code)
	}
	if code, _ := call("GET", "/api/v1/comments", "nb_wrong"); code != 401 {
		t.Fatalf("wrong token: %d", code)
	}
	code, body := call("GET", "/api/v1/comments", token)
	var list struct{ Comments []model.Comment }
	if code != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list.Comments) != 1 {
		t.Fatalf("list: %d %s", code, body)
	}
	if strings.Contains(body, "<script>") {
		t.Error("JSON must escape markup")
	}
	for path, want := range map[string]int{
		"/api/v1/comments/abc/approve": 400,
		"/api/v1/comments/999/approve": 404,
		"/api/v1/comments/1/publish":   404,
	} {
		if code, body := call("POST", path, token); code != want {
			t.Errorf("%s: %d %s, want %d", path, code, body, want)
		}
	}
	if code, body := call("POST", "/api/v1/comments/1/approve", token); code != 200 {
		t.Fatalf("approve: %d %s", code, body)
	}
	got, _ := a.Store.Comment(ctx, c.ID)
	if got.Status != model.CommentApproved {
		t.Fatalf("status %q", got.Status)
	}
	if code, _ := call("GET", "/api/v1/review", token); code != 200 {
		t.Fatalf("review: %d", code)
	}
}
