package config

import (
	"encoding/json"
	"fmt"
	"unicode"

	"newsbridge/model"
)

// The config file's "sections" key: the platform's sections, in menu
// order, with a name per language; the default section; and each outlet's
// mapping of its categories to sections (which seeds the mapping an admin
// may then edit on the editors' sources screen):
//
//	"sections": {
//	  "list": [
//	    {"slug": "news", "names": {"en": "News", "es": "Actualidad"}},
//	    {"slug": "sport", "names": {"en": "Sport", "es": "Deportes"}}
//	  ],
//	  "default": "news",
//	  "sources": [
//	    {"source": "El Diario", "default": "news", "categories": {"Deportes": "sport"}}
//	  ]
//	}
//
// NEWSBRIDGE_SECTIONS holds the same object as JSON and replaces the
// file's; NEWSBRIDGE_DEFAULT_SECTION sets "default" alone. With no list,
// the site has one section, "news".

// reservedSections are the path segments a section's slug would hide
// under /{lang}/.
var reservedSections = map[string]bool{"a": true, "author": true, "outlet": true, "search": true, "static": true}

func (c *Config) sectionsFromEnv(getenv func(string) string) error {
	if v := getenv("NEWSBRIDGE_SECTIONS"); v != "" {
		var s model.Sections
		if err := json.Unmarshal([]byte(v), &s); err != nil {
			return fmt.Errorf("config: NEWSBRIDGE_SECTIONS: %w", err)
		}
		c.Sections = s
	}
	if v := getenv("NEWSBRIDGE_DEFAULT_SECTION"); v != "" {
		c.Sections.Default = v
	}
	return nil
}

// validateSections checks the sections and fills what is left out: one
// "news" section when none is listed, the first as the default.
func (c *Config) validateSections() error {
	s := &c.Sections
	if len(s.List) == 0 {
		def := model.DefaultSections()
		s.List = def.List
		if s.Default == "" {
			s.Default = def.Default
		}
	}
	seen := map[string]bool{}
	for i, sec := range s.List {
		if !validSectionSlug(sec.Slug) {
			return fmt.Errorf("config: sections.list[%d]: slug %q: want lower-case letters and digits joined by '-'", i, sec.Slug)
		}
		if reservedSections[sec.Slug] {
			return fmt.Errorf("config: sections.list[%d]: slug %q is a path the site uses", i, sec.Slug)
		}
		if seen[sec.Slug] {
			return fmt.Errorf("config: sections.list: slug %q listed twice", sec.Slug)
		}
		seen[sec.Slug] = true
		names := make(map[string]string, len(sec.Names))
		for tag, name := range sec.Names {
			info, err := model.ParseLang(tag)
			if err != nil {
				return fmt.Errorf("config: section %q: %w", sec.Slug, err)
			}
			names[info.Tag] = name
		}
		s.List[i].Names = names
	}
	if s.Default == "" {
		s.Default = s.List[0].Slug
	}
	if !seen[s.Default] {
		return fmt.Errorf("config: sections.default %q is not one of the sections %v", s.Default, s.Slugs())
	}
	for i, m := range s.Sources {
		if m.Source == "" {
			return fmt.Errorf("config: sections.sources[%d]: no source (its name or feed URL)", i)
		}
		if m.Default != "" && !seen[m.Default] {
			return fmt.Errorf("config: sections.sources[%d] (%s): default %q is not one of the sections %v", i, m.Source, m.Default, s.Slugs())
		}
		for cat, sec := range m.Categories {
			if !seen[sec] {
				return fmt.Errorf("config: sections.sources[%d] (%s): category %q: %q is not one of the sections %v", i, m.Source, cat, sec, s.Slugs())
			}
		}
	}
	return nil
}

// validSectionSlug: letters (lower case where the script has case) and
// digits, in words joined by single dashes.
func validSectionSlug(s string) bool {
	if s == "" || len(s) > 40 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	prev := '-'
	for _, r := range s {
		switch {
		case r == '-':
			if prev == '-' {
				return false
			}
		case unicode.IsDigit(r), unicode.IsLetter(r) && !unicode.IsUpper(r):
		default:
			return false
		}
		prev = r
	}
	return true
}
