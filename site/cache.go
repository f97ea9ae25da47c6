package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"newsbridge/internal/httpfast"
)

// Security headers sent with every page. The site needs no script, so
// script-src is 'none'; JSON-LD is a data block, which CSP does not govern.
const (
	headerCSP      = "default-src 'self'; img-src 'self'; script-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
	headerReferrer = "strict-origin-when-cross-origin"
	// cacheHTML lets browsers and proxies keep a page a minute, then
	// revalidate with the ETag (a 304 costs a few hundred bytes).
	cacheHTML   = "public, max-age=60"
	cacheStatic = "public, max-age=31536000, immutable"
)

// header is one precomputed response header. Values are shared between
// requests, so each slice has cap == len: an append by a middleware copies
// instead of writing into the shared array.
type header struct {
	key string
	val []string
}

func hv(v string) []string { return []string{v} }

// securityHeaders are set on every response the site writes.
var securityHeaders = []header{
	{"Content-Security-Policy", hv(headerCSP)},
	{"X-Content-Type-Options", hv("nosniff")},
	{"Referrer-Policy", hv(headerReferrer)},
	{"X-Frame-Options", hv("DENY")},
}

func setSecurityHeaders(h http.Header) {
	for _, kv := range securityHeaders {
		h[kv.key] = kv.val
	}
}

// gzipPool reuses compressors: a flate writer allocates about 1 MB of
// tables, far more than the page it compresses. Pages are compressed once
// per render, so the best (slowest) level is worth it.
var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

// entry is one rendered response, ready to be written without work: the
// bytes, a gzipped copy, and every header precomputed.
type entry struct {
	body, gz []byte
	etag     string
	etagGz   string
	// heads are the headers of the four answers, indexed by wirePlain
	// (200, identity), wireGzipped (200, gzip), wireNotMod (304,
	// identity) and wireNotModGz (304, gzip); the gzip ones are nil when
	// there is no gzipped copy.
	heads [4][]header
	// wire holds the same four heads as they go on the wire (status line
	// and headers in net/http's order, without Date and the blank line),
	// for a server that writes HTTP/1.1 itself (Site.Fast).
	wire    [4][]byte
	expires time.Time
	size    int64
	// pattern is the route that rendered the entry ("GET /{lang}/a/{slug}"),
	// given to a request served from the cache in place of routing it.
	pattern string
}

// newEntry precomputes everything a response needs. Gzip is kept only when it
// saves something: tiny bodies are sent as they are.
func newEntry(contentType, cacheControl string, body []byte, ttl time.Duration, now time.Time) *entry {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	e := &entry{body: body, etag: `"` + tag + `"`, etagGz: `"` + tag + `-gz"`}
	if ttl > 0 {
		e.expires = now.Add(ttl)
	}
	if len(body) > 512 {
		var buf bytes.Buffer
		zw := gzipPool.Get().(*gzip.Writer)
		zw.Reset(&buf)
		zw.Write(body)
		zw.Close()
		gzipPool.Put(zw)
		if buf.Len() < len(body) {
			e.gz = bytes.Clone(buf.Bytes())
		}
	}
	common := append([]header{
		{"Cache-Control", hv(cacheControl)},
		{"Vary", hv("Accept-Encoding")},
	}, securityHeaders...)
	build := func(etag string, extra ...header) []header {
		// "Etag" is the canonical form of ETag as a Header map key.
		hs := append(append([]header{}, common...), header{"Etag", hv(etag)})
		return append(hs, extra...)
	}
	// A 304 carries no Content-Type (net/http would drop it anyway).
	ct := header{"Content-Type", hv(contentType)}
	e.heads[wirePlain] = build(e.etag, ct, header{"Content-Length", hv(strconv.Itoa(len(body)))})
	e.heads[wireNotMod] = build(e.etag)
	if e.gz != nil {
		e.heads[wireGzipped] = build(e.etagGz, ct,
			header{"Content-Length", hv(strconv.Itoa(len(e.gz)))},
			header{"Content-Encoding", hv("gzip")})
		e.heads[wireNotModGz] = build(e.etagGz, header{"Content-Encoding", hv("gzip")})
	}
	for i, hs := range e.heads {
		if hs != nil {
			code := http.StatusOK
			if i >= 2 {
				code = http.StatusNotModified
			}
			e.wire[i] = wireHead(code, hs)
		}
	}
	e.size = int64(len(body) + len(e.gz) + 512)
	for _, w := range e.wire {
		e.size += int64(len(w))
	}
	return e
}

