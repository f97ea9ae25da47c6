package model

import "strings"

// bylineOpeners are the words that open a byline ("By Ana Ruiz", "Per Joan
// Vila", "Tekst: Kari Nordmann"), lower case, longest first where one opens
// another. colon marks those that open a byline only before a colon ("Text:
// Ana", never "Texto Ruiz").
var bylineOpeners = []struct {
	word  string
	colon bool
}{
	{"posted by", false}, {"publicado por", false}, {"submitted by", false}, {"written by", false},
	{"by", false}, {"por", false}, {"per", false}, {"av", false}, {"af", false}, {"von", false},
	{"par", false}, {"bởi", false}, {"bài", false}, {"بقلم", false}, {"كتب", false},
	{"text", true}, {"tekst", true}, {"texto", true},
}

// perIsAName are the languages where "Per" is a first name, not "by".
var perIsAName = map[string]bool{"nb": true, "nn": true, "no": true, "sv": true, "da": true}

// TrimBylineOpener returns a byline without the word that opens it ("By",
// "Por", "Per", "Av", "بقلم"…) and whether there was one. lang is the page's
// or the article's language, "" when unknown: "Per" is a first name in the
// Nordic languages, and with no language known it opens a byline only when
// two words or more follow ("Per Olsen" keeps its first name, "Per Joan
// Vila" is Catalan for "by"). A byline that is only the opener is returned
// unchanged.
func TrimBylineOpener(s, lang string) (string, bool) {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	for _, o := range bylineOpeners {
		if !strings.HasPrefix(low, o.word) || len(low) == len(o.word) {
			continue
		}
		rest := s[len(o.word):]
		switch {
		case rest[0] == ':':
		case rest[0] == ' ' && !o.colon:
		default:
			continue
		}
		rest = strings.TrimLeft(rest, " :")
		if rest == "" {
			continue
		}
		if o.word == "per" && (perIsAName[BaseLang(lang)] || !strings.Contains(rest, " ")) {
			continue
		}
		return rest, true
	}
	return s, false
}

// IsBylineOpener reports whether s is only a byline's opening word ("By",
// "Tekst:"), with no name after it.
func IsBylineOpener(s string) bool {
	s = strings.ToLower(strings.Trim(s, " :"))
	for _, o := range bylineOpeners {
		if s == o.word {
			return true
		}
	}
	return false
}
