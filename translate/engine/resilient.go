package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
	"unicode/utf8"

	"newsbridge/model"
)

// Breaker states, as reported by Stats.State.
const (
	StateClosed   = "closed"    // calls go through
	StateOpen     = "open"      // calls fail fast until the cool-down ends
	StateHalfOpen = "half-open" // one probe call decides
	StatePaused   = "paused"    // quota or daily budget exhausted
)

// Defaults for the resilience layer; Options change them.
const (
	DefaultConcurrency   = 4
	DefaultAttempts      = 4
	DefaultBaseDelay     = 500 * time.Millisecond
	DefaultMaxDelay      = 30 * time.Second
	DefaultMaxRetryAfter = 2 * time.Minute
	DefaultFailures      = 5
	DefaultCooldown      = time.Minute
)

// Batcher is implemented by engines whose API limits one request: at most
// Texts texts and about Bytes bytes of text (0 = no limit). ResilientEngine
// splits a call into such batches, so that a retry resends one batch only.
type Batcher interface {
	BatchLimit() (texts, bytes int)
}

// Versioner is implemented by engines that can say which version of their
// API or model they are; it goes into each segment's provenance.
type Versioner interface {
	Version() string
}

// Stats are a ResilientEngine's counters since it was made.
type Stats struct {
	Name string `json:"name"`
	// State is closed, open, half-open or paused.
	State string `json:"state"`
	// Calls counts Translate calls, Requests the batches sent to the engine
	// (retries included).
	Calls    int64 `json:"calls"`
	Requests int64 `json:"requests"`
	// CharsSent counts the characters (runes) of every request sent,
	// retries included; CharsToday those the engine accepted today (UTC),
	// the figure the daily budget is checked against.
	CharsSent  int64 `json:"chars_sent"`
	CharsToday int64 `json:"chars_today"`
	DailyChars int64 `json:"daily_chars,omitempty"`
	// Errors counts failed requests, Retries the requests sent again.
	Errors              int64     `json:"errors"`
	Retries             int64     `json:"retries"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	PausedUntil         time.Time `json:"paused_until,omitzero"`
	OpenUntil           time.Time `json:"open_until,omitzero"`
	// LastError is the last failure's message (keys scrubbed).
	LastError string `json:"last_error,omitempty"`
}

// ResilientEngine wraps a model.Engine with retry and backoff, a rate
// limit, a concurrency limit, a daily character budget, quota pauses and a
// circuit breaker. It is safe for concurrent use.
type ResilientEngine struct {
	inner model.Engine
	name  string
	cfg   Config

	now   func() time.Time
	sleep func(context.Context, time.Duration) error
	rand  func() float64
	log   *slog.Logger

	attempts      int
	baseDelay     time.Duration
	maxDelay      time.Duration
	maxRetryAfter time.Duration
	threshold     int
	cooldown      time.Duration
	sem           chan struct{}

	mu          sync.Mutex
	nextSlot    time.Time // rate limiter: earliest start of the next request
	day         time.Time // UTC midnight starting the budget's day
	used        int64     // chars accepted today
	reserved    int64     // chars of requests in flight
	pausedUntil time.Time
	state       string
	failures    int
	openUntil   time.Time
	probing     bool
	st          Stats
}

var _ model.Engine = (*ResilientEngine)(nil)

// Option changes a ResilientEngine's defaults.
type Option func(*ResilientEngine)

// WithClock sets the clock (tests use a fake one).
func WithClock(now func() time.Time) Option { return func(r *ResilientEngine) { r.now = now } }

// WithSleep sets how the engine waits between attempts and for the rate
// limit; it must return ctx.Err() when ctx ends first.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(r *ResilientEngine) { r.sleep = sleep }
}

// WithRand sets the source of jitter, a function returning [0,1).
func WithRand(f func() float64) Option { return func(r *ResilientEngine) { r.rand = f } }

// WithLogger sets the logger for retries, pauses and breaker changes.
func WithLogger(l *slog.Logger) Option { return func(r *ResilientEngine) { r.log = l } }

// WithRetry sets the number of attempts per batch (1 = no retry) and the
// bounds of the exponential backoff.
func WithRetry(attempts int, base, max time.Duration) Option {
	return func(r *ResilientEngine) { r.attempts, r.baseDelay, r.maxDelay = attempts, base, max }
}

// WithMaxRetryAfter sets the longest Retry-After the engine waits for
// within a call; a longer one fails the call and holds the engine that long.
func WithMaxRetryAfter(d time.Duration) Option {
	return func(r *ResilientEngine) { r.maxRetryAfter = d }
}

// WithBreaker sets the circuit breaker: it opens after failures failed
// calls in a row and lets one probe through after cooldown.
func WithBreaker(failures int, cooldown time.Duration) Option {
	return func(r *ResilientEngine) { r.threshold, r.cooldown = failures, cooldown }
}

// Resilient wraps e with the resilience layer configured by cfg
// (Concurrency, RatePerSecond, DailyChars, Timeout, QuotaPause) and opts.
func Resilient(e model.Engine, cfg Config, opts ...Option) *ResilientEngine {
	cfg.Key = "" // not needed here; one copy less of it in memory dumps
	r := &ResilientEngine{
		inner:         e,
		name:          e.Name(),
		cfg:           cfg,
		now:           time.Now,
		sleep:         sleepCtx,
		rand:          rand.Float64,
		log:           slog.Default(),
		attempts:      DefaultAttempts,
		baseDelay:     DefaultBaseDelay,
		maxDelay:      DefaultMaxDelay,
		maxRetryAfter: DefaultMaxRetryAfter,
		threshold:     DefaultFailures,
		cooldown:      DefaultCooldown,
		state:         StateClosed,
	}
	for _, o := range opts {
		o(r)
	}
	if r.attempts < 1 {
		r.attempts = 1
	}
	if r.threshold < 1 {
		r.threshold = 1
	}
	n := cfg.Concurrency
	if n <= 0 {
		n = DefaultConcurrency
	}
	r.sem = make(chan struct{}, n)
	r.st.Name = r.name
	r.st.DailyChars = cfg.DailyChars
	return r
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Name returns the wrapped engine's name.
func (r *ResilientEngine) Name() string { return r.name }

// String returns the name, so that printing the engine prints no config.
func (r *ResilientEngine) String() string { return r.name }

// Version returns the wrapped engine's version, "" if it has none.
func (r *ResilientEngine) Version() string {
	if v, ok := r.inner.(Versioner); ok {
		return v.Version()
	}
	return ""
}

// Unwrap returns the wrapped engine.
func (r *ResilientEngine) Unwrap() model.Engine { return r.inner }

// Pairs returns the wrapped engine's pairs; a failure is an EUnavailable
// error wrapping ErrUnavailable.
func (r *ResilientEngine) Pairs(ctx context.Context) ([]model.Pair, error) {
	ps, err := r.inner.Pairs(ctx)
	if err != nil {
		if model.ErrorCode(err) == model.EInvalid {
			return nil, err
		}
		return nil, r.wrap(ErrUnavailable, "cannot list its language pairs", err)
	}
	return ps, nil
}

// Translate translates texts in batches the engine accepts, each batch
// through the budget, breaker, concurrency and rate limits, retried on
// transient failures (Classify decides: KindTransient is retried, KindQuota
// pauses the engine, KindTransient and KindUnavailable count towards the
// breaker, KindInvalid and KindUnsupported are returned as they are). It
// returns exactly one translation per text or an error; errors are
// *model.Error values wrapping ErrQuota, ErrCircuitOpen or ErrUnavailable
// (errors.Is), the request's own error, or the caller's context error.
func (r *ResilientEngine) Translate(ctx context.Context, req model.EngineRequest) ([]string, error) {
	texts := req.Texts
	r.mu.Lock()
	r.st.Calls++
	r.mu.Unlock()
	if len(texts) == 0 {
		return []string{}, nil
	}
	out := make([]string, 0, len(texts))
	for _, b := range r.batches(texts) {
		res, err := r.translateBatch(ctx, req.WithTexts(b))
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}

// batches splits texts by the engine's BatchLimit.
func (r *ResilientEngine) batches(texts []string) [][]string {
	maxN, maxB := 0, 0
	if b, ok := r.inner.(Batcher); ok {
		maxN, maxB = b.BatchLimit()
	}
	return SplitBatches(texts, maxN, maxB)
}

// SplitBatches cuts texts into consecutive batches of at most maxTexts texts
// and about maxBytes bytes (a single longer text makes a batch of its own);
// 0 means no limit. Engines use it to honour their API's limits.
func SplitBatches(texts []string, maxTexts, maxBytes int) [][]string {
	var out [][]string
	start, size := 0, 0
	for i, t := range texts {
		n := i - start
		if n > 0 && ((maxTexts > 0 && n >= maxTexts) || (maxBytes > 0 && size+len(t) > maxBytes)) {
			out = append(out, texts[start:i:i])
			start, size = i, 0
		}
		size += len(t)
	}
	return append(out, texts[start:len(texts):len(texts)])
}

func countChars(texts []string) int64 {
	var n int64
	for _, t := range texts {
		n += int64(utf8.RuneCountInString(t))
	}
	return n
}

func (r *ResilientEngine) translateBatch(ctx context.Context, req model.EngineRequest) ([]string, error) {
	texts := req.Texts
	chars := countChars(texts)
	probe, err := r.admit(chars)
	if err != nil {
		return nil, err
	}
	done := false // whether the breaker has been told the outcome
	defer func() {
		r.mu.Lock()
		r.reserved -= chars
		if probe && !done {
			r.probing = false
		}
		r.mu.Unlock()
	}()

	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("engine %s: %w", r.name, ctx.Err())
	}
	defer func() { <-r.sem }()

	for attempt := 1; ; attempt++ {
		if d := r.rateWait(); d > 0 {
			if err := r.sleep(ctx, d); err != nil {
				return nil, fmt.Errorf("engine %s: %w", r.name, err)
			}
		}
		res, err := r.attempt(ctx, req, chars)
		if err == nil {
			r.succeed(chars)
			done = true
			return res, nil
		}
		if ctx.Err() != nil { // the caller gave up: not the engine's fault
			return nil, fmt.Errorf("engine %s: %w", r.name, ctx.Err())
		}
		kind := Classify(err)
		switch kind {
		case KindInvalid, KindUnsupported, KindCanceled: // the request, not the engine
			return nil, err
		case KindQuota:
			until := r.pause(err)
			done = true
			return nil, r.wrap(err, "is out of quota until "+until.UTC().Format(time.RFC3339), err)
		}
		retry := kind.Retry() && attempt < r.attempts
		wait := r.backoff(attempt)
		ra := retryAfter(err)
		if ra > wait {
			wait = ra
		}
		if !retry || ra > r.maxRetryAfter {
			r.fail(err)
			if ra > r.maxRetryAfter {
				r.hold(ra)
			}
			done = true
			var sentinel error = ErrUnavailable
			if errors.Is(err, ErrUnavailable) {
				sentinel = nil
			}
			// given up on: whatever the kind, the next engine may do better
			return nil, WithKind(KindUnavailable, r.wrap(sentinel, "failed", err))
		}
		r.mu.Lock()
		r.st.Retries++
		r.mu.Unlock()
		r.log.Warn("translation engine: retrying", "engine", r.name, "pair", req.Pair.String(),
			"attempt", attempt, "wait", wait, "err", err.Error())
		if err := r.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("engine %s: %w", r.name, err)
		}
	}
}

// attempt sends one request, bounded by cfg.Timeout.
func (r *ResilientEngine) attempt(ctx context.Context, req model.EngineRequest, chars int64) ([]string, error) {
	texts := req.Texts
	r.mu.Lock()
	r.st.Requests++
	r.st.CharsSent += chars
	r.mu.Unlock()
	actx := ctx
	if r.cfg.Timeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, r.cfg.Timeout)
		defer cancel()
	}
	res, err := r.inner.Translate(actx, req)
	if err == nil && len(res) != len(texts) {
		err = fmt.Errorf("%w: %d translations for %d texts", ErrBadResponse, len(res), len(texts))
	}
	if err != nil {
		r.mu.Lock()
		r.st.Errors++
		r.st.LastError = err.Error()
		r.mu.Unlock()
		return nil, err
	}
	return res, nil
}

// admit checks the pause, the breaker and the budget, and reserves chars.
// probe reports that this call is the half-open breaker's one probe.
func (r *ResilientEngine) admit(chars int64) (probe bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if now.Before(r.pausedUntil) {
		return false, r.wrap(&QuotaError{Until: r.pausedUntil}, "is paused until "+r.pausedUntil.UTC().Format(time.RFC3339), nil)
	}
	switch r.state {
	case StateOpen:
		if now.Before(r.openUntil) {
			return false, r.wrap(ErrCircuitOpen, "failed repeatedly; not called until "+r.openUntil.UTC().Format(time.RFC3339), nil)
		}
		r.state = StateHalfOpen
		r.log.Info("translation engine: circuit half-open", "engine", r.name)
		fallthrough
	case StateHalfOpen:
		if r.probing {
			return false, r.wrap(ErrCircuitOpen, "is being probed after repeated failures", nil)
		}
		probe = true
	}
	if r.cfg.DailyChars > 0 {
		r.rollDay(now)
		if r.used+r.reserved+chars > r.cfg.DailyChars {
			until := r.day.Add(24 * time.Hour)
			return false, r.wrap(&QuotaError{Until: until},
				fmt.Sprintf("daily budget of %d characters is spent until %s", r.cfg.DailyChars, until.Format(time.RFC3339)), nil)
		}
	}
	r.reserved += chars
	if probe {
		r.probing = true
	}
	return probe, nil
}

// rollDay starts a new budget day at UTC midnight.
func (r *ResilientEngine) rollDay(now time.Time) {
	y, m, d := now.UTC().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if !day.Equal(r.day) {
		r.day, r.used = day, 0
	}
}

// rateWait reserves the next request slot and returns how long to wait.
func (r *ResilientEngine) rateWait() time.Duration {
	if r.cfg.RatePerSecond <= 0 {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	slot := r.nextSlot
	if slot.Before(now) {
		slot = now
	}
	r.nextSlot = slot.Add(time.Duration(float64(time.Second) / r.cfg.RatePerSecond))
	return slot.Sub(now)
}

// backoff is the wait before attempt+1: base·2^(attempt-1) capped at max,
// with "equal jitter" (half fixed, half random) so that many callers do not
// retry in step yet the wait never drops below half the step.
func (r *ResilientEngine) backoff(attempt int) time.Duration {
	d := r.baseDelay
	for i := 1; i < attempt && d < r.maxDelay; i++ {
		d *= 2
	}
	if d > r.maxDelay {
		d = r.maxDelay
	}
	half := d / 2
	return half + time.Duration(r.rand()*float64(d-half))
}

func (r *ResilientEngine) succeed(chars int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cfg.DailyChars > 0 {
		r.rollDay(r.now())
	}
	r.used += chars
	r.st.CharsToday = r.used
	if r.state != StateClosed {
		r.log.Info("translation engine: circuit closed", "engine", r.name)
	}
	r.state, r.failures, r.probing = StateClosed, 0, false
}

// fail counts a failed call towards the breaker.
func (r *ResilientEngine) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures++
	r.probing = false
	if r.state == StateHalfOpen || r.failures >= r.threshold {
		if r.state != StateOpen {
			r.log.Warn("translation engine: circuit open", "engine", r.name,
				"failures", r.failures, "cooldown", r.cooldown, "err", err.Error())
		}
		r.state = StateOpen
		r.openUntil = r.now().Add(r.cooldown)
	}
}

// pause stops the engine after a quota error until the quota resets: the
// time the engine gave, else cfg.QuotaPause, else the next UTC midnight.
func (r *ResilientEngine) pause(err error) time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	until := quotaUntil(err)
	if !until.After(now) {
		if r.cfg.QuotaPause > 0 {
			until = now.Add(r.cfg.QuotaPause)
		} else {
			until = NextUTCMidnight(now)
		}
	}
	r.pausedUntil = until
	r.probing = false
	if r.state == StateHalfOpen { // the engine answered: it is up
		r.state, r.failures = StateClosed, 0
	}
	r.log.Warn("translation engine: quota exhausted, paused", "engine", r.name, "until", until, "err", err.Error())
	return until
}

// hold pauses the engine for a Retry-After longer than a call may wait.
func (r *ResilientEngine) hold(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	until := r.now().Add(d)
	if r.state != StateOpen || until.After(r.openUntil) {
		r.openUntil = until
	}
	r.state = StateOpen
}

// NextUTCMidnight returns the first UTC midnight after t.
func NextUTCMidnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

// wrap builds the error the router sees: code EUnavailable, a message safe
// to show, and a chain that errors.Is finds kind and cause in.
func (r *ResilientEngine) wrap(kind error, msg string, cause error) error {
	var chain error
	switch {
	case kind != nil && cause != nil && kind != cause:
		chain = fmt.Errorf("%w: %w", kind, cause)
	case kind != nil:
		chain = kind
	default:
		chain = cause
	}
	return &model.Error{Code: model.EUnavailable, Message: "translation engine " + r.name + " " + msg, Err: chain}
}

// Stats returns a snapshot of the counters and the engine's state.
func (r *ResilientEngine) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	s := r.st
	if r.cfg.DailyChars > 0 {
		r.rollDay(now)
	}
	s.CharsToday = r.used
	s.ConsecutiveFailures = r.failures
	s.State = r.state
	if r.state == StateOpen {
		s.OpenUntil = r.openUntil
		if !now.Before(r.openUntil) {
			s.State = StateHalfOpen
		}
	}
	switch {
	case now.Before(r.pausedUntil):
		s.State, s.PausedUntil = StatePaused, r.pausedUntil
	case r.cfg.DailyChars > 0 && r.used >= r.cfg.DailyChars:
		s.State, s.PausedUntil = StatePaused, r.day.Add(24*time.Hour)
	}
	return s
}
