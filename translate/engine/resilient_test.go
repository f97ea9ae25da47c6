package engine_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newsbridge/model"
	"newsbridge/translate/engine"
	"newsbridge/translate/engine/enginetest"
)

var pairEnEs = model.Pair{From: "en", To: "es"}

// fake is a scriptable engine: fn decides each call's outcome.
type fake struct {
	calls atomic.Int64
	fn    func(n int, texts []string) ([]string, error)
	batch int
}

func (f *fake) Name() string                                { return "fake" }
func (f *fake) Pairs(context.Context) ([]model.Pair, error) { return []model.Pair{pairEnEs}, nil }
func (f *fake) BatchLimit() (int, int)                      { return f.batch, 0 }
func (f *fake) Translate(_ context.Context, req model.EngineRequest) ([]string, error) {
	texts := req.Texts
	n := int(f.calls.Add(1))
	if f.fn != nil {
		return f.fn(n, texts)
	}
	return echo(texts), nil
}

func echo(texts []string) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = "es:" + t
	}
	return out
}

// failFirst fails the first k calls with err, then echoes.
func failFirst(k int, err error) func(int, []string) ([]string, error) {
	return func(n int, texts []string) ([]string, error) {
		if n <= k {
			return nil, err
		}
		return echo(texts), nil
	}
}

var start = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func newResilient(t *testing.T, f *fake, cfg engine.Config, opts ...engine.Option) (*engine.ResilientEngine, *enginetest.Clock, *enginetest.Log) {
	t.Helper()
	clock := enginetest.NewClock(start)
	log := &enginetest.Log{}
	base := []engine.Option{engine.WithClock(clock.Now), engine.WithSleep(clock.Sleep),
		engine.WithRand(func() float64 { return 0.5 }), engine.WithLogger(log.Logger())}
	return engine.Resilient(f, cfg, append(base, opts...)...), clock, log
}

func TestBackoffSequenceBounded(t *testing.T) {
	for _, tc := range []struct {
		name string
		rnd  float64
		want []time.Duration
	}{
		{"min jitter", 0, []time.Duration{50, 100, 200, 400, 500}},
		{"max jitter", 0.999999, []time.Duration{100, 200, 400, 800, 1000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{fn: failFirst(100, &engine.HTTPError{Status: 503})}
			r, clock, _ := newResilient(t, f, engine.Config{},
				engine.WithRetry(6, 100*time.Millisecond, time.Second),
				engine.WithRand(func() float64 { return tc.rnd }))
			_, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}})
			if !errors.Is(err, engine.ErrUnavailable) || model.ErrorCode(err) != model.EUnavailable {
				t.Fatalf("err = %v, want EUnavailable wrapping ErrUnavailable", err)
			}
			got := clock.Sleeps()
			if len(got) != len(tc.want) {
				t.Fatalf("sleeps = %v, want %d of them", got, len(tc.want))
			}
			for i, d := range got {
				w := tc.want[i] * time.Millisecond
				if d < w-time.Millisecond || d > w || d > time.Second {
					t.Errorf("sleep %d = %v, want about %v (≤ 1s)", i, d, w)
				}
			}
			if f.calls.Load() != 6 {
				t.Errorf("calls = %d, want 6", f.calls.Load())
			}
			st := r.Stats()
			if st.Requests != 6 || st.Retries != 5 || st.Errors != 6 {
				t.Errorf("stats = %+v", st)
			}
		})
	}
}

func TestRetryAfterRespected(t *testing.T) {
	f := &fake{fn: failFirst(1, &engine.HTTPError{Status: 429, RetryAfter: 7 * time.Second})}
	r, clock, _ := newResilient(t, f, engine.Config{})
	got, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a", "b"}})
	if err != nil || strings.Join(got, "|") != "es:a|es:b" {
		t.Fatalf("got %q, %v", got, err)
	}
	if s := clock.Sleeps(); len(s) != 1 || s[0] != 7*time.Second {
		t.Errorf("sleeps = %v, want [7s]", s)
	}
	if st := r.Stats(); st.Retries != 1 || st.State != engine.StateClosed || st.CharsSent != 4 || st.CharsToday != 2 {
		t.Errorf("stats = %+v", st)
	}
}

