package engine

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"

	"newsbridge/model"
)

// Kind is the class of an engine error. It alone decides what the
// resilience layer and the router do with the error: retry it, pause the
// engine, count it towards the circuit breaker, fail over to the next
// engine for the pair, or give up.
type Kind int

// Error kinds.
const (
	// KindNone is no error.
	KindNone Kind = iota
	// KindTransient: the engine may answer if asked again after a pause
	// (408, 429 and 5xx answers, timeouts, broken connections). Retried,
	// then counted by the breaker and failed over.
	KindTransient
	// KindQuota: the engine's quota or the configured budget is spent until
	// its period resets. The engine is paused and the work failed over.
	KindQuota
	// KindUnavailable: the engine is down or refuses the work (key refused,
	// an answer that is no answer, circuit open, or any failure the
	// resilience layer has given up on: model.EUnavailable). Counted by the
	// breaker and failed over, never retried.
	KindUnavailable
	// KindPermanent: the engine refused this request (a 4xx answer nothing
	// marks as quota or key), or failed in a way nothing says more about.
	// Counted by the breaker, not retried; the resilience layer reports it
	// as KindUnavailable, so that only an engine called without that layer
	// keeps the work.
	KindPermanent
	// KindUnsupported: the engine does not translate this pair (its list
	// was stale). Failed over, but the engine is not at fault.
	KindUnsupported
	// KindInvalid: the request itself is wrong (an incomplete pair, text the
	// engines cannot take). Neither retried nor failed over.
	KindInvalid
	// KindCanceled: the caller gave up. Nothing more is tried.
	KindCanceled
)

var kindNames = [...]string{"none", "transient", "quota", "unavailable", "permanent", "unsupported", "invalid", "canceled"}

// String names the kind for logs and tests.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Retry reports whether the same request is worth sending again.
func (k Kind) Retry() bool { return k == KindTransient }

// Failover reports whether the work goes to the next engine for the pair.
func (k Kind) Failover() bool {
	return k == KindTransient || k == KindQuota || k == KindUnavailable || k == KindUnsupported
}

// Breaker reports whether the error counts as a failure of the engine
// towards its circuit breaker.
func (k Kind) Breaker() bool { return k == KindTransient || k == KindUnavailable || k == KindPermanent }

// Error is an engine error an engine has classified itself.
type Error struct {
	Kind Kind
	Err  error
}

// Error returns the cause's message.
func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns the cause, so that model.ErrorCode and errors.Is see it.
func (e *Error) Unwrap() error { return e.Err }

// WithKind classifies err as k; Classify then returns k for it and for any
// error wrapping it.
func WithKind(k Kind, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: k, Err: err}
}

// Classify returns the kind of an engine error: the one an engine gave
// with WithKind, else the one its sentinel, model code, HTTP status or
// network failure means. An error nothing says more about is KindPermanent.
func Classify(err error) Kind {
	if err == nil {
		return KindNone
	}
	if errors.Is(err, context.Canceled) {
		return KindCanceled
	}
	var ke *Error
	if errors.As(err, &ke) {
		return ke.Kind
	}
	if errors.Is(err, ErrQuota) {
		return KindQuota
	}
	if model.ErrorCode(err) == model.EInvalid {
		return KindInvalid
	}
	if errors.Is(err, ErrAuth) || errors.Is(err, ErrCircuitOpen) {
		return KindUnavailable
	}
	transient := isTransient(err)
	if model.ErrorCode(err) == model.EUnavailable {
		if transient {
			return KindTransient
		}
		return KindUnavailable
	}
	if transient {
		return KindTransient
	}
	var he *HTTPError
	if errors.As(err, &he) && (he.Status == http.StatusNotImplemented || he.Status == http.StatusHTTPVersionNotSupported) {
		return KindUnavailable
	}
	if errors.Is(err, ErrBadResponse) {
		return KindUnavailable
	}
	return KindPermanent
}

// isTransient reports whether err is a failure that may pass: a 408, 429 or
// 5xx answer (unless the engine said otherwise), a timeout, a broken
// connection.
func isTransient(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		if he.Retry != nil {
			return *he.Retry
		}
		switch {
		case he.Status == http.StatusRequestTimeout, he.Status == http.StatusTooManyRequests:
			return true
		case he.Status == http.StatusNotImplemented || he.Status == http.StatusHTTPVersionNotSupported:
			return false
		}
		return he.Status >= 500
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne)
}
