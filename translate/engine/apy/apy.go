// Package apy is the engine for Apertium APy, Apertium's HTTP server
// (GET /listPairs, POST /translate with q, langpair=spa|cat,
// markUnknown=yes|no and format=txt).
//
// APy truncates silently: it answers 200 with only the first ~36 KB of a
// long request (less under concurrency), and cuts a text at its first NUL.
// So this engine removes control characters, sends at most MaxChars bytes
// per request, and puts a numbered mark "⟪i⟫" on a paragraph of its own
// after each segment (i written as one private-use character, as digits are
// not safe in every pair). A reply must hold every mark, in order, and be of a
// plausible length; a reply that lost marks is split in two and sent again,
// and one that still fails is an error, never a result.
//
// Start the real server here with
//
//	apertium-apy -p 2737 /usr/share/apertium/modes
//
// (Debian package apertium-apy 0.11.7; it serves every mode in the
// directory and starts a pair's pipeline on its first request).
package apy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"newsbridge/model"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/apertium"
)

// Defaults for Options.
const (
	DefaultMaxChars = 4000
	DefaultTimeout  = 60 * time.Second
	// pairsTTL is how long a /listPairs answer is trusted.
	pairsTTL = 5 * time.Minute
	// maxReply bounds the body read from APy.
	maxReply = 8 << 20
	// markOpen and markClose frame the segment marks. Between them, the
	// segment's number is one private-use character (U+F000 + i), not
	// digits: sv→nb and sv→nn turn digits into ordinals ("1" → "1."). Both
	// survive every installed pair (see the apertium package doc) and
	// differ from the ⟦n⟧ placeholders the translator uses.
	markOpen, markClose = "⟪", "⟫"
	markFirst           = 0xF000
	// maxSegments bounds the segments of one request (U+F000..U+F8FF).
	maxSegments = 2000
)

// mark returns the mark that ends segment i of a request.
func mark(i int) string {
	return markOpen + string(rune(markFirst+i)) + markClose
}

// Options configures an Engine.
type Options struct {
	// BaseURL is APy's address, e.g. "http://127.0.0.1:2737".
	BaseURL string
	// HTTPClient sends the requests; nil means a client with Timeout.
	HTTPClient *http.Client
	// MaxChars bounds one request's text in bytes (UTF-8); 0 means
	// DefaultMaxChars. APy truncates long requests without saying so.
	MaxChars int
	// Timeout bounds one HTTP request; 0 means DefaultTimeout.
	Timeout time.Duration
	// Format is APy's deformatter ("txt", "html", ...); "" means "txt".
	// APy's own default, html, does not end a sentence at a blank line, so
	// a title without final punctuation runs into the next segment and
	// changes its translation ("Otro título" → "Altre títol" instead of
	// "Un altre títol"); txt translates as the embedded engine does.
	Format string
	// NoMarkUnknown asks APy not to mark unknown words (markUnknown=no).
	// By default the marks (*word, @word, #word) are kept for the quality
	// checks.
	NoMarkUnknown bool
}

// Engine translates through an Apertium APy server.
type Engine struct {
	base     string
	hc       *http.Client
	maxChars int
	timeout  time.Duration
	mark     string
	format   string

	mu        sync.Mutex
	pairs     map[model.Pair]string // pair → "spa|cat"
	pairsAt   time.Time
	pairsList []model.Pair
}

var _ model.Engine = (*Engine)(nil)

// New returns an Engine for the APy at opts.BaseURL. It sends nothing.
func New(opts Options) *Engine {
	e := &Engine{
		base:     strings.TrimRight(opts.BaseURL, "/"),
		hc:       opts.HTTPClient,
		maxChars: opts.MaxChars,
		timeout:  opts.Timeout,
		mark:     "yes",
		format:   opts.Format,
	}
	if e.format == "" {
		e.format = "txt"
	}
	if e.maxChars <= 0 {
		e.maxChars = DefaultMaxChars
	}
	if e.maxChars < 200 {
		e.maxChars = 200 // room for marks and one word
	}
	if e.timeout <= 0 {
		e.timeout = DefaultTimeout
	}
	if e.hc == nil {
		e.hc = &http.Client{Timeout: e.timeout}
	}
	if opts.NoMarkUnknown {
		e.mark = "no"
	}
	return e
}

