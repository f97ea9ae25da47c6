package editor_test

import (
	"html/template"
	"regexp"
	"strconv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func mustInt(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func html(s string) string { return template.HTMLEscapeString(s) }

func regexpFind(re, s string) string {
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}