func TestRetryAfterTooLongHoldsEngine(t *testing.T) {
	f := &fake{fn: failFirst(1, &engine.HTTPError{Status: 503, RetryAfter: 10 * time.Minute})}
	r, clock, _ := newResilient(t, f, engine.Config{})
	if _, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); !errors.Is(err, engine.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if len(clock.Sleeps()) != 0 {
		t.Errorf("slept %v; a 10-minute Retry-After must not be waited for in a call", clock.Sleeps())
	}
	if _, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); !errors.Is(err, engine.ErrCircuitOpen) {
		t.Fatalf("second call err = %v, want ErrCircuitOpen while held", err)
	}
	clock.Advance(10 * time.Minute)
	if _, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
	if f.calls.Load() != 2 {
		t.Errorf("calls = %d, want 2", f.calls.Load())
	}
}

func TestRetryOnlyTransient(t *testing.T) {
	for _, tc := range []struct {
		name      string
		err       error
		wantCalls int64
		wantErr   error
	}{
		{"500 then ok", &engine.HTTPError{Status: 500}, 2, nil},
		{"502 then ok", &engine.HTTPError{Status: 502}, 2, nil},
		{"timeout then ok", context.DeadlineExceeded, 2, nil},
		{"400 not retried", &engine.HTTPError{Status: 400, Message: "bad"}, 1, engine.ErrUnavailable},
		{"bad key not retried", &engine.HTTPError{Status: 403, Auth: true}, 1, engine.ErrAuth},
		{"garbage not retried", fmt.Errorf("x: %w", engine.ErrBadResponse), 1, engine.ErrBadResponse},
		{"quota not retried", &engine.HTTPError{Status: 456, Quota: true}, 1, engine.ErrQuota},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{fn: failFirst(1, tc.err)}
			r, _, _ := newResilient(t, f, engine.Config{})
			_, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}})
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil && model.ErrorCode(err) != model.EUnavailable {
				t.Errorf("code = %q, want unavailable", model.ErrorCode(err))
			}
			if f.calls.Load() != tc.wantCalls {
				t.Errorf("calls = %d, want %d", f.calls.Load(), tc.wantCalls)
			}
		})
	}
}

func TestCircuitBreaker(t *testing.T) {
	var failing atomic.Bool
	failing.Store(true)
	f := &fake{fn: func(_ int, texts []string) ([]string, error) {
		if failing.Load() {
			return nil, &engine.HTTPError{Status: 500}
		}
		return echo(texts), nil
	}}
	r, clock, log := newResilient(t, f, engine.Config{}, engine.WithRetry(1, 0, 0), engine.WithBreaker(3, time.Minute))
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); !errors.Is(err, engine.ErrUnavailable) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if st := r.Stats(); st.State != engine.StateOpen || st.ConsecutiveFailures != 3 {
		t.Fatalf("after 3 failures stats = %+v, want open", st)
	}
	if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); !errors.Is(err, engine.ErrCircuitOpen) || model.ErrorCode(err) != model.EUnavailable {
		t.Fatalf("open circuit err = %v", err)
	}
	if f.calls.Load() != 3 {
		t.Fatalf("open circuit called the engine: %d calls", f.calls.Load())
	}
	clock.Advance(time.Minute)
	if st := r.Stats(); st.State != engine.StateHalfOpen {
		t.Fatalf("after cool-down state = %s, want half-open", st.State)
	}
	// The probe fails: open again for another cool-down.
	if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); !errors.Is(err, engine.ErrUnavailable) {
		t.Fatalf("probe: %v", err)
	}
	if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); !errors.Is(err, engine.ErrCircuitOpen) {
		t.Fatalf("after failed probe: %v, want circuit open", err)
	}
	clock.Advance(time.Minute)
	failing.Store(false)
	if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); err != nil {
		t.Fatalf("successful probe: %v", err)
	}
	if st := r.Stats(); st.State != engine.StateClosed || st.ConsecutiveFailures != 0 {
		t.Fatalf("after probe stats = %+v, want closed", st)
	}
	for _, want := range []string{"circuit open", "circuit half-open", "circuit closed"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
}

