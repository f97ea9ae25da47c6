package apertium

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"newsbridge/model"
)

// DefaultModesDir is where Debian's apertium-* packages install their modes.
const DefaultModesDir = "/usr/share/apertium/modes"

// codeTags maps the codes Apertium uses in mode names (ISO 639-3 mostly,
// some older pairs ISO 639-1) to BCP-47 tags.
var codeTags = map[string]string{
	"afr": "af", "an": "an", "arg": "an", "ast": "ast", "ara": "ar",
	"bel": "be", "bre": "br", "bul": "bg", "ca": "ca", "cat": "ca",
	"ces": "cs", "cym": "cy", "dan": "da", "deu": "de", "ell": "el",
	"en": "en", "eng": "en", "eo": "eo", "epo": "eo", "es": "es",
	"eus": "eu", "fao": "fo", "fin": "fi", "fr": "fr", "fra": "fr",
	"gl": "gl", "gla": "gd", "gle": "ga", "glg": "gl", "hbs": "sh",
	"hin": "hi", "hrv": "hr", "id": "id", "ind": "id", "isl": "is",
	"it": "it", "ita": "it", "kaz": "kk", "kir": "ky", "lat": "la",
	"lit": "lt", "lvs": "lv", "mkd": "mk", "mlt": "mt", "msa": "ms",
	"nb": "nb", "nld": "nl", "nn": "nn", "nno": "nn", "no": "no",
	"nob": "nb", "nor": "no", "oc": "oc", "oci": "oc", "pol": "pl",
	"por": "pt", "pt": "pt", "ro": "ro", "ron": "ro", "rum": "ro",
	"rus": "ru", "sme": "se", "slk": "sk", "slv": "sl", "spa": "es",
	"sqi": "sq", "srd": "sc", "srp": "sr", "swe": "sv", "sv": "sv",
	"tat": "tt", "tur": "tr", "ukr": "uk", "urd": "ur", "uzb": "uz",
	"zlm": "ms", "da": "da", "de": "de", "eu": "eu", "cy": "cy",
}

// TagOf maps an Apertium language code ("spa", "nob", "gl") to a BCP-47 tag
// ("es", "nb", "gl"). Unknown codes of two or three lower-case letters are
// taken as they are (BCP-47 uses ISO 639-3 codes for languages without a
// two-letter code); variants ("cat_valencia", "nno_e") and anything else
// are refused. The apy engine uses it for the codes APy lists.
func TagOf(code string) (string, bool) {
	if t, ok := codeTags[code]; ok {
		return t, true
	}
	if len(code) < 2 || len(code) > 3 {
		return "", false
	}
	for _, r := range code {
		if r < 'a' || r > 'z' {
			return "", false
		}
	}
	return code, true
}

// modeInfo is one installed translation mode.
type modeInfo struct {
	Name string // e.g. "spa-cat"
	Path string
	Pair model.Pair
}

// discoverModes lists the plain translation modes in dir: names "xxx-yyy"
// only, so variants ("spa-cat_valencia", "eng-spa_US", "nob-nno_e"), extra
// pipelines ("nob-nno_e-syndis") and debug modes ("spa-cat-morph") are
// skipped. A mode newsbridge cannot run (a program without null-flush
// mode, shell syntax) is left out and reported in skipped. When two modes
// give the same pair (es-gl and spa-glg), the first by name wins.
func discoverModes(dir string) (modes map[model.Pair]modeInfo, skipped map[string]error, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("apertium: unable to read modes directory %s: %w", dir, err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".mode") {
			names = append(names, strings.TrimSuffix(e.Name(), ".mode"))
		}
	}
	sort.Strings(names)
	modes = make(map[model.Pair]modeInfo)
	skipped = make(map[string]error)
	for _, name := range names {
		from, to, ok := strings.Cut(name, "-")
		if !ok || strings.ContainsAny(to, "-_") || strings.Contains(from, "_") {
			continue
		}
		ft, ok1 := TagOf(from)
		tt, ok2 := TagOf(to)
		if !ok1 || !ok2 || ft == tt {
			continue
		}
		p := model.Pair{From: ft, To: tt}
		if _, dup := modes[p]; dup {
			continue
		}
		path := filepath.Join(dir, name+".mode")
		if _, err := parseMode(path, true); err != nil {
			skipped[name] = err
			continue
		}
		modes[p] = modeInfo{Name: name, Path: path, Pair: p}
	}
	return modes, skipped, nil
}

