package engine

import (
	"context"
	"strings"

	"golang.org/x/text/language"

	"newsbridge/model"
)

// Text formats an engine is asked to translate.
const (
	FormatText = "text" // plain text: the engine must not interpret markup
	FormatHTML = "html" // inline HTML: tags are kept, text inside translated
)

type formatKey struct{}

// WithFormat returns a context asking engines to treat the texts of the
// Translate calls made with it as format (FormatText or FormatHTML).
// model.Engine.Translate has no format argument: most segments are plain
// text with placeholders, and only blocks with inline markup need HTML.
func WithFormat(ctx context.Context, format string) context.Context {
	return context.WithValue(ctx, formatKey{}, format)
}

// FormatOf returns the format WithFormat put in ctx, FormatText by default.
func FormatOf(ctx context.Context) string {
	if f, ok := ctx.Value(formatKey{}).(string); ok && f == FormatHTML {
		return FormatHTML
	}
	return FormatText
}

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
