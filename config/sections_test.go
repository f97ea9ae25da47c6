package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSections(t *testing.T) {
	dir := t.TempDir()
	// Nothing set: one "news" section.
	c, err := Load(getenv(map[string]string{"NEWSBRIDGE_DATA": dir}), Flags{})
	if err != nil || len(c.Sections.List) != 1 || c.Sections.Default != "news" || c.Sections.List[0].Name("es") != "News" {
		t.Fatalf("default sections: %+v %v", c.Sections, err)
	}
	write(t, filepath.Join(dir, FileName), `{"sections": {
		"list": [{"slug": "sport", "names": {"en": "Sport", "ES": "Deportes"}}, {"slug": "general", "names": {"en": "General"}}],
		"default": "general",
		"sources": [{"source": "El Diario", "default": "general", "categories": {"Fútbol": "sport"}}]}}`)
	c, err = Load(getenv(map[string]string{"NEWSBRIDGE_DATA": dir}), Flags{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Sections.Slugs(), ","); got != "sport,general" || c.Sections.Default != "general" ||
		c.Sections.List[0].Name("es") != "Deportes" || c.Sections.Sources[0].Categories["Fútbol"] != "sport" {
		t.Fatalf("file: %+v", c.Sections)
	}
	// The environment: the default alone, or the whole object.
	c, err = Load(getenv(map[string]string{"NEWSBRIDGE_DATA": dir, "NEWSBRIDGE_DEFAULT_SECTION": "sport"}), Flags{})
	if err != nil || c.Sections.Default != "sport" {
		t.Fatalf("env default: %+v %v", c.Sections, err)
	}
	c, err = Load(getenv(map[string]string{"NEWSBRIDGE_DATA": dir, "NEWSBRIDGE_SECTIONS": `{"list": [{"slug": "world"}]}`}), Flags{})
	if err != nil || c.Sections.Default != "world" || len(c.Sections.Sources) != 0 {
		t.Fatalf("env sections: %+v %v", c.Sections, err)
	}
	for _, bad := range []struct{ json, want string }{
		{`{"list": [{"slug": "Sport"}]}`, "lower-case"},
		{`{"list": [{"slug": "author"}]}`, "path the site uses"},
		{`{"list": [{"slug": "outlet"}]}`, "path the site uses"},
		{`{"list": [{"slug": "a-b"}, {"slug": "a-b"}]}`, "twice"},
		{`{"list": [{"slug": "x"}], "default": "y"}`, `default "y"`},
		{`{"list": [{"slug": "x"}], "sources": [{"source": "S", "categories": {"c": "y"}}]}`, `"y" is not one of`},
		{`{"list": [{"slug": "x", "names": {"??": "X"}}]}`, "section \"x\""},
		{`{"list": [{"slug": "x"}], "sources": [{"categories": {}}]}`, "no source"},
	} {
		_, err := Load(getenv(map[string]string{"NEWSBRIDGE_DATA": dir, "NEWSBRIDGE_SECTIONS": bad.json}), Flags{})
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: %v, want an error with %q", bad.json, err, bad.want)
		}
	}
}