func TestHalfOpenLetsOneProbe(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 4)
	var failing atomic.Bool
	failing.Store(true)
	f := &fake{fn: func(_ int, texts []string) ([]string, error) {
		if failing.Load() {
			return nil, &engine.HTTPError{Status: 500}
		}
		entered <- struct{}{}
		<-release
		return echo(texts), nil
	}}
	r, clock, _ := newResilient(t, f, engine.Config{}, engine.WithRetry(1, 0, 0), engine.WithBreaker(1, time.Second))
	ctx := context.Background()
	_, _ = r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}})
	clock.Advance(time.Second)
	failing.Store(false)
	done := make(chan error, 1)
	go func() {
		_, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"probe"}})
		done <- err
	}()
	<-entered
	if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"b"}}); !errors.Is(err, engine.ErrCircuitOpen) {
		t.Errorf("second call during the probe: %v, want ErrCircuitOpen", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("probe: %v", err)
	}
	if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"c"}}); err != nil {
		t.Fatalf("after probe: %v", err)
	}
}

func TestDailyBudget(t *testing.T) {
	f := &fake{}
	r, clock, _ := newResilient(t, f, engine.Config{DailyChars: 10})
	ctx := context.Background()
	if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"héllo", "wörld"}}); err != nil { // 10 runes, 12 bytes
		t.Fatal(err)
	}
	_, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"x"}})
	if !engine.IsQuota(err) || model.ErrorCode(err) != model.EUnavailable {
		t.Fatalf("over budget err = %v, want quota", err)
	}
	if !strings.Contains(model.ErrorMessage(err), "2026-11-23T00:00:00Z") {
		t.Errorf("message %q does not say when the budget resets", model.ErrorMessage(err))
	}
	st := r.Stats()
	if st.State != engine.StatePaused || !st.PausedUntil.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) || st.CharsToday != 10 {
		t.Fatalf("stats = %+v", st)
	}
	clock.Set(time.Date(2026, 11, 22, 23, 59, 59, 0, time.UTC))
	if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"x"}}); !engine.IsQuota(err) {
		t.Fatalf("one second before midnight: %v, want quota", err)
	}
	clock.Set(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"x"}}); err != nil {
		t.Fatalf("at UTC midnight: %v", err)
	}
	if f.calls.Load() != 2 {
		t.Errorf("engine called %d times, want 2 (refusals must not reach it)", f.calls.Load())
	}
	if st := r.Stats(); st.CharsToday != 1 || st.State != engine.StateClosed {
		t.Errorf("next day stats = %+v", st)
	}
}

func TestDailyBudgetFailedRequestsNotCharged(t *testing.T) {
	f := &fake{fn: failFirst(1, &engine.HTTPError{Status: 500})}
	r, _, _ := newResilient(t, f, engine.Config{DailyChars: 5})
	if _, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"hello"}}); err != nil {
		t.Fatal(err)
	}
	if st := r.Stats(); st.CharsToday != 5 || st.CharsSent != 10 {
		t.Errorf("stats = %+v, want 5 charged, 10 sent", st)
	}
}

