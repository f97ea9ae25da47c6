package translate

import (
	"crypto/sha256"
	"math"
	"strconv"
	"sync"
)

// finishMemo remembers what finish computed for a segment from memory or an
// engine: the restored target and the quality issues. Both are pure
// functions of the languages, the engine's raw output, the spans, the
// field's mode, the plain source and the length norm, and all of them are
// in the key, so a hit returns exactly what the computation would (the
// translation itself still comes from memory every time: an editor's
// correction changes raw and so the key). A second pass over the same
// articles, or an article sharing sentences with another, then skips the
// restore and the checks.
//
// The memo is bounded by bytes and cleared when full: simpler than an LRU
// and, for a working set that fits, as good.
type finishMemo struct {
	mu      sync.Mutex
	m       map[[sha256.Size]byte]finishResult
	bytes   int
	maxSize int
}

type finishResult struct {
	target string
	issues []issue // shared between hits: never modified after checkSegment
}

// finishMemoBytes bounds the memo (keys, targets and messages).
const finishMemoBytes = 4 << 20

// finishKey is the SHA-256 of every input, length-prefixed: 32 bytes a
// segment instead of its whole text, and no two inputs share a key in
// practice.
func finishKey(from, to, raw, srcPlain string, html bool, spans []Span, ratio Ratio) [sha256.Size]byte {
	n := len(from) + len(to) + len(raw) + len(srcPlain) + 64
	for _, s := range spans {
		n += len(s.Kind) + len(s.Source) + len(s.Out) + 24
	}
	b := make([]byte, 0, n)
	str := func(s string) {
		// length-prefixed: no separator can be confused with content
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	str(from)
	str(to)
	str(raw)
	str(srcPlain)
	if html {
		b = append(b, 'h')
	} else {
		b = append(b, 't')
	}
	b = strconv.AppendUint(b, math.Float64bits(ratio.Min), 16)
	b = append(b, ',')
	b = strconv.AppendUint(b, math.Float64bits(ratio.Max), 16)
	b = append(b, ';')
	for _, s := range spans {
		str(s.Kind)
		str(s.Source)
		str(s.Out)
		if s.Raw {
			b = append(b, 'r')
		} else {
			b = append(b, 'p')
		}
		b = strconv.AppendInt(b, int64(s.Depth), 10)
		b = append(b, ';')
	}
	return sha256.Sum256(b)
}

func (c *finishMemo) get(key [sha256.Size]byte) (finishResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[key]
	return r, ok
}

func (c *finishMemo) put(key [sha256.Size]byte, r finishResult) {
	size := len(key) + len(r.target) + 64
	for _, is := range r.issues {
		size += len(is.kind) + len(is.msg) + 32
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	max := c.maxSize
	if max == 0 {
		max = finishMemoBytes
	}
	if size > max/16 {
		return // one huge segment must not flush the rest
	}
	if c.m == nil || c.bytes+size > max {
		c.m = make(map[[sha256.Size]byte]finishResult)
		c.bytes = 0
	}
	if _, ok := c.m[key]; !ok {
		c.m[key] = r
		c.bytes += size
	}
}