// nullFlushTools are the programs known to take -z (flush their output at
// each null byte and keep running). A mode using any other program is
// refused: without null flush the pipeline would never answer a batch.
var nullFlushTools = map[string]bool{
	"lt-proc": true, "cg-proc": true, "lrx-proc": true, "lsx-proc": true,
	"rtx-proc": true, "hfst-proc": true, "apertium-tagger": true,
	"apertium-pretransfer": true, "apertium-transfer": true,
	"apertium-interchunk": true, "apertium-postchunk": true,
	"apertium-anaphora": true, "apertium-posttransfer": true,
	"apertium-tmxproc": true, "lt-tmxproc": true,
}

// passThroughTools handle null bytes without -z (apertium-wblank-mode adds
// none to them either).
var passThroughTools = map[string]bool{
	"apertium-wblank-attach": true, "apertium-wblank-detach": true,
}

// parseMode reads a mode file into the argv of each program of its pipeline,
// as APy does: split on "|", unquote, put -z after each program name,
// replace $1 with the generator's flag (-g marks unknown words, -n does not)
// and drop $2 (the tagger's optional -m).
func parseMode(path string, markUnknown bool) ([][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("apertium: unable to read mode %s: %w", path, err)
	}
	words, err := shellWords(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("apertium: unable to parse mode %s: %w", path, err)
	}
	gen := "-g"
	if !markUnknown {
		gen = "-n"
	}
	var cmds [][]string
	var cur []string
	flush := func() error {
		if len(cur) == 0 {
			return errors.New("empty command in pipeline")
		}
		prog := filepath.Base(cur[0])
		switch {
		case nullFlushTools[prog]:
			cur = append([]string{cur[0], "-z"}, cur[1:]...)
		case passThroughTools[prog]:
		default:
			return fmt.Errorf("program %q does not support null-flush mode", prog)
		}
		cmds = append(cmds, cur)
		cur = nil
		return nil
	}
	for _, w := range words {
		switch w.text {
		case "|":
			if !w.quoted {
				if err := flush(); err != nil {
					return nil, fmt.Errorf("apertium: mode %s: %w", path, err)
				}
				continue
			}
		case "$1":
			if !w.quoted {
				cur = append(cur, gen)
				continue
			}
		case "$2":
			if !w.quoted {
				continue
			}
		}
		if !w.quoted && strings.ContainsAny(w.text, "$`<>;&") {
			return nil, fmt.Errorf("apertium: mode %s: unsupported shell syntax %q", path, w.text)
		}
		cur = append(cur, w.text)
	}
	if err := flush(); err != nil {
		return nil, fmt.Errorf("apertium: mode %s: %w", path, err)
	}
	return cmds, nil
}

// word is one shell word; quoted words are never operators.
type word struct {
	text   string
	quoted bool
}

// shellWords splits a mode's text into words the way sh would for the
// subset mode files use: blanks separate words, '…' and "…" quote, a
// backslash escapes the next character, and "|" is a word of its own.
func shellWords(s string) ([]word, error) {
	var words []word
	var cur strings.Builder
	inWord, quoted := false, false
	end := func() {
		if inWord {
			words = append(words, word{text: cur.String(), quoted: quoted})
		}
		cur.Reset()
		inWord, quoted = false, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			end()
		case c == '|':
			end()
			words = append(words, word{text: "|"})
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			inWord, quoted = true, true
			i += j + 1
		case c == '"':
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				cur.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, errors.New("unterminated double quote")
			}
			inWord, quoted = true, true
			i = j
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	end()
	return words, nil
}
