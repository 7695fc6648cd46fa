package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeProject writes a project JSON next to copies-free references to the
// repository's testdata (asset paths relative to the project file).
func writeProject(t *testing.T, body string) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	body = strings.ReplaceAll(body, "TESTDATA", filepath.ToSlash(abs))
	p := filepath.Join(t.TempDir(), "project.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const tinyProject = `{"name":"CLI","style":"vanilla","quality":360,"assets":[
 {"name":"image","asset_id":"TESTDATA/photos/01.jpg","start_time":0,"end_time":1,"data":{"caption":"one"}},
 {"name":"music","asset_id":"TESTDATA/music/tone22k_mono_cbr.mp3"}]}`

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	proj := writeProject(t, tinyProject)
	noName := writeProject(t, strings.Replace(tinyProject, `"name":"CLI"`, `"name":""`, 1))
	badStyle := writeProject(t, tinyProject)
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no command", nil, 2, "usage"},
		{"unknown command", []string{"explode"}, 2, "unknown command"},
		{"render without -o", []string{"render", proj}, 2, "-o"},
		{"render bad flag", []string{"render", proj, "--bogus"}, 2, "bogus"},
		{"render bad quality", []string{"render", proj, "-o", "x.mp4", "--quality", "1440"}, 2, "quality"},
		{"render odd size", []string{"render", proj, "-o", "x.mp4", "--size", "1081x1920"}, 2, "even"},
		{"render huge size", []string{"render", proj, "-o", "x.mp4", "--size", "4096x2160"}, 2, "3840x2160"},
		{"render size and quality", []string{"render", proj, "-o", "x.mp4", "--size", "1080x1920", "--quality", "720"}, 2, "--size"},
		{"render bad aspect", []string{"render", proj, "-o", "x.mp4", "--aspect", "3:2"}, 2, "aspect"},
		{"frame bad size", []string{"frame", proj, "--at", "0.5", "-o", "x.png", "--size", "1080"}, 2, "WIDTHxHEIGHT"},
		{"bench bad size", []string{"bench", "--size", "7x7"}, 2, "size"},
		{"missing project", []string{"render", "/nonexistent/p.json", "-o", "x.mp4"}, 3, "no such file"},
		{"no title", []string{"render", noName, "-o", filepath.Join(t.TempDir(), "x.mp4")}, 3, "7404"},
		{"unknown style", []string{"render", badStyle, "--style", "glitter", "-o", filepath.Join(t.TempDir(), "x.mp4")}, 3, "7401"},
		{"frame no --at target", []string{"frame", proj}, 2, "frame needs"},
		{"styles extra arg", []string{"styles", "x"}, 2, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.err) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.err)
			}
		})
	}
}

func TestStylesTable(t *testing.T) {
	t.Parallel()
	code, out, _ := runCLI("styles")
	if code != 0 || !strings.Contains(out, "MACHINE NAME") || !strings.Contains(out, "vanilla (default)") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestFrameAndRender(t *testing.T) {
	t.Parallel()
	proj := writeProject(t, tinyProject)
	dir := t.TempDir()
	png1 := filepath.Join(dir, "f.png")
	code, _, stderr := runCLI("frame", proj, "--at", "3.2", "-o", png1)
	if code != 0 {
		t.Fatalf("frame: exit %d: %s", code, stderr)
	}
	f, err := os.Open(png1)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(f)
	f.Close()
	if err != nil || cfg.Width != 640 || cfg.Height != 360 {
		t.Fatalf("frame PNG %+v %v", cfg, err)
	}

	out := filepath.Join(dir, "v.mp4")
	code, stdout, stderr := runCLI("render", proj, "-o", out, "--renditions", "360")
	if code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("render printed on a non-terminal: %q", stderr)
	}
	for _, p := range []string{out, filepath.Join(dir, "v.jpg")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%v (stdout %q)", err, stdout)
		}
	}
}

// TestSizeAndAspect: frame and render make portrait and square frames
// from --aspect and --size.
func TestSizeAndAspect(t *testing.T) {
	t.Parallel()
	proj := writeProject(t, tinyProject)
	dir := t.TempDir()
	pngSize := func(path string) (int, int) {
		t.Helper()
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cfg, err := png.DecodeConfig(f)
		if err != nil {
			t.Fatal(err)
		}
		return cfg.Width, cfg.Height
	}
	for _, c := range []struct {
		args []string
		w, h int
	}{
		{[]string{"--aspect", "9:16"}, 360, 640},
		{[]string{"--aspect", "4:5", "--renditions", "480,360"}, 480, 600},
		{[]string{"--size", "240x240"}, 240, 240},
	} {
		out := filepath.Join(dir, "f.png")
		code, _, stderr := runCLI(append([]string{"frame", proj, "--at", "0.5", "-o", out}, c.args...)...)
		if code != 0 {
			t.Fatalf("frame %v: exit %d: %s", c.args, code, stderr)
		}
		if w, h := pngSize(out); w != c.w || h != c.h {
			t.Errorf("frame %v: %dx%d, want %dx%d", c.args, w, h, c.w, c.h)
		}
	}
	out := filepath.Join(dir, "v.mp4")
	code, stdout, stderr := runCLI("render", proj, "-o", out, "--size", "180x320,128x128")
	if code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"v-128.mp4\t128x128", "v-180.mp4\t180x320"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("render output %q lacks %q", stdout, want)
		}
	}
}

func TestHelpExitsZero(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"help"}, {"render", "--help"}, {"frame", "-h"}, {"demo", "--help"}, {"bench", "-help"}} {
		if code, _, _ := runCLI(args...); code != exitOK {
			t.Errorf("reel %v: exit %d, want %d", args, code, exitOK)
		}
	}
}

// TestLimitFlags: a one-hour project is refused by default, naming the
// flag to raise (never the library's option), and accepted with
// --max-duration; likewise a project of two photos with --max-photos 1.
func TestLimitFlags(t *testing.T) {
	t.Parallel()
	long := writeProject(t, strings.Replace(tinyProject, `"end_time":1`, `"end_time":3600`, 1))
	png := filepath.Join(t.TempDir(), "f.png")
	code, _, stderr := runCLI("frame", long, "--at", "10", "-o", png)
	if code != exitValidation || !strings.Contains(stderr, "--max-duration") || strings.Contains(stderr, "Max") {
		t.Fatalf("1-hour project: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI("frame", long, "--at", "10", "-o", png, "--max-duration", "2h"); code != exitOK {
		t.Fatalf("--max-duration 2h: exit %d, %q", code, stderr)
	}
	two := writeProject(t, strings.Replace(tinyProject, `{"name":"music"`,
		`{"name":"image","asset_id":"TESTDATA/photos/02.jpg","start_time":1,"end_time":2},{"name":"music"`, 1))
	code, _, stderr = runCLI("frame", two, "--at", "1", "-o", png, "--max-photos", "1")
	if code != exitValidation || !strings.Contains(stderr, "2 photos; the limit is 1") ||
		!strings.Contains(stderr, "raise --max-photos") || strings.Contains(stderr, "Max") {
		t.Fatalf("2 photos, --max-photos 1: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI("frame", two, "--at", "1", "-o", png, "--max-photos", "2"); code != exitOK {
		t.Fatalf("--max-photos 2: exit %d, %q", code, stderr)
	}
}
