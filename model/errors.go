package model

import (
	"errors"
	"fmt"
)

// Error codes, as in WTF Dial: the code decides the HTTP status and the CLI
// exit, the message is safe to show to a user.
const (
	EInvalid     = "invalid"
	ENotFound    = "not_found"
	EConflict    = "conflict"
	EUnavailable = "unavailable" // an engine or outlet is down; retry later
	EInternal    = "internal"
)

// Error is an application error whose message is safe to show.
type Error struct {
	Code    string
	Message string
	Err     error // the cause, for the log only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// EInternal for any other non-nil error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the safe message of the first *Error in err's chain,
// or "internal error" for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// Access error codes: who is asking (unauthorized), what they may do
// (forbidden), and how often they may fail (too_many_requests).
const (
	EUnauthorized    = "unauthorized"
	EForbidden       = "forbidden"
	ETooManyRequests = "too_many_requests"
)
