package openh264

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// loadOrSkip returns the system library or skips the test.
func loadOrSkip(t testing.TB) *Lib {
	t.Helper()
	l, err := Load()
	if errors.Is(err, ErrNotInstalled) {
		t.Skipf("OpenH264 is not installed (Debian package %s): %v", Package, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLoadChecksVersionAndProbeDecode(t *testing.T) {
	l := loadOrSkip(t)
	if !strings.HasPrefix(l.Version(), "2.") {
		t.Errorf("Version() = %q", l.Version())
	}
	if !strings.Contains(l.Path(), "libopenh264") {
		t.Errorf("Path() = %q", l.Path())
	}
	again, err := Load()
	if err != nil || again != l {
		t.Errorf("second Load() = %p, %v; want the same library %p", again, err, l)
	}
}

func TestLoadNamesTheDebianPackageWhenTheLibraryIsMissing(t *testing.T) {
	_, err := loadFrom("libopenh264-absent.so.7")
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("err = %v, want ErrNotInstalled", err)
	}
	for _, want := range []string{"install the Debian package libopenh264-7", "libopenh264-absent.so.7", "Cisco OpenH264"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestLoadRefusesALibraryWithoutTheDecoderAPI(t *testing.T) {
	// libc is present everywhere and has none of OpenH264's symbols.
	_, err := loadFrom("libc.so.6")
	if err == nil || errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "WelsCreateDecoder") {
		t.Fatalf("err = %v, want a missing-symbol error", err)
	}
}

func TestCheckVersionAcceptsOnly2Point3AndLater2x(t *testing.T) {
	for v, ok := range map[[4]uint32]bool{
		{2, 3, 1, 2209}: true, {2, 4, 0, 0}: true, {2, 9, 0, 0}: true,
		{2, 2, 0, 0}: false, {1, 8, 0, 0}: false, {3, 0, 0, 0}: false,
	} {
		if err := checkVersion(v); (err == nil) != ok {
			t.Errorf("checkVersion(%v) = %v, want ok=%v", v, err, ok)
		}
	}
}

// TestDeclarationsMatchTheHeaders compiles a C program against
// OpenH264's own headers (libopenh264-dev) and compares the sizes and
// offsets it prints with those of the declarations in the cgo preamble.
func TestDeclarationsMatchTheHeaders(t *testing.T) {
	const hdr = "/usr/include/wels/codec_api.h"
	if _, err := os.Stat(hdr); err != nil {
		t.Skipf("OpenH264 headers are not installed (Debian package libopenh264-dev): %v", err)
	}
	cc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("no gcc")
	}
	dir := t.TempDir()
	src := `#include <stdio.h>
#include <stddef.h>
#include <wels/codec_api.h>
int main(void) {
	printf("sizeof(SBufferInfo) %zu\n", sizeof(SBufferInfo));
	printf("sizeof(SDecodingParam) %zu\n", sizeof(SDecodingParam));
	printf("offsetof(SBufferInfo, pDst) %zu\n", offsetof(SBufferInfo, pDst));
	printf("offsetof(SBufferInfo, UsrData) %zu\n", offsetof(SBufferInfo, UsrData));
	printf("offsetof(SDecodingParam, sVideoProperty) %zu\n", offsetof(SDecodingParam, sVideoProperty));
	printf("offsetof(ISVCDecoderVtbl, SetOption) %zu\n", offsetof(ISVCDecoderVtbl, SetOption));
	return 0;
}`
	if err := os.WriteFile(filepath.Join(dir, "l.c"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "l")
	if out, err := exec.Command(cc, "-o", bin, filepath.Join(dir, "l.c")).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	ours := cLayout()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(ours) {
		t.Fatalf("%d facts from the headers, %d from the declarations", len(lines), len(ours))
	}
	for _, line := range lines {
		i := strings.LastIndexByte(line, ' ')
		name := line[:i]
		want, _ := strconv.Atoi(line[i+1:])
		if got, ok := ours[name]; !ok || got != want {
			t.Errorf("%s = %d in the declarations, %d in the headers", name, got, want)
		}
	}
}
