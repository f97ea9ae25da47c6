package engine

import (
	"strings"

	"golang.org/x/text/language"

	"newsbridge/model"
)

// CanonicalTag returns the BCP-47 form of an engine's language code
// ("PT-BR" → "pt-BR", "zh-hans" → "zh-Hans"), or the code lower-cased when
// it does not parse.
func CanonicalTag(code string) string {
	code = strings.TrimSpace(code)
	if t, err := language.Parse(code); err == nil {
		return t.String()
	}
	return strings.ToLower(code)
}

// FilterPairs keeps the pairs of found that allowed lists (matching tags
// case-insensitively); an empty allowed keeps them all.
func FilterPairs(found, allowed []model.Pair) []model.Pair {
	if len(allowed) == 0 {
		return found
	}
	ok := make(map[string]bool, len(allowed))
	for _, p := range allowed {
		ok[strings.ToLower(p.From)+">"+strings.ToLower(p.To)] = true
	}
	var out []model.Pair
	for _, p := range found {
		if ok[strings.ToLower(p.From)+">"+strings.ToLower(p.To)] {
			out = append(out, p)
		}
	}
	return out
}
