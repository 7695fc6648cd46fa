package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRenderWarnsOnStderr: a caption with a character no font has renders
// (exit 0) and prints one warning line for it on stderr; a script covered
// by a font from --fonts is not reported.
func TestRenderWarnsOnStderr(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the system font index goes here, not in the user's cache
	si, err := os.ReadFile("/usr/share/fonts/truetype/noto/NotoSansSinhala-Regular.ttf")
	if err != nil {
		t.Skipf("fonts-noto-core not installed: %v", err)
	}
	fonts := t.TempDir()
	if err := os.WriteFile(filepath.Join(fonts, "si.ttf"), si, 0o644); err != nil {
		t.Fatal(err)
	}
	proj := writeProject(t, strings.Replace(tinyProject, `"caption":"one"`, `"caption":"one \u0378 ලංකා"`, 1))
	out := filepath.Join(t.TempDir(), "w.mp4")
	code, _, stderr := runCLI("render", proj, "-o", out, "--fonts", fonts)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "reel: warning: ") || !strings.Contains(lines[0], "U+0378") {
		t.Fatalf("stderr %q, want one warning line for U+0378", stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI("render", proj, "-o", out, "--fonts", filepath.Join(fonts, "nope")); code != exitUsage || !strings.Contains(stderr, "--fonts") {
		t.Errorf("missing --fonts dir: exit %d, stderr %q", code, stderr)
	}
}

// TestFrameWarnsOnStderr: `reel frame` reports a character no font has the
// way render does (one "reel: warning:" line, exit 0, the PNG written), and
// prints nothing on stderr for a frame whose text every font covers (4.5 s:
// the photo with its caption, after the title card).
func TestFrameWarnsOnStderr(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the system font index goes here, not in the user's cache
	dir := t.TempDir()
	out := filepath.Join(dir, "w.png")
	proj := writeProject(t, strings.Replace(tinyProject, `"caption":"one"`, `"caption":"one \u0378"`, 1))
	code, stdout, stderr := runCLI("frame", proj, "--at", "4.5", "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "reel: warning: ") || !strings.Contains(lines[0], "U+0378") {
		t.Fatalf("stderr %q, want one warning line for U+0378", stderr)
	}
	if !strings.HasPrefix(stdout, out+"\t") {
		t.Errorf("stdout %q, want the PNG's path", stdout)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
	plain := writeProject(t, tinyProject)
	if code, _, stderr := runCLI("frame", plain, "--at", "4.5", "-o", out); code != exitOK || stderr != "" {
		t.Errorf("covered caption: exit %d, stderr %q, want 0 and nothing", code, stderr)
	}
}
