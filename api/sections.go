package api

import (
	"net/http"

	"newsbridge/model"
	"newsbridge/service"
	"newsbridge/store"
)

// sourceSectionsJSON is a source's mapping of its categories to the
// site's sections as the API shows it, with what an operator needs to
// change it: the categories its articles carry and the sections there are.
type sourceSectionsJSON struct {
	Source int64 `json:"source"`
	// Saved is true when the mapping was saved through the editors'
	// sources screen, the API or the command line (it is kept in the
	// database in place of the configuration file's), false when it is
	// the configuration file's.
	Saved bool `json:"saved"`
	// Default is the section of the categories not mapped ("" = the
	// site's default section).
	Default string `json:"default"`
	// Categories maps a category slug to a section slug.
	Categories map[string]string `json:"categories"`
	// Seen are the categories of the source's articles, most used first,
	// then those only the mapping names (no articles).
	Seen        []categoryJSON  `json:"seen"`
	Sections    []model.Section `json:"sections"`
	SiteDefault string          `json:"site_default"`
	// Moved is, after a change, how many articles changed section.
	Moved *int `json:"moved,omitempty"`
}

type categoryJSON struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

func sourceSectionsOf(v *service.SourceSectionsView) sourceSectionsJSON {
	out := sourceSectionsJSON{Source: v.Source.ID, Saved: v.Mapping.Edited, Default: v.Mapping.Default,
		Categories: v.Mapping.Categories, Seen: []categoryJSON{}, Sections: v.Sections.List, SiteDefault: v.Sections.Default}
	if out.Categories == nil {
		out.Categories = map[string]string{}
	}
	for _, c := range v.Categories {
		out.Seen = append(out.Seen, categoryJSON{c.Slug, c.Name, c.Count})
	}
	return out
}

// maxSectionsBody bounds a mapping's body: the store takes up to 1000
// categories, each a slug of at most 40 bytes (a name may be longer).
const maxSectionsBody = 256 << 10

// sourceSectionsGet answers a source's mapping of its categories to the
// site's sections.
func (a *Handler) sourceSectionsGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var v *service.SourceSectionsView
	if err == nil {
		v, err = a.svc.SourceSections(r.Context(), id)
	}
	if err != nil {
		problem(w, err)
		return
	}
	render(w, http.StatusOK, sourceSectionsOf(v))
}

// sourceSectionsPut replaces a source's mapping, {"default": SECTION,
// "categories": {CATEGORY: SECTION}}, as the editors' sources screen
// saves it; the articles move at once. It answers the mapping with
// "moved".
func (a *Handler) sourceSectionsPut(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		problem(w, err)
		return
	}
	var body struct {
		Default    string            `json:"default"`
		Categories map[string]string `json:"categories"`
	}
	if err := decodeWithin(w, r, &body, maxSectionsBody, ""); err != nil {
		problem(w, err)
		return
	}
	a.sourceSectionsSet(w, r, id, store.SourceSections{Edited: true, Default: body.Default, Categories: body.Categories})
}

// sourceSectionsDelete drops a source's saved mapping: the configuration
// file's applies again. It answers the mapping with "moved".
func (a *Handler) sourceSectionsDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		problem(w, err)
		return
	}
	a.sourceSectionsSet(w, r, id, store.SourceSections{})
}

func (a *Handler) sourceSectionsSet(w http.ResponseWriter, r *http.Request, id int64, m store.SourceSections) {
	n, err := a.svc.SetSourceSections(r.Context(), id, m)
	var v *service.SourceSectionsView
	if err == nil {
		v, err = a.svc.SourceSections(r.Context(), id)
	}
	if err != nil {
		problem(w, err)
		return
	}
	out := sourceSectionsOf(v)
	out.Moved = &n
	render(w, http.StatusOK, out)
}