// FromConfig builds an Engine from an engine configuration: URL is APy's
// address (required); Timeout bounds one request.
func FromConfig(c engine.Config) (*Engine, error) {
	if !engine.IsHTTPURL(c.URL) {
		return nil, model.Errorf(model.EInvalid, "apy %s: the address %q is not an http(s) URL", c.DisplayName(), c.URL)
	}
	return New(Options{BaseURL: c.URL, Timeout: c.Timeout}), nil
}

// Name identifies the engine in routes and provenance.
func (e *Engine) Name() string { return "apy" }

// Version is "unknown": APy 0.11 has no endpoint that tells its version
// or its pairs' data versions.
func (e *Engine) Version() string { return "unknown" }

// Close releases idle connections. The server is not newsbridge's to stop.
func (e *Engine) Close() error {
	e.hc.CloseIdleConnections()
	return nil
}

// listPairsReply is APy's /listPairs answer.
type listPairsReply struct {
	ResponseData []struct {
		SourceLanguage string `json:"sourceLanguage"`
		TargetLanguage string `json:"targetLanguage"`
	} `json:"responseData"`
	ResponseStatus int `json:"responseStatus"`
}

// Pairs lists the pairs APy serves, as BCP-47 tags; variants
// ("cat_valencia", "eng_US") are left out.
func (e *Engine) Pairs(ctx context.Context) ([]model.Pair, error) {
	if _, err := e.loadPairs(ctx, true); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]model.Pair(nil), e.pairsList...), nil
}

// loadPairs returns the pair map, asking APy again when force is set or the
// last answer is older than pairsTTL.
func (e *Engine) loadPairs(ctx context.Context, force bool) (map[model.Pair]string, error) {
	e.mu.Lock()
	if !force && e.pairs != nil && time.Since(e.pairsAt) < pairsTTL {
		m := e.pairs
		e.mu.Unlock()
		return m, nil
	}
	e.mu.Unlock()
	body, err := e.do(ctx, http.MethodGet, "/listPairs", nil)
	if err != nil {
		return nil, err
	}
	var r listPairsReply
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("apy: listPairs: %w: %v", engine.ErrBadResponse, err)
	}
	if r.ResponseStatus != 0 && r.ResponseStatus != http.StatusOK {
		return nil, fmt.Errorf("apy: listPairs: %w: responseStatus %d", engine.ErrBadResponse, r.ResponseStatus)
	}
	m := make(map[model.Pair]string)
	var list []model.Pair
	for _, p := range r.ResponseData {
		from, ok1 := apertium.TagOf(p.SourceLanguage)
		to, ok2 := apertium.TagOf(p.TargetLanguage)
		if !ok1 || !ok2 || from == to {
			continue
		}
		pair := model.Pair{From: from, To: to}
		if _, dup := m[pair]; dup {
			continue
		}
		m[pair] = p.SourceLanguage + "|" + p.TargetLanguage
		list = append(list, pair)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].From != list[j].From {
			return list[i].From < list[j].From
		}
		return list[i].To < list[j].To
	})
	e.mu.Lock()
	e.pairs, e.pairsAt, e.pairsList = m, time.Now(), list
	e.mu.Unlock()
	return m, nil
}

// langpair returns APy's name for pair ("spa|cat").
func (e *Engine) langpair(ctx context.Context, pair model.Pair) (string, error) {
	p := model.Pair{From: model.BaseLang(pair.From), To: model.BaseLang(pair.To)}
	m, err := e.loadPairs(ctx, false)
	if err != nil {
		return "", err
	}
	if lp, ok := m[p]; ok {
		return lp, nil
	}
	e.mu.Lock()
	stale := time.Since(e.pairsAt) > 10*time.Second
	e.mu.Unlock()
	if stale { // installed since the last look?
		if m, err = e.loadPairs(ctx, true); err != nil {
			return "", err
		}
		if lp, ok := m[p]; ok {
			return lp, nil
		}
	}
	return "", engine.WithKind(engine.KindUnsupported, model.Errorf(model.EInvalid, "apy: pair %s is not installed", pair))
}

// piece is a part of a text sent as one segment; sep is the white space
// that followed it in the text.
type piece struct {
	text     int
	src, sep string
}

