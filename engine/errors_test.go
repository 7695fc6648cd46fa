package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestStatusErrorAs(t *testing.T) {
	cause := fs.ErrNotExist
	err := fmt.Errorf("render: %w", statusf(CodeMusicNotDefined, cause, "music %q does not resolve", "a.mp3"))
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 7402 {
		t.Fatalf("errors.As failed on %v", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("the cause is not reachable with errors.Is")
	}
	if !errors.Is(err, &StatusError{Code: 7402}) || errors.Is(err, &StatusError{Code: 7401}) {
		t.Error("errors.Is by code is wrong")
	}
	if got := se.Error(); got != `music "a.mp3" does not resolve (status 7402): file does not exist` {
		t.Errorf("Error() = %q", got)
	}
}
