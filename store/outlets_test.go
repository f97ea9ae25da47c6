package store_test

import (
	"context"
	"reflect"
	"testing"

	"newsbridge/model"
	"newsbridge/store"
)

// TestOutlets: the site's outlets are the sources with a story published
// in the language, each named in its own language (the configured one,
// else its articles').
func TestOutlets(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := mustSource(t, s)
		detected := &model.Source{Name: "Gaceta", FeedURL: "http://gaceta.test/feed.xml", SiteURL: "http://gaceta.test/", Enabled: true}
		idle := &model.Source{Name: "Idle", FeedURL: "http://idle.test/feed.xml", SiteURL: "http://idle.test/", Language: "ca", Enabled: true}
		for _, src := range []*model.Source{detected, idle} {
			if err := s.CreateSource(ctx, src); err != nil {
				t.Fatal(err)
			}
		}
		addStory(t, s, d, 1, "Deportes", "")
		addStory(t, s, detected, 2, "Deportes", "")

		got, err := s.OutletsOf(ctx, "es")
		want := []model.Outlet{{ID: d.ID, Name: "Diario", Lang: "es"}, {ID: detected.ID, Name: "Gaceta", Lang: "es"}}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("outlets of es: %+v %v", got, err)
		}
		if none, err := s.OutletsOf(ctx, "ca"); err != nil || len(none) != 0 {
			t.Fatalf("outlets of ca: %+v %v", none, err)
		}
		o, err := s.Outlet(ctx, idle.ID)
		if err != nil || !reflect.DeepEqual(*o, model.Outlet{ID: idle.ID, Name: "Idle", Lang: "ca"}) {
			t.Fatalf("outlet: %+v %v", o, err)
		}
		if o, err := s.Outlet(ctx, detected.ID); err != nil || o.Lang != "es" || o.Key() != model.OutletKey(detected.ID, "Gaceta") {
			t.Fatalf("outlet of a detected language: %+v %v", o, err)
		}
		if _, err := s.Outlet(ctx, 9999); model.ErrorCode(err) != model.ENotFound {
			t.Fatalf("missing outlet: %v", err)
		}
	})
}
