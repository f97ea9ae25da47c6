package translate

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"newsbridge/model"
	"newsbridge/translate/engine/placeholder"
)

// DefaultMaxTextBytes bounds what one call translates; more is refused with
// an EInvalid error rather than tying up the engines.
const DefaultMaxTextBytes = 8 << 20

// Translator turns articles and text into another language: it segments,
// protects, looks up the translation memory, sends what memory lacks to the
// router's engines in one batch per route hop, restores, checks and records
// where every sentence came from. It is safe for concurrent use.
type Translator struct {
	Router *Router
	// Memory is the translation memory; nil translates everything afresh.
	Memory model.Memory
	// Glossary gives the terms to enforce; nil enforces none.
	Glossary model.Glossary
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Ratios are the length norms per pair ("es>ca"); DefaultRatio otherwise.
	Ratios map[string]Ratio
	// MaxSegmentBytes bounds one segment (DefaultMaxSegmentBytes if 0).
	MaxSegmentBytes int
	// MaxTextBytes bounds one call (DefaultMaxTextBytes if 0).
	MaxTextBytes int
	// Lexicon gives the quality checks the languages' dictionaries (the
	// Apertium engine's analysers); nil checks without them.
	Lexicon Lexicon

	mu       sync.Mutex
	matchers map[string]glossCache // by source language
	finished finishMemo            // restore and checks, by their inputs
	probes   probeMemo             // what the engines know of capitalized words
}

type glossCache struct {
	version int64
	m       *glossaryMatcher // exact and do-not-translate terms
	forbid  *glossaryMatcher // forbidden renderings
}

func (t *Translator) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// field is one piece of an article translated as a unit: the title, a
// block's text or inline HTML, a caption.
type field struct {
	name  string
	text  string
	html  bool
	parts []segPart
	tail  string
	segs  []*seg
	out   string
}

// seg is one sentence on its way through the pipeline.
type seg struct {
	f        *field
	local    string // protected, placeholders numbered from 1
	spans    []Span
	key, lit string
	srcField string // the sentence as the field has it (HTML for HTML fields)
	srcPlain string // the sentence as plain text

	skip    string // why it is not sent to an engine (script), or ""
	copy    bool   // nothing to translate (numbers, names, punctuation)
	raw     string // engine output or memory target, placeholders in
	literal bool   // raw is an editor's literal target (no placeholders)
	entry   *model.MemoryEntry

	target  string
	engine  string
	version string
	route   string
	at      time.Time
	issues  []issue
}

// job is one call's worth of fields.
type job struct {
	from, to string
	byline   string // the article's byline: its words are names
	fields   []*field
	segs     []*seg
	route    string
	gversion int64
	forbid   *glossaryMatcher // the glossary's forbidden renderings
	// engineNames are the article's names of two or more words left to
	// the engine, with its translation of each alone (names.go)
	engineNames []engineName
}

