package fserr

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCause(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	secret := filepath.Join(dir, ".out.mp4.123456.tmp")
	_, err := os.Open(secret)
	if err == nil {
		t.Fatal("opening a missing file succeeded")
	}
	c := Cause(err)
	if strings.Contains(c.Error(), ".tmp") || !errors.Is(c, fs.ErrNotExist) {
		t.Errorf("Cause(%v) = %v, want the bare not-exist cause", err, c)
	}
	err = os.Rename(secret, filepath.Join(dir, "x"))
	if c := Cause(err); strings.Contains(c.Error(), ".tmp") || !errors.Is(c, fs.ErrNotExist) {
		t.Errorf("Cause(rename %v) = %v, want the bare cause", err, c)
	}
	plain := errors.New("plain")
	if Cause(plain) != plain {
		t.Error("Cause changed a non-file-system error")
	}
}
