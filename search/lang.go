package search

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	// Bleve registers its analyzers by importing their packages; the root
	// package imports none of them, so each language we map is named here.
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/bg"
	"github.com/blevesearch/bleve/v2/analysis/lang/ca"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/ckb"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cs"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/el"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/eu"
	"github.com/blevesearch/bleve/v2/analysis/lang/fa"
	"github.com/blevesearch/bleve/v2/analysis/lang/fi"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/ga"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/gl"
	"github.com/blevesearch/bleve/v2/analysis/lang/hi"
	"github.com/blevesearch/bleve/v2/analysis/lang/hr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hu"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hy"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/id"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/lang/pl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ro"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/lang/tr"

	"newsbridge/model"
)

// fallbackKey is the field suffix of languages Bleve has no analysis for:
// Unicode word segmentation and lower-casing, nothing language-specific.
const fallbackKey = "std"

// builtin maps a field suffix to one of Bleve's own language analyzers,
// which stem and normalise (ar folds alef variants and strips tashkeel).
var builtin = map[string]string{
	"ar": ar.AnalyzerName, "ckb": ckb.AnalyzerName, "cjk": cjk.AnalyzerName,
	"da": da.AnalyzerName, "de": de.AnalyzerName, "en": en.AnalyzerName,
	"es": es.AnalyzerName, "fa": fa.AnalyzerName, "fi": fi.AnalyzerName,
	"fr": fr.AnalyzerName, "hi": hi.AnalyzerName, "hr": hr.AnalyzerName,
	"hu": hu.AnalyzerName, "it": it.AnalyzerName, "nl": nl.AnalyzerName,
	"no": no.AnalyzerName, "pl": pl.AnalyzerName, "pt": pt.AnalyzerName,
	"ro": ro.AnalyzerName, "ru": ru.AnalyzerName, "sv": sv.AnalyzerName,
	"tr":        tr.AnalyzerName,
	fallbackKey: standard.Name,
}

// stopOnly lists languages for which Bleve ships a stop list (and for ca and
// ga an elision filter, so "l'economia" is found by "economia") but no
// analyzer: we assemble one in the mapping. Lower-casing comes before
// elision because the article lists are lower-case ("L'atur"). None of them
// has a stemmer in Bleve, so inflected forms match only exactly.
var stopOnly = map[string][]string{
	"bg": {lowercase.Name, "stop_bg"},
	"ca": {lowercase.Name, ca.ElisionName, ca.StopName},
	"cs": {lowercase.Name, "stop_cs"},
	"el": {lowercase.Name, "stop_el"},
	"eu": {lowercase.Name, "stop_eu"},
	"ga": {lowercase.Name, ga.ElisionName, ga.StopName},
	"gl": {lowercase.Name, "stop_gl"},
	"hy": {lowercase.Name, "stop_hy"},
	"id": {lowercase.Name, "stop_id"},
}

// aliases maps language subtags to the analysis of a close language whose
// rules apply to them: Bokmål and Nynorsk share Bleve's Norwegian analyzer,
// Chinese, Japanese and Korean its bigram CJK analyzer.
var aliases = map[string]string{
	"nb": "no", "nn": "no",
	"zh": "cjk", "ja": "cjk", "ko": "cjk",
}

// analyzerKey returns the field suffix used for a BCP-47 tag: "pt-BR" → "pt",
// "nb" → "no", "in" (deprecated) → "id", "ast" → "std".
func analyzerKey(tag string) string {
	base := model.LookupLang(tag).Base
	if a, ok := aliases[base]; ok {
		base = a
	}
	if _, ok := builtin[base]; ok {
		return base
	}
	if _, ok := stopOnly[base]; ok {
		return base
	}
	return fallbackKey
}

// analyzerName returns the name of the analyzer for a field suffix, as the
// index mapping knows it.
func analyzerName(key string) string {
	if n, ok := builtin[key]; ok {
		return n
	}
	return "newsbridge_" + key
}

// allKeys lists every field suffix, so the mapping declares all of them.
func allKeys() []string {
	keys := make([]string, 0, len(builtin)+len(stopOnly))
	for k := range builtin {
		keys = append(keys, k)
	}
	for k := range stopOnly {
		keys = append(keys, k)
	}
	return keys
}

// addCustomAnalyzers defines the stopOnly analyzers in m.
func addCustomAnalyzers(m *mapping.IndexMappingImpl) error {
	for key, filters := range stopOnly {
		err := m.AddCustomAnalyzer(analyzerName(key), map[string]any{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": toAny(filters),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