// TranslateArticle translates an article's title, lead, category, every
// block's text or inline HTML and every figure's caption and alt into lang.
// The byline (names), figure sources and credits are kept as they are. The
// result carries one Segment per sentence with its provenance and the Flags
// the quality checks raised.
func (t *Translator) TranslateArticle(ctx context.Context, a *model.Article, lang string) (*model.Translation, error) {
	if a == nil {
		return nil, model.Errorf(model.EInvalid, "translate: no article")
	}
	from := a.Language
	if from == "" {
		return nil, model.Errorf(model.EInvalid, "translate: article %q has no source language", a.URL)
	}
	if lang == "" {
		return nil, model.Errorf(model.EInvalid, "translate: no target language")
	}
	j := &job{from: from, to: lang, byline: a.Byline}
	add := func(name, text string, html bool) *field {
		f := &field{name: name, text: text, html: html}
		j.fields = append(j.fields, f)
		return f
	}
	title := add("title", a.Title, false)
	lead := add("lead", a.Lead, false)
	category := add("category", a.Category, false)
	type blockFields struct{ text, caption, alt *field }
	bf := make([]blockFields, len(a.Blocks))
	for i, b := range a.Blocks {
		n := strconv.Itoa(i)
		if b.Type == model.BlockFigure {
			bf[i].caption = add("caption:"+n, b.Caption, false)
			bf[i].alt = add("alt:"+n, b.Alt, false)
			continue
		}
		if b.HTML != "" {
			bf[i].text = add("block:"+n, b.HTML, true)
		} else {
			bf[i].text = add("block:"+n, b.Text, false)
		}
	}
	if err := t.run(ctx, j); err != nil {
		return nil, err
	}
	now := t.now()
	tr := &model.Translation{
		ArticleID:       a.ID,
		Lang:            lang,
		Title:           title.out,
		Lead:            lead.out,
		Byline:          a.Byline,
		Category:        category.out,
		Blocks:          make([]model.Block, len(a.Blocks)),
		Route:           j.route,
		GlossaryVersion: j.gversion,
		CreatedAt:       now,
		UpdatedAt:       now,
	}
	for i, b := range a.Blocks {
		nb := b
		switch {
		case bf[i].caption != nil:
			nb.Caption = bf[i].caption.out
			nb.Alt = bf[i].alt.out
			if b.Text != "" { // a figure's text is its caption, kept in step
				nb.Text = nb.Caption
			}
		case b.HTML != "":
			nb.HTML = bf[i].text.out
			nb.Text = plainFromHTML(nb.HTML)
		default:
			nb.Text = bf[i].text.out
		}
		tr.Blocks[i] = nb
	}
	tr.Segments, tr.Flags = j.results()
	var engines []string
	for _, s := range tr.Segments {
		engines = appendDistinct(engines, strings.Split(s.Engine, "+")...)
	}
	tr.Engine = strings.Join(engines, "+")
	return tr, nil
}

// TranslateText translates plain text; paragraphs are separated by blank
// lines and kept as they are. The flags name paragraphs "paragraph:N"
// (from 1).
func (t *Translator) TranslateText(ctx context.Context, from, to, text string) (string, []model.Flag, error) {
	if from == "" || to == "" {
		return "", nil, model.Errorf(model.EInvalid, "translate: source and target language are required")
	}
	j := &job{from: from, to: to}
	pieces := splitParagraphs(text)
	n := 0
	for i, p := range pieces {
		if i%2 == 1 { // separators
			continue
		}
		n++
		j.fields = append(j.fields, &field{name: "paragraph:" + strconv.Itoa(n), text: p})
	}
	if err := t.run(ctx, j); err != nil {
		return "", nil, err
	}
	var b strings.Builder
	k := 0
	for i, p := range pieces {
		if i%2 == 1 {
			b.WriteString(p)
			continue
		}
		b.WriteString(j.fields[k].out)
		k++
	}
	_, flags := j.results()
	return b.String(), flags, nil
}

// splitParagraphs splits text at blank lines: even indexes are paragraphs,
// odd ones the separators between them, so joining all gives text back.
func splitParagraphs(text string) []string {
	var out []string
	start := 0
	i := 0
	for i < len(text) {
		if text[i] != '\n' {
			i++
			continue
		}
		// a newline: is it followed by a blank line?
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
			j++
		}
		if j < len(text) && text[j] == '\n' {
			end := j + 1
			for end < len(text) {
				k := end
				for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r') {
					k++
				}
				if k < len(text) && text[k] == '\n' {
					end = k + 1
					continue
				}
				break
			}
			out = append(out, text[start:i], text[i:end])
			start, i = end, end
			continue
		}
		i++
	}
	return append(out, text[start:])
}

