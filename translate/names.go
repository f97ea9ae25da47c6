package translate

import (
	"context"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Names.
//
// A machine translation engine that does not know a name translates it or
// its parts: Apertium turned "Rubén Castaño" into "Rubén Brown" and a lone
// "Castaño" into "Chestnut tree" (es>en), and into "Castanyer" (es>ca) in
// the same article — one person spelled two ways, the defect the product
// exists to avoid. But protecting every capitalized run is worse: places
// and institutions the engine knows stay in the source language ("Ciudad de
// México" in a Catalan text, where the engine writes "Ciutat de Mèxic"). So
// the translator protects only what the engine cannot handle, and asks the
// engine which that is:
//
//   - candidates are runs of capitalized words inside a sentence (acronyms
//     allowed beside them: "Valdeloma CF"); a lowercase word — a particle, a
//     conjunction — ends a run ("Valdeloma y Almedina" is two candidates and
//     "y" is translated); a run that starts a sentence loses its first word
//     (it is capitalized anyway: "Según Castaño") unless that word is
//     capitalized inside a sentence elsewhere in the article;
//   - the engine is asked, once per article in one batch, about each
//     candidate word as written and in lower case (probeNames). Apertium
//     marks what it does not know with "*", and it knows a proper noun only
//     capitalized: "*rubén" and "*aguirre" are names to it, "castanyer",
//     "general" and "estats" are words;
//   - a run of two or more words with a name among them, which the engine
//     translates word by word, is a person's name ("Rubén Castaño",
//     "Esperanza Aguirre"; not "Mexico City") and is protected, and so is
//     each of its significant words where it stands alone and capitalized
//     ("Castaño dijo…"), so the surname has one spelling; a run of words
//     only ("Estados Unidos", "Asamblea General") is left to the engine;
//     Words the engine translates before the name are left to it
//     ("President Barack Obama": see personName), except a given name it
//     knows as a word before a surname the article also writes alone
//     ("Gene Bartow… Bartow recommended", not "Gen Bartow": givenName);
//   - a single word is left to the engine unless it is a word of a person's
//     name: one it knows ("Madrid", "México") as its grammar needs it ("a
//     Madrid", not "en Madrid"), one it does not know ("Valdeloma") because
//     it copies it as it is anyway, and a placeholder in its place would
//     break the multiword names it knows ("St. Petersburg": "San
//     Petersburgo");
//   - the byline's names are always protected.
//
// A protected name is written as the source writes it, or as the glossary
// renders it, in every sentence of the article: one rendering per person.
// Glossary terms keep priority: names are looked for in what they leave.
// An engine that marks no unknown word (a neural one) is told nothing:
// only the byline's names are protected, the engine handles the rest.

// nameParticles are the lowercase words found inside names ("Ortega y
// Gasset", "Ábalos de la Fuente"); none is ever protected as a name's word.
var nameParticles = lazySet("de del la las los le y i e da das do dos di du van von der den ter bin d")

// bylineWords start a byline without being a name.
var bylineWords = lazySet("por by av per de text texto texte redacción redacció redacción agencias")

// nameMatcher finds an article's names in text: whole names, and their
// significant words when capitalized alone. Matching is exact (case and
// diacritics): "castaño" is a colour.
type nameMatcher struct {
	byFirst map[string][][]string // first word → names (word lists), longest first
	single  map[string]bool       // significant words, matched alone
}

// nameCandidates are the runs of capitalized words of an article, before
// the engine says which are names.
type nameCandidates struct {
	stop   map[string]bool
	heads  map[string]bool // the source language's titles and kinds of place (nameHeads)
	runs   [][]string      // two or more words
	byline [][]string      // the byline's names: always protected
	// alone holds the words that start a run somewhere in the article (a
	// run of one word included): a surname written alone ("Bartow
	// recommended…" after "Gene Bartow")
	alone map[string]bool
	// hyphenated holds the runs whose last two words are joined by a
	// hyphen ("Italo-Swiss", "Hewlett-Packard")
	hyphenated map[string]bool
}

// wordProbe is what the engine knows of a capitalized word, or of a run of
// them.
type wordProbe struct {
	unknown bool   // the word as written is unknown: the engine cannot handle it
	name    bool   // the word in lower case is unknown: a proper noun to the engine
	out     string // the translation as written, marks removed
}

// detectNames returns the name candidates of texts (plain text; an
// article's fields) and byline in language lang.
func detectNames(texts []string, byline, lang string) *nameCandidates {
	stop := stopwords()[langKey(lang)]
	titleCase := langKey(lang) == "en"
	// words capitalized inside a sentence somewhere: a sentence-initial
	// run keeps its first word only if it is one ("Rubén Castaño dijo")
	mid := make(map[string]bool)
	for _, t := range texts {
		for _, w := range tokenizeWords(t) {
			if x := t[w.start:w.end]; capitalized(x) && !sentenceStart(t, w.start) && !stop[strings.ToLower(x)] {
				mid[x] = true
			}
		}
	}
	c := &nameCandidates{stop: stop, heads: nameHeads[langKey(lang)], alone: make(map[string]bool), hyphenated: make(map[string]bool)}
	seen := make(map[string]bool)
	for _, t := range texts {
		for line := range strings.SplitSeq(t, "\n") {
			for _, n := range nameRuns(line, stop, mid, false, titleCase) {
				c.alone[n[0]] = true
				k := strings.Join(n, " ")
				if seen[k] {
					continue
				}
				seen[k] = true
				if len(n) >= 2 { // a single word is left to the engine
					c.runs = append(c.runs, n)
					if strings.Contains(line, n[len(n)-2]+"-"+n[len(n)-1]) {
						c.hyphenated[k] = true
					}
				}
			}
		}
	}
	if byline != "" {
		for _, n := range nameRuns(byline, stop, nil, true, false) {
			if len(n) >= 2 {
				c.byline = append(c.byline, n)
			}
		}
	}
	return c
}

// probeWords returns the words the engine is asked about, each once.
func (c *nameCandidates) probeWords() []string {
	if c == nil {
		return nil
	}
	seen := make(map[string]bool)
	var out []string
	add := func(w string) {
		if !seen[w] && capitalized(w) {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, n := range c.runs {
		for _, w := range n {
			add(w)
		}
	}
	for _, n := range c.runs {
		add(strings.Join(n, " "))
	}
	return out
}

// matcher returns the names to protect given what the engine knows of the
// candidate words (probe), or nil if there are none.
func (c *nameCandidates) matcher(probe map[string]wordProbe) *nameMatcher {
	if c == nil {
		return nil
	}
	names := append([][]string(nil), c.byline...)
	given := make(map[string]bool) // given names the engine knows as words
	for _, n := range c.runs {
		p := personName(n, probe)
		if last := n[len(n)-1]; p != nil && c.hyphenated[strings.Join(n, " ")] && !probe[last].isName(last) {
			// a word the engine knows after a hyphen makes a compound
			// adjective ("Italo-Swiss", "Afro-Cuban"), not a surname:
			// "Swiss" protected alone kept "Swiss roots" English
			p = nil
		}
		if i := c.givenName(n, p, probe); i >= 0 {
			given[n[i]] = true
			p = n[i:]
		}
		if p != nil {
			names = append(names, p)
		}
	}
	if len(names) == 0 {
		return nil
	}
	m := &nameMatcher{byFirst: make(map[string][][]string), single: make(map[string]bool)}
	seen := make(map[string]bool)
	for _, n := range names {
		k := strings.Join(n, " ")
		if seen[k] {
			continue
		}
		seen[k] = true
		m.byFirst[n[0]] = append(m.byFirst[n[0]], n)
		for k, w := range n {
			// a given name the engine knows as a word is one alone ("the
			// Roman empire", "a bill")
			if significant(w, c.stop) && !(k == 0 && given[w]) {
				m.single[w] = true
			}
		}
	}
	for k, ns := range m.byFirst {
		sort.SliceStable(ns, func(i, j int) bool { return len(ns[i]) > len(ns[j]) })
		m.byFirst[k] = ns
	}
	return m
}

// significant reports whether w, a word of a name, is protected alone.
func significant(w string, stop map[string]bool) bool {
	if utf8.RuneCountInString(w) < 2 || !capitalized(w) {
		return false
	}
	l := strings.ToLower(w)
	return !nameParticles()[l] && !stop[l] && !stop[fold(w)]
}

// capitalized reports whether w starts with an upper-case letter and is not
// all capitals (a headline in capitals, an acronym: not a name's word).
func capitalized(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	if len(w) == size {
		return true
	}
	for _, r := range w[size:] {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// nameRuns returns the runs of name words of text t: capitalized words
// (and acronyms beside them) separated by spaces or a hyphen only. A run of
// acronyms alone is not a name.
func nameRuns(t string, stop, mid map[string]bool, byline, titleCase bool) [][]string {
	words := tokenizeWords(t)
	if len(words) == 0 {
		return nil
	}
	// English headlines are written in Title Case: every word capitalized,
	// and none can be told apart as a name.
	if titleCase && !byline {
		caps, long := 0, 0
		for _, w := range words {
			if w.end-w.start > 3 {
				long++
				if capitalized(t[w.start:w.end]) {
					caps++
				}
			}
		}
		if long >= 3 && caps == long {
			return nil
		}
	}
	var out [][]string
	for i := 0; i < len(words); {
		if !nameWord(t[words[i].start:words[i].end]) {
			i++
			continue
		}
		run := []int{i}
		j := i + 1
		for j < len(words) && joined(t, words[j-1], words[j]) && nameWord(t[words[j].start:words[j].end]) {
			run = append(run, j)
			j++
		}
		i = j
		if byline {
			for len(run) > 0 && bylineWords()[strings.ToLower(t[words[run[0]].start:words[run[0]].end])] {
				run = run[1:]
			}
		} else if sentenceStart(t, words[run[0]].start) && !mid[t[words[run[0]].start:words[run[0]].end]] {
			run = run[1:]
		}
		if len(run) == 0 || capitalizedCount(t, words, run) == 0 {
			continue
		}
		ws := make([]string, len(run))
		for k, x := range run {
			ws[k] = t[words[x].start:words[x].end]
		}
		out = append(out, ws)
	}
	return out
}

// joined reports whether only spaces (or one hyphen) separate words a and
// b, so that they can belong to one name.
func joined(t string, a, b word) bool {
	sep := t[a.end:b.start]
	return sep == "-" || sep != "" && strings.Trim(sep, " \u00a0") == ""
}

// nameWord reports whether w can be a word of a name: capitalized, or an
// acronym of two to four capitals ("CD Ribera", "Valdeloma CF").
func nameWord(w string) bool {
	if capitalized(w) {
		return true
	}
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 4
}

func capitalizedCount(t string, words []word, idx []int) int {
	n := 0
	for _, k := range idx {
		if capitalized(t[words[k].start:words[k].end]) {
			n++
		}
	}
	return n
}

// sentenceStart reports whether the word at byte i starts a sentence: only
// opening punctuation and spaces between it and the start of the text or a
// sentence end (. ! ? : … or a line break).
func sentenceStart(t string, i int) bool {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:i])
		switch {
		case r == '.' || r == '!' || r == '?' || r == ':' || r == '…' || r == '\n' || r == ';':
			return true
		case unicode.IsSpace(r) || strings.ContainsRune("«“\"'‘(¿¡—–-[", r):
			i -= size
		default:
			return false
		}
	}
	return true
}

// find returns the names in s as byte ranges, left to right, not
// overlapping; a whole name wins over its words.
func (m *nameMatcher) find(s string) [][2]int {
	if m == nil || s == "" {
		return nil
	}
	words := tokenizeWords(s)
	var out [][2]int
	for i := 0; i < len(words); i++ {
		w := s[words[i].start:words[i].end]
		matched := false
		for _, n := range m.byFirst[w] {
			if i+len(n) > len(words) {
				continue
			}
			ok := true
			for k := 1; k < len(n) && ok; k++ {
				ok = joined(s, words[i+k-1], words[i+k]) && s[words[i+k].start:words[i+k].end] == n[k]
			}
			if ok {
				out = append(out, [2]int{words[i].start, words[i+len(n)-1].end})
				i += len(n) - 1
				matched = true
				break
			}
		}
		if !matched && m.single[w] {
			out = append(out, [2]int{words[i].start, words[i].end})
		}
	}
	return out
}

// maxProbes bounds the remembered word probes (about 100 bytes each).
const maxProbes = 1 << 16

// probeMemo remembers what an engine said of a word, so that an article
// whose names are known costs no engine call before its memory lookup.
type probeMemo struct {
	mu sync.Mutex
	m  map[string]wordProbe // by pair and word
}

// probeNames asks the route's first engine about words in one call: each
// as written and in lower case, an unknown-word mark in the output meaning
// the engine does not know it.
func (t *Translator) probeNames(ctx context.Context, route Route, words []string) (map[string]wordProbe, error) {
	if len(words) == 0 || len(route.Hops) == 0 {
		return nil, nil
	}
	hop := route.Hops[0]
	prefix := hop.Pair.From + ">" + hop.Pair.To + "\x00"
	out := make(map[string]wordProbe, len(words))
	var ask []string
	t.probes.mu.Lock()
	for _, w := range words {
		if p, ok := t.probes.m[prefix+w]; ok {
			out[w] = p
		} else {
			ask = append(ask, w)
		}
	}
	t.probes.mu.Unlock()
	if len(ask) == 0 {
		return out, nil
	}
	texts := make([]string, 0, 2*len(ask))
	for _, w := range ask {
		lower := strings.ToLower(w)
		if strings.Contains(w, " ") {
			lower = w // a run: only its translation is used
		}
		texts = append(texts, w, lower)
	}
	res, err := translateHop(ctx, hop, texts)
	if err != nil {
		return nil, err
	}
	t.probes.mu.Lock()
	defer t.probes.mu.Unlock()
	if t.probes.m == nil || len(t.probes.m)+len(ask) > maxProbes {
		t.probes.m = make(map[string]wordProbe)
	}
	for i, w := range ask {
		o, u1 := stripUnknown(res.out[2*i])
		_, u2 := stripUnknown(res.out[2*i+1])
		p := wordProbe{unknown: len(u1) > 0, name: len(u2) > 0, out: strings.TrimSpace(o)}
		out[w] = p
		t.probes.m[prefix+w] = p
	}
	return out, nil
}

// isName reports whether the probed word w is a name to the engine: it
// does not know it, or knows it only capitalized and writes it as it is
// ("Rubén"); one it rewrites is a place or an adjective it can translate
// ("Syrian": "sirià", "Mexico": "Mèxic"). A single letter is no name.
func (p wordProbe) isName(w string) bool {
	return utf8.RuneCountInString(w) >= 2 && (p.unknown || p.name && p.out == w)
}

// personName returns the person's name in the run n, or nil if there is
// none. The name starts at the first word the engine knows only as a proper
// noun, or not at all ("Rubén Castaño", "Barack Obama"); the words before
// it — a title, an institution's head, an adjective — are the engine's to
// translate ("President", "Universidad", "Dutch"). The name needs two
// words: one alone the engine writes as it is anyway ("Esperanza Aguirre"
// gives "Esperança Aguirre" in Catalan, like "Nova York"). The engine,
// translating the whole run, must keep every such word as it is and where
// it is: a run whose proper noun it rewrites or moves is a name it knows
// ("Mexico City" gives "Ciudad de México", "Facebook Page" "Página de
// Facebook"), and a run it knows whole but not word by word is a unit of
// its dictionaries ("Hong Kong"). Words after the last name word: one is a surname the engine
// happens to know ("Castaño", "Charles Ranlett Flint"), unless the name
// is one word the engine does not know at all ("Svarc System", "Ramsar
// Conference"); two or more make an institution ("Puerto Rico Police
// Department").
func personName(n []string, probe map[string]wordProbe) []string {
	whole, ok := probe[strings.Join(n, " ")]
	if ok && !whole.unknown {
		// the engine knows the run as one unit, though not a word of it
		// alone: a place in its dictionaries ("Hong Kong", "Tel Aviv"),
		// whose grammar it knows ("a Hong Kong", not "en Hong Kong")
		for _, w := range n {
			if probe[w].unknown {
				return nil
			}
		}
	}
	var outWords []string
	if ok && !whole.unknown {
		for _, x := range tokenizeWords(whole.out) {
			outWords = append(outWords, whole.out[x.start:x.end])
		}
	}
	first, last := -1, -1
	for i, w := range n {
		if !probe[w].isName(w) {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
		if outWords != nil && (i >= len(outWords) || outWords[i] != w) {
			return nil
		}
	}
	switch after := len(n) - 1 - last; {
	case first < 0 || len(n)-first < 2 || after >= 2:
		return nil
	case after == 1 && first == last && probe[n[last]].unknown:
		return nil
	}
	return n[first:]
}

// givenName returns the index in run n of the word just before its
// person's name p (personName's, or nil) when that word is a given name
// the engine knows as a word ("Roman Berbr", "Gene Bartow", "Bill
// Hewlett": the engine wrote "Romano Berbr", "Gen Bartow", "Enuncia
// Hewlett"), or -1. personName leaves such a word to the engine, as it
// does a title ("President Barack Obama") or an adjective ("the Dutch
// Gasunie"), and wants two name words ("Gene Bartow" has one). It is a
// given name when the article writes the name without it elsewhere — a
// surname alone, as news refers to a person after naming them ("Bartow
// recommended…") — and it starts the run, the engine knows it in lower
// case (a common word: "roman", "gene"; not "German" or "Swiss", which it
// knows only capitalized, as adjectives of nationality) and it is none of
// the language's titles and kinds of place or institution (nameHeads:
// "President Obama… Obama said", "Calle Alcalá… en Alcalá").
func (c *nameCandidates) givenName(n, p []string, probe map[string]wordProbe) int {
	first := len(n) - len(p)
	if p == nil {
		// one name word, ending the run: "Gene Bartow"
		first = len(n) - 1
		w := n[first]
		if !probe[w].isName(w) || probe[n[first-1]].isName(n[first-1]) {
			return -1
		}
	}
	// the run starts with it: "European Commissioner Monti" has none
	i := first - 1
	if i != 0 || !c.alone[n[first]] {
		return -1
	}
	w := n[i]
	l := strings.ToLower(w)
	if !capitalized(w) || utf8.RuneCountInString(w) < 3 || c.heads[l] || c.stop[l] || nameParticles()[l] {
		return -1
	}
	// a common word the engine knows in lower case ("roman", "gene",
	// "bill"); one it knows only capitalized and translates is an
	// adjective of nationality or a place ("German": "alemán", "Swiss")
	if pr, ok := probe[w]; !ok || pr.unknown || pr.name {
		return -1
	}
	// the whole run, translated, keeps the name as it is where it was: a
	// run whose words the engine reorders or rewrites is a phrase it knows
	// ("Syrian Berbr" might give "Berbr sirio")
	if whole, ok := probe[strings.Join(n, " ")]; ok && !whole.unknown {
		ws := tokenizeWords(whole.out)
		if len(ws) != len(n) {
			return -1
		}
		for k := first; k < len(n); k++ {
			if whole.out[ws[k].start:ws[k].end] != n[k] {
				return -1
			}
		}
	}
	return i
}

// nameHeads are the words of a language that come before a person's or a
// place's name and that the engine translates: titles, offices and ranks,
// and kinds of place and institution ("Senator", "Calle", "Universidad").
// A word before a name that is none of them, written before the surname
// the article also writes alone, is a given name (givenName).
var nameHeads = map[string]map[string]bool{
	"en": set("mr mrs ms miss mister madam dr doctor prof professor sir dame lord lady president vice minister premier chancellor senator sen rep representative congressman congresswoman governor gov mayor judge justice attorney general gen colonel col major captain capt lieutenant lt sergeant sgt corporal private admiral commander commodore marshal officer detective inspector constable sheriff chief king queen prince princess duke duchess earl count countess baron emperor empress sultan emir sheikh pope cardinal archbishop bishop father brother sister reverend rev rabbi imam pastor saint st mount mt lake river cape fort port lord coach secretary ambassador speaker chairman chairwoman director deputy agent officer former late young old old uncle aunt grandma grandpa mother mom dad north south east west northern southern eastern western new upper lower greater central"),
	"es": set("señor sr señora sra señorita srta don doña presidente presidenta vicepresidente vicepresidenta ministro ministra primer senador senadora diputado diputada gobernador gobernadora alcalde alcaldesa juez jueza fiscal general coronel comandante capitán teniente sargento cabo almirante mariscal inspector jefe rey reina príncipe princesa duque duquesa conde condesa emperador papa cardenal arzobispo obispo padre fray sor hermano hermana reverendo san santo santa doctor doctora profesor profesora dr dra secretario secretaria embajador embajadora consejero consejera calle avenida plaza paseo carretera camino puerta puente río lago monte sierra cabo puerto isla islas golfo mar bahía valle villa ciudad provincia región estado universidad colegio escuela instituto hospital clínica museo teatro banco club partido ministerio tribunal audiencia juzgado consejo comisión junta asamblea fundación asociación federación compañía grupo hotel estadio aeropuerto estación iglesia catedral basílica parque barrio"),
	"ca": set("senyor sr senyora sra senyoreta don donya president presidenta vicepresident vicepresidenta ministre ministra primer senador senadora diputat diputada governador governadora alcalde alcaldessa batlle batllessa jutge jutgessa fiscal general coronel comandant capità tinent sergent almirall inspector cap rei reina príncep princesa duc duquessa comte comtessa emperador papa cardenal arquebisbe bisbe pare germà germana mossèn sant santa doctor doctora professor professora dr dra secretari secretària ambaixador ambaixadora conseller consellera carrer avinguda plaça passeig carretera camí porta pont riu llac mont muntanya serra cap port illa illes golf mar badia vall vila ciutat província regió estat universitat col·legi escola institut hospital clínica museu teatre banc club partit ministeri tribunal audiència jutjat consell comissió junta assemblea fundació associació federació companyia grup hotel estadi aeroport estació església catedral basílica parc barri"),
	"nb": set("herr fru frøken statsminister minister president visepresident statsråd ordfører borgermester fylkesmann dommer riksadvokat general oberst major kaptein løytnant sersjant admiral konge kong dronning prins prinsesse hertug greve keiser pave kardinal erkebiskop biskop prest pastor sankt st doktor dr professor prof sekretær ambassadør direktør sjef leder tidligere avdøde gamle unge gate gata vei veien plass torg bro elv sjø fjell kapp havn øy universitet høgskole skole sykehus museum teater bank klubb parti departement tingrett lagmannsrett høyesterett råd kommune fylke stiftelse forbund selskap hotell stadion flyplass stasjon kirke domkirke park"),
}

// blankTerms returns s with the glossary's terms blanked out: the glossary
// decides how those are written, so they are no name candidates and the
// engine is not asked about them.
func blankTerms(s string, g *glossaryMatcher) string {
	ms := g.find(s)
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m.start])
		b.WriteString(strings.Repeat(" ", m.end-m.start))
		last = m.end
	}
	b.WriteString(s[last:])
	return b.String()
}
