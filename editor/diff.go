package editor

import (
	"strings"
	"unicode"
)

// diffPart is a run of a word-level diff: Op is "" (kept), "del" or "ins".
type diffPart struct {
	Op   string
	Text string
}

// maxDiffCells bounds the comparison table of wordDiff; longer texts are
// shown as the whole before deleted and the whole after inserted.
const maxDiffCells = 1 << 20

// words splits s into words and the runs of spaces between them, so that
// joining the parts gives s back.
func words(s string) []string {
	var out []string
	start, space := 0, false
	for i, r := range s {
		if sp := unicode.IsSpace(r); i > start && sp != space {
			out = append(out, s[start:i])
			start = i
		}
		space = unicode.IsSpace(r)
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// wordDiff is the word-level difference from a to b (a longest common
// subsequence of words), adjacent runs of the same kind merged.
func wordDiff(a, b string) []diffPart {
	x, y := words(a), words(b)
	var parts []diffPart
	add := func(op, text string) {
		if text == "" {
			return
		}
		if n := len(parts); n > 0 && parts[n-1].Op == op {
			parts[n-1].Text += text
			return
		}
		parts = append(parts, diffPart{op, text})
	}
	if (len(x)+1)*(len(y)+1) > maxDiffCells {
		add("del", a)
		add("ins", b)
		return parts
	}
	// lcs[i][j]: the longest common subsequence of x[i:] and y[j:]
	w := len(y) + 1
	lcs := make([]int32, (len(x)+1)*w)
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			add("", x[i])
			i, j = i+1, j+1
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			add("del", x[i])
			i++
		default:
			add("ins", y[j])
			j++
		}
	}
	add("del", strings.Join(x[i:], ""))
	add("ins", strings.Join(y[j:], ""))
	return parts
}