func TestQuotaPause(t *testing.T) {
	midnight := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		err   error
		cfg   engine.Config
		until time.Time
	}{
		{"456 until midnight", &engine.HTTPError{Status: 456, Quota: true}, engine.Config{}, midnight},
		{"configured pause", &engine.HTTPError{Status: 456, Quota: true}, engine.Config{QuotaPause: time.Hour}, start.Add(time.Hour)},
		{"engine says when", &engine.QuotaError{Until: start.Add(3 * time.Hour)}, engine.Config{}, start.Add(3 * time.Hour)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{fn: failFirst(1, tc.err)}
			r, clock, _ := newResilient(t, f, tc.cfg)
			ctx := context.Background()
			if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); !engine.IsQuota(err) || engine.IsRetryable(err) {
				t.Fatalf("err = %v, want quota", err)
			}
			if st := r.Stats(); st.State != engine.StatePaused || !st.PausedUntil.Equal(tc.until) {
				t.Fatalf("stats = %+v, want paused until %v", st, tc.until)
			}
			clock.Set(tc.until.Add(-time.Second))
			if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); !engine.IsQuota(err) {
				t.Fatalf("before reset: %v", err)
			}
			clock.Set(tc.until)
			if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); err != nil {
				t.Fatalf("at reset: %v", err)
			}
			if f.calls.Load() != 2 {
				t.Errorf("calls = %d, want 2", f.calls.Load())
			}
			if st := r.Stats(); st.ConsecutiveFailures != 0 {
				t.Errorf("a quota answer counted as a breaker failure: %+v", st)
			}
		})
	}
}

func TestConcurrencyLimit(t *testing.T) {
	var inflight, peak atomic.Int64
	release := make(chan struct{})
	entered := make(chan struct{}, 8)
	f := &fake{fn: func(_ int, texts []string) ([]string, error) {
		n := inflight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		entered <- struct{}{}
		<-release
		inflight.Add(-1)
		return echo(texts), nil
	}}
	r := engine.Resilient(f, engine.Config{Concurrency: 2})
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}})
			errs <- err
		}()
	}
	<-entered
	<-entered
	// Two are inside; the other four must be waiting on the limit. Give
	// them a moment to (wrongly) get in, then let everyone finish.
	time.Sleep(20 * time.Millisecond)
	if n := inflight.Load(); n != 2 {
		t.Errorf("in flight = %d, want 2", n)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if p := peak.Load(); p != 2 {
		t.Errorf("peak concurrency = %d, want 2", p)
	}
}

func TestConcurrencyWaitCancelled(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	f := &fake{fn: func(_ int, texts []string) ([]string, error) {
		entered <- struct{}{}
		<-release
		return echo(texts), nil
	}}
	r := engine.Resilient(f, engine.Config{Concurrency: 1})
	go func() {
		_, _ = r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}})
	}()
	<-entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: []string{"b"}})
	close(release)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if st := r.Stats(); st.ConsecutiveFailures != 0 {
		t.Errorf("the caller's cancellation counted as an engine failure")
	}
}

func TestRateLimit(t *testing.T) {
	f := &fake{}
	r, clock, _ := newResilient(t, f, engine.Config{RatePerSecond: 2})
	for i := 0; i < 3; i++ {
		if _, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}}); err != nil {
			t.Fatal(err)
		}
	}
	want := []time.Duration{500 * time.Millisecond, 500 * time.Millisecond}
	if got := clock.Sleeps(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sleeps = %v, want %v", got, want)
	}
}

func TestWrongCountIsAnError(t *testing.T) {
	for _, n := range []int{1, 3} {
		f := &fake{fn: func(_ int, texts []string) ([]string, error) { return make([]string, n), nil }}
		r, _, _ := newResilient(t, f, engine.Config{})
		_, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a", "b"}})
		if !errors.Is(err, engine.ErrBadResponse) || !errors.Is(err, engine.ErrUnavailable) {
			t.Errorf("%d translations for 2 texts: err = %v", n, err)
		}
		if f.calls.Load() != 1 {
			t.Errorf("bad answer retried: %d calls", f.calls.Load())
		}
	}
}

func TestBatches(t *testing.T) {
	var sizes []int
	f := &fake{batch: 3, fn: func(_ int, texts []string) ([]string, error) {
		sizes = append(sizes, len(texts))
		return echo(texts), nil
	}}
	r, _, _ := newResilient(t, f, engine.Config{})
	in := []string{"1", "2", "3", "4", "5", "6", "7"}
	got, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: in})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "es:1,es:2,es:3,es:4,es:5,es:6,es:7" || fmt.Sprint(sizes) != "[3 3 1]" {
		t.Errorf("got %v in batches %v", got, sizes)
	}
	if got, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: nil}); err != nil || len(got) != 0 {
		t.Errorf("empty input: %v, %v", got, err)
	}
}