// run translates every field of j.
func (t *Translator) run(ctx context.Context, j *job) error {
	total := 0
	for _, f := range j.fields {
		total += len(f.text)
		if !utf8.ValidString(f.text) {
			return model.Errorf(model.EInvalid, "translate: %s is not valid UTF-8 text", f.name)
		}
	}
	max := t.MaxTextBytes
	if max <= 0 {
		max = DefaultMaxTextBytes
	}
	if total > max {
		return model.Errorf(model.EInvalid, "translate: text too large (%d bytes; the limit is %d)", total, max)
	}
	if sameLang(j.from, j.to) {
		for _, f := range j.fields {
			f.out = f.text
		}
		j.route = j.from
		return nil
	}
	if t.Router == nil {
		return model.Errorf(model.EInvalid, "translate: no engines configured")
	}
	route, err := t.Router.Route(ctx, j.from, j.to)
	if err != nil {
		return err
	}
	j.route = route.String()

	gc, err := t.glossary(ctx, j.from)
	if err != nil {
		return err
	}
	g := gc.m
	j.gversion, j.forbid = gc.version, gc.forbid
	names, err := t.names(ctx, j, route, g)
	if err != nil {
		return err
	}
	t.prepare(j, g, names)

	pair := model.Pair{From: j.from, To: j.to}
	if err := t.lookup(ctx, j, pair); err != nil {
		return err
	}
	if err := t.translateMisses(ctx, j, route, pair); err != nil {
		return err
	}
	t.finish(j)
	return nil
}

// glossary returns the matchers for lang's terms, rebuilt when the glossary
// version changes.
func (t *Translator) glossary(ctx context.Context, lang string) (glossCache, error) {
	if t.Glossary == nil {
		return glossCache{}, nil
	}
	v, err := t.Glossary.GlossaryVersion(ctx)
	if err != nil {
		return glossCache{}, fmt.Errorf("translate: unable to read the glossary version: %w", err)
	}
	t.mu.Lock()
	c, ok := t.matchers[lang]
	t.mu.Unlock()
	if ok && c.version == v {
		return c, nil
	}
	terms, err := t.Glossary.GlossaryTerms(ctx, lang)
	if err != nil {
		return glossCache{}, fmt.Errorf("translate: unable to read the glossary: %w", err)
	}
	c = glossCache{version: v}
	c.m, c.forbid = splitTerms(terms, lang)
	t.mu.Lock()
	if t.matchers == nil {
		t.matchers = make(map[string]glossCache)
	}
	t.matchers[lang] = c
	t.mu.Unlock()
	return c, nil
}

// names finds the names of the job's text that the route's first engine
// cannot handle (see names.go), so that each is written one way in the
// whole article. Glossary terms are not asked about: the glossary writes
// them.
func (t *Translator) names(ctx context.Context, j *job, route Route, g *glossaryMatcher) (*nameMatcher, error) {
	texts := make([]string, 0, len(j.fields))
	for _, f := range j.fields {
		if f.html {
			texts = append(texts, blankTerms(plainFromHTML(f.text), g))
		} else {
			texts = append(texts, blankTerms(f.text, g))
		}
	}
	c := detectNames(texts, j.byline, j.from)
	probe, err := t.probeNames(ctx, route, c.probeWords())
	if err != nil {
		return nil, err
	}
	m := c.matcher(probe)
	j.engineNames = c.leftToEngine(m, probe)
	return m, nil
}

// prepare cleans, protects and segments every field.
func (t *Translator) prepare(j *job, g *glossaryMatcher, names *nameMatcher) {
	want := scriptOf(j.from)
	for _, f := range j.fields {
		text := cleanControls(f.text)
		ptext, spans := protectFieldNames(text, f.html, g, names, j.to)
		f.parts, f.tail = segmentField(ptext, spans, j.from, t.MaxSegmentBytes)
		for _, p := range f.parts {
			local, ls := localize(p.text, spans)
			s := &seg{f: f, local: local, spans: ls}
			s.srcField = restoreSource(local, ls, f.html)
			s.srcPlain = s.srcField
			if f.html {
				s.srcPlain = plainFromHTML(s.srcField)
			}
			s.key = memoryKey(local)
			s.lit = literalKey(s.srcPlain)
			letters := outsidePlaceholders(local)
			if name, table, n := dominantScript(letters); n == 0 {
				s.copy = true
			} else if table != want && n >= 3 {
				s.skip = fmt.Sprintf("text in %s script, which the %s route cannot translate; left as it is", name, j.from+">"+j.to)
			}
			f.segs = append(f.segs, s)
			j.segs = append(j.segs, s)
		}
	}
}

// outsidePlaceholders returns s without its placeholders.
func outsidePlaceholders(s string) string {
	if !strings.ContainsRune(s, placeholder.OpenRune) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		k := strings.IndexRune(s[i:], placeholder.OpenRune)
		if k < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+k])
		i += k
		if _, size, _, ok := placeholder.ParseLoose(s[i:]); ok {
			i += size
		} else {
			b.WriteRune(placeholder.OpenRune)
			i += len(placeholder.Open)
		}
	}
	return b.String()
}