// Indexes of entry.wire.
const (
	wirePlain = iota
	wireGzipped
	wireNotMod
	wireNotModGz
)

// wireHead writes a status line and headers as net/http writes them for a
// handler that set hs: keys sorted, "Key: value" lines. Date, which
// net/http adds after them, is the server's to add.
func wireHead(code int, hs []header) []byte {
	h := make(http.Header, len(hs))
	for _, kv := range hs {
		h[kv.key] = kv.val
	}
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + strconv.Itoa(code) + " " + http.StatusText(code) + "\r\n")
	h.Write(&b)
	return b.Bytes()
}

// variant chooses how to answer a request for the entry: the gzipped
// copy when the client takes gzip, a 304 when it has the version chosen.
// It returns the index in wire and the body to send (nil for a 304).
func (e *entry) variant(acceptEncoding, ifNoneMatch []string) (int, []byte) {
	useGz := e.gz != nil && httpfast.AcceptsGzip(acceptEncoding)
	etag, i, body := e.etag, wirePlain, e.body
	if useGz {
		etag, i, body = e.etagGz, wireGzipped, e.gz
	}
	if len(ifNoneMatch) > 0 && httpfast.ETagMatches(ifNoneMatch, etag) {
		return i + wireNotMod, nil
	}
	return i, body
}

// serve writes the entry: 304 when the client has it, the gzipped copy when
// the client takes gzip, the plain bytes otherwise. It allocates nothing of
// its own on the way.
func (e *entry) serve(w http.ResponseWriter, r *http.Request) {
	i, body := e.variant(r.Header["Accept-Encoding"], r.Header["If-None-Match"])
	h := w.Header()
	for _, kv := range e.heads[i] {
		h[kv.key] = kv.val
	}
	if i >= wireNotMod {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// pageCache maps path+query to rendered entries. Invalidate swaps in a new
// generation; a render that began before the swap stores into the old one,
// so a page rendered from stale data can never outlive the invalidation.
// It is bounded both in bytes and in entries (many tiny pages cost map
// overhead the byte count does not see).
type pageCache struct {
	gen        atomic.Pointer[cacheGen]
	max        int64
	maxEntries int64
}

type cacheGen struct {
	m        sync.Map // string → *entry
	inflight sync.Map // string → chan struct{}, closed when its render ends
	size     atomic.Int64
	count    atomic.Int64
	mu       sync.Mutex // serialises eviction
}

func newPageCache(max, maxEntries int64) *pageCache {
	c := &pageCache{max: max, maxEntries: maxEntries}
	c.gen.Store(&cacheGen{})
	return c
}

func (c *pageCache) current() *cacheGen { return c.gen.Load() }

func (c *pageCache) reset() { c.gen.Store(&cacheGen{}) }

// get returns the live entry for key in the current generation, or nil.
func (c *pageCache) get(key string, now func() time.Time) *entry {
	return c.gen.Load().lookup(key, now)
}

// lookup returns the live entry for key in generation g, or nil.
func (g *cacheGen) lookup(key string, now func() time.Time) *entry {
	v, ok := g.m.Load(key)
	if !ok {
		return nil
	}
	e := v.(*entry)
	if !e.expires.IsZero() && now().After(e.expires) {
		return nil
	}
	return e
}

// put stores e under key in generation g, evicting arbitrary entries when the
// cache is over its byte or entry budget (down to three quarters of it).
// Pages bigger than an eighth of the byte budget are not kept at all.
func (c *pageCache) put(g *cacheGen, key string, e *entry) {
	if g == nil || e.size > c.max/8 {
		return
	}
	if old, loaded := g.m.Swap(key, e); loaded {
		g.size.Add(-old.(*entry).size)
	} else {
		g.count.Add(1)
	}
	if g.size.Add(e.size) <= c.max && g.count.Load() <= c.maxEntries {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.m.Range(func(k, v any) bool {
		if g.size.Load() <= c.max*3/4 && g.count.Load() <= c.maxEntries*3/4 {
			return false
		}
		if k.(string) != key {
			if _, ok := g.m.LoadAndDelete(k); ok {
				g.size.Add(-v.(*entry).size)
				g.count.Add(-1)
			}
		}
		return true
	})
}

// len is the number of entries in the current generation.
func (c *pageCache) len() int64 { return c.gen.Load().count.Load() }
