package demo

import "testing"

// TestSectionsCoverOutlets: every sample outlet's category is mapped to a
// section the demo defines, and every section is named in every language
// the demo serves.
func TestSectionsCoverOutlets(t *testing.T) {
	secs := Sections()
	for _, o := range sampleOutlets() {
		var m map[string]string
		for _, sm := range secs.Sources {
			if sm.Source == o.Name {
				m = sm.Categories
			}
		}
		if m == nil {
			t.Errorf("%s: no mapping", o.Name)
			continue
		}
		for _, c := range o.Categories {
			if sec := m[c.Name]; sec == "" || secs.Find(sec) == nil {
				t.Errorf("%s: category %q maps to %q, not a section", o.Name, c.Name, sec)
			}
		}
	}
	for _, s := range secs.List {
		for _, lang := range []string{"es", "ca", "gl", "en", "ar", "nb", "nn"} {
			if s.Names[lang] == "" {
				t.Errorf("section %s has no name in %s", s.Slug, lang)
			}
		}
	}
	if secs.Find(secs.Default) == nil {
		t.Errorf("default %q is not a section", secs.Default)
	}
}