// cleanControls replaces control characters other than tab and newline by
// spaces (and CRLF by LF): they mean nothing to a reader and confuse engines.
func cleanControls(s string) string {
	clean := true
	for _, r := range s {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// lookup fills what the translation memory has, in one call.
func (t *Translator) lookup(ctx context.Context, j *job, pair model.Pair) error {
	if t.Memory == nil {
		return nil
	}
	seen := make(map[string]bool)
	var keys []string
	for _, s := range j.segs {
		if s.copy || s.skip != "" {
			continue
		}
		if !seen[s.key] {
			seen[s.key] = true
			keys = append(keys, s.key)
		}
		// a literal editor entry exists only for a sentence with spans: for
		// one without, SaveEdit always finds the (no) spans and uses s.key
		if len(s.spans) > 0 && !seen[s.lit] {
			seen[s.lit] = true
			keys = append(keys, s.lit)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	found, err := t.Memory.LookupMemory(ctx, pair, j.gversion, keys)
	if err != nil {
		return fmt.Errorf("translate: unable to look up the translation memory: %w", err)
	}
	for _, s := range j.segs {
		if e, ok := found[s.lit]; ok && e.Origin == model.OriginEditor {
			s.use(e, true)
		} else if e, ok := found[s.key]; ok {
			s.use(e, false)
		}
	}
	return nil
}

func (s *seg) use(e model.MemoryEntry, literal bool) {
	s.entry = &e
	s.raw = e.Target
	s.literal = literal
	s.engine, s.version, s.route, s.at = e.Engine, e.EngineVersion, e.Route, e.At
	if e.Origin == model.OriginEditor && s.engine == "" {
		s.engine = "editor"
	}
}

// translateMisses sends every distinct sentence memory lacked through the
// route, one engine call per hop, and saves the results to memory.
func (t *Translator) translateMisses(ctx context.Context, j *job, route Route, pair model.Pair) error {
	idx := make(map[string]int)
	var texts []string
	for _, s := range j.segs {
		if s.entry != nil || s.copy || s.skip != "" {
			continue
		}
		if _, ok := idx[s.key]; !ok {
			idx[s.key] = len(texts)
			texts = append(texts, s.key)
		}
	}
	if len(texts) == 0 {
		return nil
	}
	cur := texts
	var names, versions []string
	for i, h := range route.Hops {
		res, err := translateHop(ctx, h, cur)
		if err != nil {
			return err
		}
		names = append(names, res.engine)
		versions = append(versions, res.version)
		if i < len(route.Hops)-1 {
			// the next engine must not read this one's unknown-word marks as
			// text; the last hop's marks are stripped and flagged by finish
			for k := range res.out {
				res.out[k], _ = stripUnknown(res.out[k])
			}
		}
		cur = res.out
	}
	engineName := joinDistinct(names, "+")
	version := joinDistinct(versions, "; ")
	now := t.now()
	rs := route.String()
	entries := make([]model.MemoryEntry, 0, len(texts))
	done := make(map[string]bool)
	for _, s := range j.segs {
		i, ok := idx[s.key]
		if !ok || s.entry != nil {
			continue
		}
		s.raw = cur[i]
		s.engine, s.version, s.route, s.at = engineName, version, rs, now
		if !done[s.key] {
			done[s.key] = true
			entries = append(entries, model.MemoryEntry{
				Key: s.key, Source: s.srcPlain, Target: cur[i], Origin: model.OriginMachine,
				Engine: engineName, EngineVersion: version, Route: rs, At: now,
			})
		}
	}
	if t.Memory != nil && len(entries) > 0 {
		if err := t.Memory.SaveMemory(ctx, pair, j.gversion, entries); err != nil {
			return fmt.Errorf("translate: unable to save to the translation memory: %w", err)
		}
	}
	return nil
}

// finish restores, checks and assembles every field.
func (t *Translator) finish(j *job) {
	ratio, ok := t.Ratios[j.from+">"+j.to]
	if !ok {
		ratio = DefaultRatio
	}
	for _, s := range j.segs {
		switch {
		case s.copy || s.skip != "":
			s.target, _ = restore(s.local, s.spans, s.f.html)
			if s.skip != "" {
				s.issues = []issue{{FlagUntranslated, s.skip}}
			}
		case s.literal:
			s.target = s.raw
			if s.f.html {
				s.target = escapeText(s.raw)
			}
		default:
			key := finishKey(j.from, j.to, s.raw, s.srcPlain, s.f.html, s.spans, ratio)
			if r, ok := t.finished.get(key); ok {
				s.target, s.issues = r.target, r.issues
				break
			}
			clean, unknown := stripUnknown(s.raw)
			clean = elide(j.to, clean, s.spans)
			var probs []restoreProblem
			s.target, probs = restore(clean, s.spans, s.f.html)
			plain := s.target
			if s.f.html {
				plain = plainFromHTML(s.target)
			}
			s.issues = checkSegment(t.Lexicon, j.from, j.to, s.srcPlain, plain, s.spans, probs, unknown, ratio)
			t.finished.put(key, finishResult{target: s.target, issues: s.issues})
		}
		if s.at.IsZero() {
			s.at = t.now()
		}
	}
	// across the article: a name left to the engine written one way
	j.oneRendering()
	// and a name written two ways is flagged
	src, tgt := make([]string, len(j.segs)), make([]string, len(j.segs))
	for i, s := range j.segs {
		src[i], tgt[i] = s.srcPlain, s.target
		if s.f.html {
			tgt[i] = plainFromHTML(s.target)
		}
	}
	for i, is := range nameSpellings(src, tgt) {
		s := j.segs[i]
		s.issues = append(s.issues[:len(s.issues):len(s.issues)], is...) // the finished cache keeps its own
	}
	if j.forbid != nil {
		for i, s := range j.segs {
			if s.literal { // an editor's words are the editor's choice
				continue
			}
			if is := forbiddenIssue(j.forbid, src[i], tgt[i], j.to); is != nil {
				s.issues = append(s.issues[:len(s.issues):len(s.issues)], *is)
			}
		}
	}
	for _, f := range j.fields {
		var b strings.Builder
		for i, p := range f.parts {
			b.WriteString(p.glue)
			b.WriteString(f.segs[i].target)
		}
		b.WriteString(f.tail)
		f.out = b.String()
	}
}

// results returns the job's segments and flags.
func (j *job) results() ([]model.Segment, []model.Flag) {
	segs := make([]model.Segment, 0, len(j.segs))
	var flags []model.Flag
	for _, s := range j.segs {
		ms := model.Segment{
			Field: s.f.name, Source: s.srcField, Target: s.target,
			Engine: s.engine, EngineVersion: s.version, Route: s.route,
			FromMemory: s.entry != nil, At: s.at,
		}
		if s.entry != nil && s.entry.Origin == model.OriginEditor {
			ms.Editor = s.entry.Editor
		}
		// one flag per segment and kind, its messages joined
		for i, is := range s.issues {
			if contains(ms.Flags, is.kind) {
				continue
			}
			ms.Flags = append(ms.Flags, is.kind)
			msgs := []string{is.msg}
			for _, o := range s.issues[i+1:] {
				if o.kind == is.kind {
					msgs = append(msgs, o.msg)
				}
			}
			flags = append(flags, model.Flag{Field: s.f.name, Kind: is.kind, Message: strings.Join(msgs, "; ") + " — in: " + snippet(s.srcPlain)})
		}
		segs = append(segs, ms)
	}
	return segs, flags
}

func snippet(s string) string {
	if utf8.RuneCountInString(s) <= 80 {
		return strconv.Quote(s)
	}
	r := []rune(s)
	return strconv.Quote(string(r[:77]) + "…")
}

func joinDistinct(xs []string, sep string) string {
	return strings.Join(appendDistinct(nil, xs...), sep)
}

func appendDistinct(dst []string, xs ...string) []string {
	for _, x := range xs {
		if x != "" && !contains(dst, x) {
			dst = append(dst, x)
		}
	}
	return dst
}
