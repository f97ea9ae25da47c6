package translate

import (
	"strings"
	"sync"
	"unicode"

	"newsbridge/model"
)

// Per-language data the segmenter and the quality checks need. The lists are
// small on purpose: they only have to be good enough to keep a sentence
// together after "Sr." and to tell Spanish left in a Catalan text.

// abbreviations maps a language to the abbreviations (lower-cased, without
// their final dot) after which a full stop does not end a sentence. uax29
// breaks after "Sr. Pérez"; these lists undo that. Single-letter initials
// ("J. Pérez") are handled for every language.
var abbreviations = sync.OnceValue(func() map[string]map[string]bool {
	return map[string]map[string]bool{
		"es":  set("sr sra srta sres sras dr dra d dña lic ing arq prof profa av avda c núm n pág págs p pp ej admón gral excmo excma ilmo ilma sto sta ud uds vd vds art cap vol tel aprox dpto depto ee fig col cía mons pdte pdta"),
		"ca":  set("sr sra srta dr dra sres pl av avda c núm n pàg p pp ex ps admin gral prof profa art cap vol tel aprox dept fig mn"),
		"gl":  set("sr sra srta dr dra d dna prof av avda r núm n páx p pp ex art cap vol tel aprox fig"),
		"pt":  set("sr sra srta dr dra prof profa av r núm n pág p pp ex art cap vol tel aprox fig"),
		"en":  set("mr mrs ms dr prof st jr sr vs e.g i.e no inc ltd co gen gov sen rep rev fig p pp vol ch art approx dept est u.s"),
		"it":  set("sig sigg dott dr prof avv ing on p pp es art cap vol tel fig"),
		"fr":  set("m mm mme mlle dr pr me p pp art cap vol tél fig"),
		"nb":  set("bl.a f.eks ca nr dvs mv jf kl s pkt tlf hr fru dr prof"),
		"nn":  set("bl.a t.d ca nr dvs mv jf kl s pkt tlf hr fru dr prof"),
		"sv":  set("bl.a t.ex ca nr dvs m.m jfr kl s tel dr prof"),
		"da":  set("bl.a f.eks ca nr dvs mv jf kl s tlf hr fru dr prof"),
		"de":  set("hr fr dr prof z.b bzw ca nr usw vgl s st"),
		"eo":  set("s-ro s-ino d-ro prof n p ekz"),
		"ast": set("sr sra dr dra p pp"),
		"oc":  set("sr sra dr dra p pp"),
		"an":  set("sr sra dr dra p pp"),
		"ro":  set("dl dna dr prof nr p pp art"),
	}
})

// stopwords holds frequent function words per language. The untranslated
// check counts the ones that belong to the source language only.
var stopwords = sync.OnceValue(func() map[string]map[string]bool {
	return map[string]map[string]bool{
		"es": set("el la los las y que de del en un una unos unas por con para es se su sus al lo como más pero le les ya este esta estos estas fue muy también sobre entre cuando donde desde hasta hay son sin porque según ayer hoy mientras aunque todo todos todas había han ha está están era eran ser sido será dijo tras otro otra otros otras año años cuál qué quién"),
		"ca": set("el la els les i que de del dels en un una uns unes per amb és es seu seva seus seves al als com més però li ja aquest aquesta aquests aquestes va van molt també sobre entre quan on des fins hi són sense perquè segons ahir avui mentre encara tot tots totes havia han ha està estan era eren ser estat serà dir després altre altra altres any anys quin què qui"),
		"gl": set("o a os as e que de do da dos das en un unha uns unhas por con para é se seu súa seus súas ao aos como máis pero lle xa este esta estes estas foi moi tamén sobre entre cando onde desde ata hai son sen porque segundo onte hoxe mentres aínda todo todos todas había ten ser será dixo tras outro outra outros outras ano anos"),
		"pt": set("o a os as e que de do da dos das em no na nos nas um uma uns umas por com para é se seu sua seus suas ao aos como mais mas lhe já este esta estes estas foi muito também sobre entre quando onde desde até há são sem porque segundo ontem hoje enquanto ainda todo todos todas havia tem ser será disse após outro outra outros outras ano anos"),
		"en": set("the a an and of to in on for with is are was were be been by at from that this these those it its as but or not have has had will would said after about than which who when where there their they he she we you also more most year years our your my his her them its should could can may might do does did so if into over just only then what"),
		"it": set("il lo la i gli le e che di del della dei delle in un una per con è si suo sua suoi al alla come più ma gli già questo questa fu molto anche sopra tra quando dove da fino ci sono senza perché secondo ieri oggi"),
		"fr": set("le la les et que de du des en un une par avec pour est se son sa ses au aux comme plus mais lui déjà ce cette ces fut très aussi sur entre quand où depuis jusqu il elle sont sans parce selon hier aujourd"),
		"nb": set("og i det som en et på er for med til av at den de ikke jeg hun han vi har var om fra kan skal vil etter også men noen hva hvor hvordan mye hennes dette disse blir ble bare selv uten hvis hvorfor være vært kommer sier nå dem fikk gikk sammen mener hele helt siden noe mer flere ifølge allerede fortsatt mens deres hvem hver hvert"),
		"nn": set("og i det som ein eit på er for med til av at den dei ikkje eg ho han vi har var om frå kan skal vil etter òg men nokon kva kvar korleis mykje hennar dette desse blir vart"),
		"sv": set("och i det som en ett på är för med till av att den de inte jag hon han vi har var om från kan ska vill efter också men några vad var hur mycket hennes detta dessa blir blev"),
		"da": set("og i det som en et på er for med til af at den de ikke jeg hun han vi har var om fra kan skal vil efter også men nogle hvad hvor hvordan meget hendes dette disse bliver blev"),
		"eo": set("la kaj de en al por kun estas estis ne sed ke kiu kio tiu tio ankaŭ pli ĉe el post antaŭ"),
	}
})

