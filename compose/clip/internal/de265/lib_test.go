package de265

import (
	"errors"
	"strings"
	"testing"
)

// loadOrSkip returns the system library or skips the test.
func loadOrSkip(t testing.TB) *Lib {
	t.Helper()
	l, err := Load()
	if errors.Is(err, ErrNotInstalled) {
		t.Skipf("libde265 is not installed (Debian package %s): %v", Package, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLoadChecksVersionAndProbeDecode(t *testing.T) {
	l := loadOrSkip(t)
	if !strings.HasPrefix(l.Version(), "1.0.") {
		t.Errorf("Version() = %q", l.Version())
	}
	if !strings.Contains(l.Path(), "libde265") {
		t.Errorf("Path() = %q", l.Path())
	}
}

func TestLoadNamesTheDebianPackageWhenTheLibraryIsMissing(t *testing.T) {
	_, err := loadFrom("libde265-absent.so.0")
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("err = %v, want ErrNotInstalled", err)
	}
	for _, want := range []string{"install the Debian package libde265-0", "libde265-absent.so.0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestLoadRefusesALibraryWithoutTheDecoderAPI(t *testing.T) {
	_, err := loadFrom("libc.so.6")
	if err == nil || errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "missing symbol") {
		t.Fatalf("err = %v, want a missing-symbol error", err)
	}
}

func TestCheckVersionAcceptsOnly1Point0Point8AndLater1Point0(t *testing.T) {
	for v, ok := range map[uint32]bool{0x01001100: true, 0x01000800: true, 0x01000700: false, 0x01010000: false, 0x02000000: false} {
		if err := checkVersion(v); (err == nil) != ok {
			t.Errorf("checkVersion(%#x) = %v, want ok=%v", v, err, ok)
		}
	}
}