func TestInvalidInputPassesThrough(t *testing.T) {
	f := &fake{fn: func(int, []string) ([]string, error) { return nil, model.Errorf(model.EInvalid, "pair not supported") }}
	r, _, _ := newResilient(t, f, engine.Config{}, engine.WithBreaker(1, time.Minute))
	_, err := r.Translate(context.Background(), model.EngineRequest{Pair: pairEnEs, Texts: []string{"a"}})
	if model.ErrorCode(err) != model.EInvalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	if st := r.Stats(); st.State != engine.StateClosed {
		t.Errorf("invalid input opened the breaker")
	}
}

func TestSplitBatches(t *testing.T) {
	for _, tc := range []struct {
		in         []string
		n, b       int
		wantBatchs string
	}{
		{[]string{"a"}, 0, 0, "[[a]]"},
		{[]string{"a", "b", "c"}, 2, 0, "[[a b] [c]]"},
		{[]string{"aaaa", "b", "cc", "dddddd"}, 0, 4, "[[aaaa] [b cc] [dddddd]]"},
		{[]string{"a", "b", "c", "d"}, 2, 100, "[[a b] [c d]]"},
	} {
		if got := fmt.Sprint(engine.SplitBatches(tc.in, tc.n, tc.b)); got != tc.wantBatchs {
			t.Errorf("SplitBatches(%q, %d, %d) = %s, want %s", tc.in, tc.n, tc.b, got, tc.wantBatchs)
		}
	}
}

func FuzzSplitBatches(f *testing.F) {
	f.Add("a|bb|ccc|dddd", 2, 5)
	f.Add("", 0, 0)
	f.Fuzz(func(t *testing.T, joined string, n, b int) {
		n, b = n%10, b%50
		if n < 0 {
			n = -n
		}
		if b < 0 {
			b = -b
		}
		in := strings.Split(joined, "|")
		var back []string
		for _, batch := range engine.SplitBatches(in, n, b) {
			if len(batch) == 0 {
				t.Fatal("empty batch")
			}
			if n > 0 && len(batch) > n {
				t.Fatalf("batch of %d > %d", len(batch), n)
			}
			if size := len(strings.Join(batch, "")); b > 0 && len(batch) > 1 && size > b {
				t.Fatalf("batch of %d bytes > %d", size, b)
			}
			back = append(back, batch...)
		}
		if strings.Join(back, "|") != joined {
			t.Fatalf("batches lose or reorder texts")
		}
	})
}

func TestIsRetryable(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&engine.HTTPError{Status: 429}, true},
		{&engine.HTTPError{Status: 408}, true},
		{&engine.HTTPError{Status: 500}, true},
		{&engine.HTTPError{Status: 503}, true},
		{&engine.HTTPError{Status: 529}, true},
		{&engine.HTTPError{Status: 501}, false},
		{&engine.HTTPError{Status: 400}, false},
		{&engine.HTTPError{Status: 403}, false},
		{&engine.HTTPError{Status: 403, Retry: &yes}, true},
		{&engine.HTTPError{Status: 500, Retry: &no}, false},
		{&engine.HTTPError{Status: 429, Quota: true}, false},
		{fmt.Errorf("wrapped: %w", &engine.HTTPError{Status: 502}), true},
		{context.DeadlineExceeded, true},
		{context.Canceled, false},
		{engine.ErrBadResponse, false},
		{errors.New("other"), false},
		{nil, false},
	} {
		if got := engine.IsRetryable(tc.err); got != tc.want {
			t.Errorf("IsRetryable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"3", 3 * time.Second}, {"-1", 0}, {"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
	} {
		if got := engine.ParseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("ParseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func BenchmarkResilientTranslate(b *testing.B) {
	r := engine.Resilient(&fake{}, engine.Config{DailyChars: 1 << 62, RatePerSecond: 0})
	texts := []string{"The minister said on Tuesday that the talks would resume.", "Rain is expected."}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Translate(ctx, model.EngineRequest{Pair: pairEnEs, Texts: texts}); err != nil {
			b.Fatal(err)
		}
	}
}
