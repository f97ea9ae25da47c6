package engine

import (
	"errors"
	"net/http"
	"strconv"
	"time"
)

// Sentinel errors the router recognises with errors.Is. ResilientEngine
// returns them wrapped in a *model.Error with Code model.EUnavailable, so the
// router fails over to the next engine for the pair.
var (
	// ErrQuota: the engine's quota or the configured daily budget is
	// exhausted; the engine is paused until its period resets.
	ErrQuota = errors.New("quota exhausted")
	// ErrUnavailable: the engine failed (down, bad key, bad answer).
	ErrUnavailable = errors.New("engine unavailable")
	// ErrCircuitOpen: the engine failed too often in a row and is not being
	// called until its cool-down has passed.
	ErrCircuitOpen = errors.New("circuit open")
	// ErrBadResponse: the engine answered something that is not a valid
	// answer (garbage JSON, fewer or more translations than texts).
	ErrBadResponse = errors.New("bad response")
	// ErrAuth: the engine refused the key.
	ErrAuth = errors.New("key refused")
)

// HTTPError is a non-2xx answer from an HTTP engine.
type HTTPError struct {
	// Status is the HTTP status code.
	Status int
	// Message is the engine's own error message (already scrubbed of keys).
	Message string
	// Reason is a machine-readable reason when the engine gives one
	// (Google's error.errors[].reason, OpenAI's error.code).
	Reason string
	// RetryAfter is the delay the Retry-After header asked for; 0 if none.
	RetryAfter time.Duration
	// Quota marks an answer that means "quota exhausted" for this engine
	// (DeepL 456, Google dailyLimitExceeded, ...); set by the engine.
	Quota bool
	// Auth marks an answer that means the key was refused; set by the engine.
	Auth bool
	// Retry overrides the status-based retry decision when not nil; set by
	// the engine for answers whose status misleads (Google's 403
	// userRateLimitExceeded is a slow-down, not a refusal).
	Retry *bool
}

// Error reads "HTTP 456 (reason): engine's message".
func (e *HTTPError) Error() string {
	s := "HTTP " + strconv.Itoa(e.Status)
	if t := http.StatusText(e.Status); t != "" {
		s += " " + t
	}
	if e.Reason != "" {
		s += " (" + e.Reason + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Is lets errors.Is(err, ErrQuota) and errors.Is(err, ErrAuth) see through
// an HTTPError the engine marked.
func (e *HTTPError) Is(target error) bool {
	switch target {
	case ErrQuota:
		return e.Quota
	case ErrAuth:
		return e.Auth
	}
	return false
}

// QuotaError is a quota error that knows when the quota resets.
type QuotaError struct {
	// Until is when the engine may be called again; zero means "use the
	// configured pause".
	Until time.Time
	// Err is the cause.
	Err error
}

// Error says when the quota resets, if known, and why.
func (e *QuotaError) Error() string {
	s := "quota exhausted"
	if !e.Until.IsZero() {
		s += " until " + e.Until.UTC().Format(time.RFC3339)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *QuotaError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrQuota) true.
func (e *QuotaError) Is(target error) bool { return target == ErrQuota }

// IsQuota reports whether err means the engine's quota (or budget) is
// exhausted: calling again before the period resets is pointless.
func IsQuota(err error) bool { return Classify(err) == KindQuota }

// IsRetryable reports whether the same request may succeed if sent again
// after a pause (Classify says KindTransient): 408, 429 and 5xx answers,
// timeouts and broken connections. Quota, key and bad-request errors are
// not retryable, and neither is the caller's own cancellation.
func IsRetryable(err error) bool { return Classify(err).Retry() }

// retryAfter returns the delay an error asked for, 0 if none.
func retryAfter(err error) time.Duration {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.RetryAfter
	}
	return 0
}

// quotaUntil returns when the quota named by err resets, zero if unknown.
func quotaUntil(err error) time.Time {
	var qe *QuotaError
	if errors.As(err, &qe) {
		return qe.Until
	}
	return time.Time{}
}

// ParseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date
// (relative to now). It returns 0 for an empty, malformed or past value.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
