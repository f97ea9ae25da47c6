package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"newsbridge/client"
)

func TestNewRefuses(t *testing.T) {
	for _, u := range []string{"", "ftp://x", "localhost:8080", "http://"} {
		if _, err := client.New(u, "t"); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
	if _, err := client.New("http://127.0.0.1:1", ""); err == nil {
		t.Error("no token accepted")
	}
}

func TestProblemAndToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer s3cret" || r.URL.Path != "/base/api/v1/comments" || r.URL.Query().Get("status") != "spam" {
			t.Errorf("request: %s %s %v", r.Method, r.URL, r.Header)
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(403)
		w.Write([]byte(`{"type":"urn:newsbridge:problem:forbidden","title":"Forbidden","status":403,"detail":"editor may not"}`))
	}))
	defer srv.Close()
	c, err := client.New(srv.URL+"/base/", "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Comments(context.Background(), "spam")
	var p *client.Problem
	if !errors.As(err, &p) || p.Status != 403 || p.Detail != "editor may not" {
		t.Fatalf("problem: %#v", err)
	}
}
