package apertium

import (
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine"
)

// Defaults for Options.
const (
	DefaultIdleTimeout  = 5 * time.Minute
	DefaultBatchTimeout = 2 * time.Minute
	DefaultPoolSize     = 1
	// DefaultMaxTextBytes bounds one text handed to Translate. Larger texts
	// are refused: the translator sends sentences, so a megabyte of text in
	// one segment is garbage from a page, not news.
	DefaultMaxTextBytes = 256 << 10
)

// Batching limits. A batch is what the pipeline receives between two null
// bytes; keeping it small bounds the latency of one batch (and so what a
// timeout or a dead pipeline costs) without losing throughput.
const (
	maxBatchBytes = 64 << 10
	maxBatchTexts = 1000
	// maxPieceBytes: a longer text is cut at sentence or word boundaries
	// into pieces translated as segments of their own and joined back, so
	// no program ever holds an unbounded "sentence".
	maxPieceBytes = 8 << 10
)

// Options configures an Engine. The zero value is usable.
type Options struct {
	// ModesDir holds the installed *.mode files; "" means DefaultModesDir.
	ModesDir string
	// IdleTimeout stops a pair's pipeline unused for that long; 0 means
	// DefaultIdleTimeout.
	IdleTimeout time.Duration
	// BatchTimeout bounds one batch; a pipeline that takes longer is killed
	// (and restarted by the next batch). 0 means DefaultBatchTimeout.
	BatchTimeout time.Duration
	// MarkUnknown keeps Apertium's marks on words it could not translate
	// (*unknown, @untransferred, #ungenerated) so that the quality checks
	// can flag them. It is on by default: New sets it to true unless
	// NoMarkUnknown is set, so a zero Options keeps the marks and setting
	// MarkUnknown to false alone changes nothing.
	MarkUnknown bool
	// NoMarkUnknown drops the marks (lt-proc -n instead of -g, like
	// `apertium -u`).
	NoMarkUnknown bool
	// PoolSize is the number of pipelines per pair; 0 means 1. More than
	// one only helps with more than one CPU core per extra pipeline.
	PoolSize int
	// MaxTextBytes bounds one text; 0 means DefaultMaxTextBytes.
	MaxTextBytes int
	// Logger receives pipeline starts, stops and failures; nil means
	// slog.Default().
	Logger *slog.Logger
}

// Engine translates through Apertium pipelines that it starts from the
// installed mode files and keeps running, one pool per pair.
type Engine struct {
	opts Options
	log  *slog.Logger

	versionOnce sync.Once
	version     string

	mu     sync.Mutex
	modes  map[model.Pair]modeInfo // nil until first discovered
	pools  map[string]*pool        // by mode path
	closed bool

	lexicons map[string]*analyser // by language; nil: none installed

}

var _ model.Engine = (*Engine)(nil)

// New returns an Engine. It starts nothing: each pair's pipeline starts on
// its first batch.
func New(opts Options) *Engine {
	if opts.ModesDir == "" {
		opts.ModesDir = DefaultModesDir
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	if opts.BatchTimeout <= 0 {
		opts.BatchTimeout = DefaultBatchTimeout
	}
	if opts.PoolSize <= 0 {
		opts.PoolSize = DefaultPoolSize
	}
	if opts.MaxTextBytes <= 0 {
		opts.MaxTextBytes = DefaultMaxTextBytes
	}
	opts.MarkUnknown = !opts.NoMarkUnknown
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Engine{opts: opts, log: log.With("engine", "apertium"), pools: make(map[string]*pool)}
}

// Name identifies the engine in routes and provenance.
func (e *Engine) Name() string { return "apertium" }

// Version returns the installed Apertium version (the Debian package's when
// dpkg knows it, else what `apertium -V` says), read once.
func (e *Engine) Version() string {
	e.versionOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if out, err := exec.CommandContext(ctx, "dpkg-query", "-W", "-f=${Version}", "apertium").Output(); err == nil && len(out) > 0 {
			e.version = strings.TrimSpace(string(out))
			return
		}
		if out, err := exec.CommandContext(ctx, "apertium", "-V").CombinedOutput(); err == nil {
			e.version = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(out)), "Apertium"))
			return
		}
		e.version = "unknown"
	})
	return e.version
}

// Pairs lists the pairs of the installed modes, as BCP-47 tags. It reads the
// modes directory on every call, so a pair installed later shows up.
func (e *Engine) Pairs(ctx context.Context) ([]model.Pair, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	modes, err := e.refreshModes()
	if err != nil {
		return nil, err
	}
	pairs := make([]model.Pair, 0, len(modes))
	for p := range modes {
		pairs = append(pairs, p)
	}
	sortPairs(pairs)
	return pairs, nil
}

func (e *Engine) refreshModes() (map[model.Pair]modeInfo, error) {
	modes, skipped, err := discoverModes(e.opts.ModesDir)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	first := e.modes == nil
	e.modes = modes
	e.mu.Unlock()
	if first {
		for name, err := range skipped {
			e.log.Warn("apertium: mode skipped", "mode", name, "err", err)
		}
	}
	return modes, nil
}

