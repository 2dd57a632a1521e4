package jikenbo

import (
	"errors"
	"fmt"
)

// Error codes of the application. Every error a user may see carries one;
// anything else is treated as EINTERNAL.
const (
	ECONFLICT = "conflict"
	EINTERNAL = "internal"
	EINVALID  = "invalid"
	ENOTFOUND = "not_found"
	// EGONE is for what existed and was deleted on purpose (HTTP 410).
	EGONE           = "gone"
	EUNAUTHORIZED   = "unauthorized"
	EFORBIDDEN      = "forbidden"
	ENOTIMPLEMENTED = "not_implemented"
	// EUNAVAILABLE: the server is busy with work of this kind; the same
	// request may succeed in a moment.
	EUNAVAILABLE = "unavailable"
)

// Error is the application's one error type: a code for programs and a
// message for people.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("jikenbo error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for a
// nil err and EINTERNAL for any other error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for an internal error, so that details never leak to users.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "内部エラーが発生しました"
}
