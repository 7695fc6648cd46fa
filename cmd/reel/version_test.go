package main

import (
	"strings"
	"testing"

	"github.com/reelkit/reel/encode"
)

// TestVersion: reel version names the x264 library that REEL_X264 selects,
// refuses an unknown choice, and takes no arguments.
func TestVersion(t *testing.T) {
	for _, mode := range []string{"auto", "bundled", "system"} {
		t.Setenv(encode.X264Env, mode)
		want, err := encode.X264()
		code, stdout, stderr := runCLI("version")
		if err != nil {
			if code != exitFailure || !strings.Contains(stderr, err.Error()) {
				t.Errorf("%s (%v): exit %d, stderr %q", mode, err, code, stderr)
			}
			continue
		}
		if code != exitOK || !strings.HasPrefix(stdout, "reel  ") || !strings.Contains(stdout, "\nx264  "+want.String()+"\n") {
			t.Errorf("%s: exit %d, stdout %q; want the x264 line %q", mode, code, stdout, want)
		}
	}
	t.Setenv(encode.X264Env, "nope")
	if code, _, stderr := runCLI("version"); code != exitFailure || !strings.Contains(stderr, encode.X264Env) {
		t.Errorf("unknown choice: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCLI("version", "extra"); code != exitUsage || !strings.Contains(stderr, "no arguments") {
		t.Errorf("extra argument: exit %d, stderr %q", code, stderr)
	}
}