// Translate translates texts from pair.From to pair.To, one result per text
// in order. Empty and all-white-space texts come back as they are, and so
// does white space around a text.
func (e *Engine) Translate(ctx context.Context, req model.EngineRequest) ([]string, error) {
	pair, texts := req.Pair, req.Texts
	out := make([]string, len(texts))
	restores := make([]func(string) string, len(texts))
	var pieces []piece
	// Room for the marks around a piece: "\n\n⟪123456⟫\n\n".
	maxPiece := e.maxChars - 32
	for i, t := range texts {
		c, err := apertium.CleanText(t)
		if err != nil {
			return nil, model.Errorf(model.EInvalid, "apy: text %d: %v", i, err)
		}
		// ⟦n⟧ placeholders travel as private-use characters: sv→nb and
		// sv→nn would turn ⟦1⟧ into ⟦1.⟧.
		c, restores[i] = apertium.HidePlaceholders(c)
		lead, core, trail := engine.SplitSpace(c)
		if core == "" {
			out[i] = restores[i](c)
			continue
		}
		out[i] = lead
		for _, pc := range engine.SplitLong(core, maxPiece) {
			pieces = append(pieces, piece{text: i, src: pc.Text, sep: pc.Sep})
		}
		pieces[len(pieces)-1].sep = trail
	}
	if len(pieces) == 0 {
		return out, nil
	}
	lp, err := e.langpair(ctx, pair)
	if err != nil {
		return nil, err
	}
	for start := 0; start < len(pieces); {
		end, size := start, 0
		for end < len(pieces) {
			n := len(pieces[end].src) + 32
			if end > start && (size+n > e.maxChars || end-start >= maxSegments) {
				break
			}
			size += n
			end++
		}
		srcs := make([]string, end-start)
		for k := range srcs {
			srcs[k] = pieces[start+k].src
		}
		res, err := e.translateChunk(ctx, lp, srcs, 0)
		if err != nil {
			return nil, err
		}
		for k, r := range res {
			pc := pieces[start+k]
			out[pc.text] += r + pc.sep
		}
		start = end
	}
	for i := range out {
		out[i] = restores[i](out[i])
	}
	return out, nil
}

// errTruncated marks a reply that lost segments or most of its text.
var errTruncated = errors.New("reply truncated")

// translateChunk sends srcs in one request. A truncated reply is retried as
// two halves (APy truncates sooner when busy), down to single segments.
func (e *Engine) translateChunk(ctx context.Context, lp string, srcs []string, depth int) ([]string, error) {
	res, err := e.request(ctx, lp, srcs)
	if err == nil || !errors.Is(err, errTruncated) || len(srcs) < 2 || depth > 8 {
		return res, err
	}
	half := len(srcs) / 2
	a, err := e.translateChunk(ctx, lp, srcs[:half], depth+1)
	if err != nil {
		return nil, err
	}
	b, err := e.translateChunk(ctx, lp, srcs[half:], depth+1)
	if err != nil {
		return nil, err
	}
	return append(a, b...), nil
}

// translateReply is APy's /translate answer.
type translateReply struct {
	ResponseData *struct {
		TranslatedText *string `json:"translatedText"`
	} `json:"responseData"`
	ResponseStatus int `json:"responseStatus"`
}

