package apertium

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"newsbridge/model"
)

// pool holds the pipelines of one pair. Each slot runs one batch at a time;
// batches queue for a free slot.
type pool struct {
	mode  modeInfo
	cmds  [][]string
	opts  Options
	log   *slog.Logger
	slots []*slot
	free  chan *slot
	done  chan struct{}

	closeOnce sync.Once
}

// slot is one pipeline of a pool, started on demand and stopped when idle.
type slot struct {
	pool *pool
	// mu is held while a batch runs, and by the idle check.
	mu       sync.Mutex
	lastUsed time.Time
	timer    *time.Timer

	// pmu guards p, which Close reads without waiting for a batch.
	pmu sync.Mutex
	p   *pipeline
}

func newPool(m modeInfo, cmds [][]string, opts Options, log *slog.Logger) *pool {
	p := &pool{mode: m, cmds: cmds, opts: opts, log: log,
		free: make(chan *slot, opts.PoolSize), done: make(chan struct{})}
	for range opts.PoolSize {
		s := &slot{pool: p}
		p.slots = append(p.slots, s)
		p.free <- s
	}
	return p
}

// translate runs srcs (non-empty, trimmed texts) through one pipeline of the
// pool and returns their translations in order.
func (p *pool) translate(ctx context.Context, srcs []string) ([]string, error) {
	var s *slot
	select {
	case s = <-p.free:
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for a pipeline: %w", ctx.Err())
	case <-p.done:
		return nil, model.Errorf(model.EUnavailable, "apertium: engine is closed")
	}
	s.mu.Lock()
	defer func() {
		s.lastUsed = time.Now()
		if s.timer == nil {
			s.timer = time.AfterFunc(p.opts.IdleTimeout, s.idleCheck)
		} else {
			s.timer.Reset(p.opts.IdleTimeout)
		}
		s.mu.Unlock()
		p.free <- s
	}()
	res, err := s.batch(ctx, srcs)
	if errors.Is(err, errMalformed) && len(srcs) > 1 {
		// Some segment made the pipeline drop or move a mark. Translate the
		// batch one segment at a time so the others still go through and
		// the culprit is named.
		p.log.Warn("apertium: segment marks lost; retrying the batch one segment at a time", "segments", len(srcs), "err", err)
		res = make([]string, len(srcs))
		for i, src := range srcs {
			one, err := s.batch(ctx, []string{src})
			if err != nil {
				return nil, fmt.Errorf("segment %d: %w", i, err)
			}
			res[i] = one[0]
		}
		return res, nil
	}
	return res, err
}

// batch sends one batch, starting the pipeline if needed. A pipeline that
// dies during the batch is restarted and the batch tried once more.
func (s *slot) batch(ctx context.Context, srcs []string) ([]string, error) {
	p := s.pool
	var b strings.Builder
	for i, src := range srcs {
		writeDeformatted(&b, src, i)
	}
	input := []byte(b.String())
	var lastErr error
	for attempt := 0; attempt < 2; attempt++ {
		pl, err := s.running()
		if err != nil {
			return nil, err
		}
		out, err := pl.roundTrip(ctx, input, p.opts.BatchTimeout)
		if err == nil {
			res, err := splitOutput(string(out), len(srcs))
			if err != nil {
				// The stream may be out of step now: start afresh.
				s.discard(pl)
				return nil, &model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("apertium: %s: the pipeline's output lost its segment marks", p.mode.Pair), Err: err}
			}
			return res, nil
		}
		s.discard(pl)
		switch {
		case ctx.Err() != nil:
			return nil, err
		case errors.Is(err, errTimeout):
			p.log.Error("apertium: batch timed out; pipeline killed", "timeout", p.opts.BatchTimeout, "bytes", len(input))
			return nil, &model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("apertium: %s: batch took longer than %s", p.mode.Pair, p.opts.BatchTimeout), Err: err}
		case s.isClosed():
			return nil, model.Errorf(model.EUnavailable, "apertium: engine is closed")
		}
		p.log.Warn("apertium: pipeline died during a batch; restarting", "attempt", attempt+1, "err", err)
		lastErr = err
	}
	return nil, &model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("apertium: %s: pipeline died twice on the same batch", p.mode.Pair), Err: lastErr}
}

// running returns the slot's live pipeline, starting one if there is none.
func (s *slot) running() (*pipeline, error) {
	if s.isClosed() {
		return nil, model.Errorf(model.EUnavailable, "apertium: engine is closed")
	}
	s.pmu.Lock()
	defer s.pmu.Unlock()
	if s.p != nil && s.p.alive() {
		return s.p, nil
	}
	if s.p != nil {
		s.p.stop()
		s.p = nil
	}
	start := time.Now()
	pl, err := startPipeline(s.pool.cmds)
	if err != nil {
		return nil, &model.Error{Code: model.EUnavailable, Message: fmt.Sprintf("apertium: %s: unable to start pipeline", s.pool.mode.Pair), Err: err}
	}
	s.pool.log.Info("apertium: pipeline started", "programs", len(s.pool.cmds), "took", time.Since(start))
	s.p = pl
	return pl, nil
}

// discard stops pl and forgets it if it is still the slot's pipeline.
func (s *slot) discard(pl *pipeline) {
	pl.stop()
	s.pmu.Lock()
	if s.p == pl {
		s.p = nil
	}
	s.pmu.Unlock()
}

func (s *slot) isClosed() bool {
	select {
	case <-s.pool.done:
		return true
	default:
		return false
	}
}

// idleCheck stops the pipeline when nothing used it for IdleTimeout. A busy
// slot is skipped: its batch re-arms the timer when it ends.
func (s *slot) idleCheck() {
	if !s.mu.TryLock() {
		return
	}
	defer s.mu.Unlock()
	if time.Since(s.lastUsed) < s.pool.opts.IdleTimeout {
		return
	}
	s.pmu.Lock()
	pl := s.p
	s.p = nil
	s.pmu.Unlock()
	if pl != nil {
		pl.stop()
		s.pool.log.Info("apertium: idle pipeline stopped", "idle", s.pool.opts.IdleTimeout)
	}
}

// current returns the slot's pipeline, or nil; for tests.
func (s *slot) current() *pipeline {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	return s.p
}

// close stops every pipeline of the pool; batches in flight fail.
func (p *pool) close() {
	p.closeOnce.Do(func() { close(p.done) })
	for _, s := range p.slots {
		s.pmu.Lock()
		pl := s.p
		s.p = nil
		s.pmu.Unlock()
		if pl != nil {
			pl.stop()
		}
		s.mu.Lock()
		if s.timer != nil {
			s.timer.Stop()
		}
		s.mu.Unlock()
	}
}
