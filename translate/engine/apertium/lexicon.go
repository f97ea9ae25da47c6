package apertium

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"

	"newsbridge/model"
)

// Lexicon limits. A lookup is a handful of words per sentence, answered in
// microseconds each by a running lt-proc: a second is a dead analyser, not
// a slow one. One that failed is left alone for lexiconBackoff, so a broken
// installation costs one time-out a minute, never one per sentence.
const (
	lexiconTimeout  = 2 * time.Second
	lexiconBackoff  = time.Minute
	maxLexiconWords = 200_000 // remembered answers per language (a few MiB)
	maxLexiconWord  = 64      // bytes; a longer "word" is garbage, never asked
)

// KnownWords reports, for each word, whether the morphological analyser of
// lang (a BCP-47 tag) knows it as it is written: the analyser that the
// installed modes from lang start with (of several, the largest
// dictionary), run as a long-running `lt-proc -z` of its own. The
// dictionary's own words only: compound analysis (lt-proc -e, which the
// Norwegian modes use) is left out, since it reads nearly anything as a
// compound of short words (Bokmål "avisen" as Nynorsk av + isen). The
// quality checks give words in lower case; a word of anything but letters
// is reported unknown without asking.
//
// ok is false when the engine cannot tell: no mode from lang is installed,
// its first program is not an lt-proc analyser, or the analyser failed or
// timed out in the last minute. Answers are remembered per word. A lookup
// waits at most two seconds, whatever happens to lt-proc.
func (e *Engine) KnownWords(lang string, words []string) (known []bool, ok bool) {
	a := e.analyser(model.BaseLang(lang))
	if a == nil {
		return nil, false
	}
	return a.known(words)
}

// analyser returns the analyser of lang, set up on first use, or nil when
// there is none.
func (e *Engine) analyser(lang string) *analyser {
	e.mu.Lock()
	a, seen := e.lexicons[lang]
	closed := e.closed
	e.mu.Unlock()
	if seen || closed {
		return a
	}
	modes, err := e.refreshModes()
	if err != nil {
		return nil
	}
	var best []string
	var bestSize int64 = -1
	var bestName string
	for p, m := range modes {
		if p.From != lang {
			continue
		}
		cmds, err := parseMode(m.Path, true)
		if err != nil || len(cmds) == 0 || filepath.Base(cmds[0][0]) != "lt-proc" {
			continue
		}
		argv := cmds[0]
		bin := argv[len(argv)-1]
		fi, err := os.Stat(bin)
		if err != nil || !strings.HasSuffix(bin, ".bin") || fi.Size() < bestSize || fi.Size() == bestSize && m.Name > bestName {
			continue
		}
		best, bestSize, bestName = argv, fi.Size(), m.Name
	}
	if best != nil {
		var argv []string
		for _, a := range best {
			if a != "-e" && a != "--decompose-compounds" {
				argv = append(argv, a)
			}
		}
		best = argv
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if a, seen := e.lexicons[lang]; seen || e.closed {
		return a
	}
	if e.lexicons == nil {
		e.lexicons = make(map[string]*analyser)
	}
	if best != nil {
		a = &analyser{argv: best, idle: e.opts.IdleTimeout, cache: make(map[string]bool)}
		e.log.Info("apertium: analyser found", "lang", lang, "program", strings.Join(best, " "))
	}
	e.lexicons[lang] = a // nil too: asked once
	return a
}

// analyser is one language's lt-proc analyser, started on demand, stopped
// when idle, and its answers remembered.
type analyser struct {
	argv []string
	idle time.Duration

	mu       sync.Mutex
	p        *pipeline
	timer    *time.Timer
	lastUsed time.Time
	failed   time.Time // the last failure; lookups wait lexiconBackoff after it
	closed   bool
	cache    map[string]bool
}

func (a *analyser) known(words []string) ([]bool, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]bool, len(words))
	var ask []string
	where := map[string][]int{}
	for i, w := range words {
		if !askable(w) {
			continue
		}
		if k, ok := a.cache[w]; ok {
			out[i] = k
			continue
		}
		if where[w] == nil {
			ask = append(ask, w)
		}
		where[w] = append(where[w], i)
	}
	if len(ask) == 0 {
		return out, true
	}
	if a.closed || !a.failed.IsZero() && time.Since(a.failed) < lexiconBackoff {
		return nil, false
	}
	ans, err := a.lookup(ask)
	if err != nil {
		a.failed = time.Now()
		a.stop()
		return nil, false
	}
	if len(a.cache)+len(ask) > maxLexiconWords {
		a.cache = make(map[string]bool)
	}
	for k, w := range ask {
		a.cache[w] = ans[k]
		for _, i := range where[w] {
			out[i] = ans[k]
		}
	}
	a.lastUsed = time.Now()
	if a.timer == nil {
		a.timer = time.AfterFunc(a.idle, a.idleCheck)
	} else {
		a.timer.Reset(a.idle)
	}
	return out, true
}

// lookup sends each word as a batch of its own (so no multiword entry
// joins two of them) and reads whether the analyser knew it: an analysis
// not marked unknown ("^casa/casa<n><f><sg>$", not "^kasa/*kasa$").
func (a *analyser) lookup(words []string) ([]bool, error) {
	if a.p == nil || !a.p.alive() {
		if a.p != nil {
			a.p.stop()
		}
		p, err := startPipeline([][]string{a.argv})
		if err != nil {
			return nil, err
		}
		a.p = p
	}
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte(0)
	}
	outs, err := a.p.exchange(context.Background(), []byte(b.String()), len(words), lexiconTimeout)
	if err != nil {
		return nil, err
	}
	res := make([]bool, len(words))
	for i, o := range outs {
		res[i] = analysed(string(o))
	}
	return res, nil
}

// analysed reports whether one word's answer is a single lexical unit with
// an analysis.
func analysed(out string) bool {
	out = strings.TrimSpace(out)
	if !strings.HasPrefix(out, "^") || !strings.HasSuffix(out, "$") || strings.Count(out, "^") != 1 {
		return false
	}
	_, rest, ok := strings.Cut(out, "/")
	return ok && rest != "" && !strings.HasPrefix(rest, "*")
}

// askable: letters only (and combining marks), nothing the stream format
// would read as markup, and not too long.
func askable(w string) bool {
	if w == "" || len(w) > maxLexiconWord {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			return false
		}
	}
	return true
}

// stop ends the analyser's lt-proc; a later lookup starts another. a.mu is
// held.
func (a *analyser) stop() {
	if a.p != nil {
		a.p.stop()
		a.p = nil
	}
}

func (a *analyser) idleCheck() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if time.Since(a.lastUsed) >= a.idle {
		a.stop()
	}
}

// close stops the analyser for good.
func (a *analyser) close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	if a.timer != nil {
		a.timer.Stop()
	}
	a.stop()
}