// mode finds the installed mode for pair, reading the modes directory again
// when the pair is not known yet.
func (e *Engine) mode(pair model.Pair) (modeInfo, error) {
	p := model.Pair{From: model.BaseLang(pair.From), To: model.BaseLang(pair.To)}
	e.mu.Lock()
	m, ok := e.modes[p]
	e.mu.Unlock()
	if ok {
		return m, nil
	}
	modes, err := e.refreshModes()
	if err != nil {
		return modeInfo{}, &model.Error{Code: model.EUnavailable, Message: "apertium: no modes installed", Err: err}
	}
	if m, ok := modes[p]; ok {
		return m, nil
	}
	return modeInfo{}, engine.WithKind(engine.KindUnsupported, model.Errorf(model.EInvalid, "apertium: pair %s is not installed", pair))
}

// Translate translates texts from pair.From to pair.To and returns one
// translation per text, in order. Empty and all-white-space texts come back
// as they are, and so does white space around a text. Control characters
// other than LF and TAB are removed; invalid UTF-8 and texts longer than
// Options.MaxTextBytes are refused with model.EInvalid.
func (e *Engine) Translate(ctx context.Context, req model.EngineRequest) ([]string, error) {
	pair, texts := req.Pair, req.Texts
	m, err := e.mode(pair)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(texts))
	restores := make([]func(string) string, len(texts))
	var pieces []piece
	for i, t := range texts {
		if len(t) > e.opts.MaxTextBytes {
			return nil, model.Errorf(model.EInvalid, "apertium: text %d is %d bytes, more than the %d allowed", i, len(t), e.opts.MaxTextBytes)
		}
		c, err := CleanText(t)
		if err != nil {
			return nil, model.Errorf(model.EInvalid, "apertium: text %d: %v", i, err)
		}
		c, restores[i] = HidePlaceholders(c)
		lead, core, trail := engine.SplitSpace(c)
		if core == "" {
			out[i] = restores[i](c)
			continue
		}
		out[i] = lead // the translation and trail are appended below
		for _, pc := range engine.SplitLong(core, maxPieceBytes) {
			pieces = append(pieces, piece{text: i, src: pc.Text, sep: pc.Sep})
		}
		pieces[len(pieces)-1].sep = trail
	}
	if len(pieces) == 0 {
		return out, nil
	}
	p, err := e.pool(m)
	if err != nil {
		return nil, err
	}
	// Cut the pieces into batches, run them on as many pipelines as the
	// pool has, then assemble the texts in order.
	var batches [][]piece
	for start := 0; start < len(pieces); {
		end, size := start, 0
		for end < len(pieces) && end-start < maxBatchTexts && (end == start || size+len(pieces[end].src) <= maxBatchBytes) {
			size += len(pieces[end].src)
			end++
		}
		batches = append(batches, pieces[start:end])
		start = end
	}
	results := make([][]string, len(batches))
	if err := runBatches(ctx, p, batches, results, e.opts.PoolSize); err != nil {
		return nil, fmt.Errorf("apertium: %s: %w", m.Pair, err)
	}
	for b, batch := range batches {
		for k, pc := range batch {
			out[pc.text] += results[b][k] + pc.sep
		}
	}
	for i := range out {
		if restores[i] != nil {
			out[i] = restores[i](out[i])
		}
	}
	return out, nil
}

// runBatches translates batches on pool p with at most workers batches in
// flight, storing batch i's result in results[i]. The first error cancels
// the rest.
func runBatches(ctx context.Context, p *pool, batches [][]piece, results [][]string, workers int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers = min(workers, len(batches))
	next := make(chan int)
	errc := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				srcs := make([]string, len(batches[i]))
				for k, pc := range batches[i] {
					srcs[k] = pc.src
				}
				res, err := p.translate(ctx, srcs)
				if err != nil {
					errc <- err
					cancel()
					return
				}
				results[i] = res
			}
		}()
	}
feed:
	for i := range batches {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	return ctx.Err()
}

// piece is a part of a text sent to the pipeline as one segment; sep is
// the white space that followed it in the text.
type piece struct {
	text     int
	src, sep string
}

// Close stops every pipeline. In-flight batches fail.
func (e *Engine) Close() error {
	e.mu.Lock()
	e.closed = true
	pools := e.pools
	e.pools = make(map[string]*pool)
	lexicons := e.lexicons
	e.lexicons = nil
	e.mu.Unlock()
	for _, p := range pools {
		p.close()
	}
	for _, a := range lexicons {
		if a != nil {
			a.close()
		}
	}
	return nil
}

// pool returns the running pool for mode m, creating it on first use.
func (e *Engine) pool(m modeInfo) (*pool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, model.Errorf(model.EUnavailable, "apertium: engine is closed")
	}
	if p, ok := e.pools[m.Path]; ok {
		return p, nil
	}
	cmds, err := parseMode(m.Path, e.opts.MarkUnknown)
	if err != nil {
		return nil, &model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("apertium: pair %s cannot run", m.Pair), Err: err}
	}
	p := newPool(m, cmds, e.opts, e.log.With("pair", m.Pair.String(), "mode", m.Name))
	e.pools[m.Path] = p
	return p, nil
}

// sortPairs orders pairs by From then To.
func sortPairs(ps []model.Pair) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].From != ps[j].From {
			return ps[i].From < ps[j].From
		}
		return ps[i].To < ps[j].To
	})
}