// conjunctions are the words X and X is built with: "efforts and efforts" is
// the MT defect the seeds show.
var conjunctions = lazySet("and or y e o i u ou og och eller und et ou ed kaj")

// repeatOK lists words legitimately repeated around a conjunction ("more and
// more", "més i més", "again and again").
var repeatOK = lazySet("more less again over round on through out más menos més cada mais máis mer mindre meir plus più encore sempre siempre sempre cada vez ja")

// scripts maps a language to the script its text is written in, for the
// check that keeps text in a script the pair cannot read away from the
// engine. Languages not listed are written in Latin script.
var scripts = map[string]*unicode.RangeTable{
	"ar": unicode.Arabic, "fa": unicode.Arabic, "ur": unicode.Arabic, "ps": unicode.Arabic,
	"ru": unicode.Cyrillic, "uk": unicode.Cyrillic, "bg": unicode.Cyrillic, "sr": unicode.Cyrillic, "mk": unicode.Cyrillic, "be": unicode.Cyrillic, "kk": unicode.Cyrillic,
	"el": unicode.Greek, "he": unicode.Hebrew, "yi": unicode.Hebrew,
	"zh": unicode.Han, "ja": unicode.Han, "ko": unicode.Hangul,
	"hi": unicode.Devanagari, "mr": unicode.Devanagari, "ne": unicode.Devanagari,
	"th": unicode.Thai, "ka": unicode.Georgian, "hy": unicode.Armenian, "am": unicode.Ethiopic,
}

var scriptNames = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin}, {"Arabic", unicode.Arabic}, {"Cyrillic", unicode.Cyrillic},
	{"Greek", unicode.Greek}, {"Hebrew", unicode.Hebrew}, {"Han", unicode.Han},
	{"Hiragana", unicode.Hiragana}, {"Katakana", unicode.Katakana}, {"Hangul", unicode.Hangul},
	{"Devanagari", unicode.Devanagari}, {"Thai", unicode.Thai}, {"Georgian", unicode.Georgian},
	{"Armenian", unicode.Armenian}, {"Ethiopic", unicode.Ethiopic},
}

// lazySet returns a function that makes set(words) at its first call: the
// word lists are folded (fold), which is not worth doing at start-up for
// the commands that never translate.
func lazySet(words string) func() map[string]bool {
	return sync.OnceValue(func() map[string]bool { return set(words) })
}

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
		m[fold(w)] = true // "segun" finds "según" too
	}
	return m
}

// langKey returns the key of the per-language tables for a BCP-47 tag: its
// normalised primary language ("es-ES" → "es", "no" → "nb", "spa" → "es").
func langKey(tag string) string { return model.LookupLang(tag).Base }

// scriptOf returns the script a language is written in.
func scriptOf(lang string) *unicode.RangeTable {
	if t, ok := scripts[langKey(lang)]; ok {
		return t
	}
	return unicode.Latin
}

// dominantScript returns the script most letters of s are written in and
// how many letters s has.
func dominantScript(s string) (name string, table *unicode.RangeTable, letters int) {
	counts := make([]int, len(scriptNames))
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if r < 0x250 { // fast path: Basic Latin, Latin-1, Latin Extended
			counts[0]++
			continue
		}
		for i, sc := range scriptNames {
			if unicode.Is(sc.table, r) {
				counts[i]++
				break
			}
		}
	}
	best := 0
	for i, c := range counts {
		if c > counts[best] {
			best = i
		}
	}
	if letters == 0 {
		return "", nil, 0
	}
	return scriptNames[best].name, scriptNames[best].table, letters
}