// request sends srcs as one /translate request and splits the reply.
func (e *Engine) request(ctx context.Context, lp string, srcs []string) ([]string, error) {
	// A text holding the mark characters itself goes alone and unmarked:
	// its own "⟪0⟫" could not be told from ours.
	marked := true
	for _, s := range srcs {
		if strings.Contains(s, markOpen) {
			marked = false
		}
	}
	if !marked && len(srcs) > 1 {
		res := make([]string, 0, len(srcs))
		for _, s := range srcs {
			r, err := e.request(ctx, lp, []string{s})
			if err != nil {
				return nil, err
			}
			res = append(res, r...)
		}
		return res, nil
	}
	var q strings.Builder
	for i, s := range srcs {
		q.WriteString(s)
		if marked {
			q.WriteString("\n\n" + mark(i) + "\n\n")
		}
	}
	form := url.Values{"q": {q.String()}, "langpair": {lp}, "markUnknown": {e.mark}, "format": {e.format}}
	body, err := e.do(ctx, http.MethodPost, "/translate", form)
	if err != nil {
		return nil, err
	}
	var r translateReply
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("apy: translate: %w: %v", engine.ErrBadResponse, err)
	}
	if r.ResponseData == nil || r.ResponseData.TranslatedText == nil {
		return nil, fmt.Errorf("apy: translate: %w: no translatedText", engine.ErrBadResponse)
	}
	if r.ResponseStatus != 0 && r.ResponseStatus != http.StatusOK {
		return nil, fmt.Errorf("apy: translate: %w: responseStatus %d", engine.ErrBadResponse, r.ResponseStatus)
	}
	reply := *r.ResponseData.TranslatedText
	// Marks or not, a reply far shorter than the request was cut.
	inLen, outLen := utf8.RuneCountInString(q.String()), utf8.RuneCountInString(reply)
	if inLen >= 100 && outLen < inLen/3 {
		return nil, fmt.Errorf("apy: translate: %w: %d characters back for %d sent", errTruncated, outLen, inLen)
	}
	if !marked {
		return []string{strings.TrimSpace(reply)}, nil
	}
	return splitReply(reply, len(srcs))
}

// splitReply cuts a reply at the marks ⟪0⟫ … ⟪n-1⟫, which must all be there,
// in order, with nothing but white space after the last.
func splitReply(reply string, n int) ([]string, error) {
	if c := strings.Count(reply, markOpen); c != n {
		if c < n {
			return nil, fmt.Errorf("apy: translate: %w: %d of %d segment marks came back", errTruncated, c, n)
		}
		return nil, fmt.Errorf("apy: translate: %w: %d segment marks for %d segments", engine.ErrBadResponse, c, n)
	}
	res := make([]string, 0, n)
	rest := reply
	for i := range n {
		m := mark(i)
		k := strings.Index(rest, m)
		if k < 0 {
			return nil, fmt.Errorf("apy: translate: %w: segment mark %d missing or out of order", errTruncated, i)
		}
		res = append(res, strings.TrimSpace(rest[:k]))
		rest = rest[k+len(m):]
	}
	if strings.TrimSpace(rest) != "" {
		return nil, fmt.Errorf("apy: translate: %w: text after the last segment mark", engine.ErrBadResponse)
	}
	return res, nil
}

// apyError is APy's error body.
type apyError struct {
	Status      string `json:"status"`
	Code        int    `json:"code"`
	Message     string `json:"message"`
	Explanation string `json:"explanation"`
}

// do sends one request and returns the body of a 200 answer. Other answers
// become *engine.HTTPError (so the resilience layer retries 5xx), with
// "That pair is not installed" as model.EInvalid.
func (e *Engine) do(ctx context.Context, method, path string, form url.Values) ([]byte, error) {
	if e.base == "" {
		return nil, model.Errorf(model.EInvalid, "apy: no server address configured")
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, e.base+path, body)
	if err != nil {
		return nil, fmt.Errorf("apy: %s: %w", path, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("apy: %s: %w", path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxReply+1))
	if err != nil {
		return nil, fmt.Errorf("apy: %s: reading the answer: %w", path, err)
	}
	if len(data) > maxReply {
		return nil, fmt.Errorf("apy: %s: %w: answer larger than %d bytes", path, engine.ErrBadResponse, maxReply)
	}
	if resp.StatusCode != http.StatusOK {
		var ae apyError
		msg := strings.TrimSpace(string(data))
		if json.Unmarshal(data, &ae) == nil && (ae.Explanation != "" || ae.Message != "") {
			msg = ae.Explanation
			if msg == "" {
				msg = ae.Message
			}
		}
		if len(msg) > 300 {
			msg = msg[:300]
		}
		he := &engine.HTTPError{Status: resp.StatusCode, Message: msg,
			RetryAfter: engine.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
		if resp.StatusCode == http.StatusBadRequest && strings.Contains(msg, "not installed") {
			return nil, engine.WithKind(engine.KindUnsupported, &model.Error{Code: model.EInvalid, Message: "apy: " + msg, Err: he})
		}
		return nil, fmt.Errorf("apy: %s: %w", path, he)
	}
	return data, nil
}
