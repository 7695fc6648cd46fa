package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/reelkit/reel/encode"
	"github.com/reelkit/reel/engine"
)

const splitProject = `{"name":"Split","style":"vanilla","quality":360,"assets":[
 {"name":"image","asset_id":"TESTDATA/photos/01.jpg","start_time":0,"end_time":3,"data":{"caption":"one"}},
 {"name":"image","asset_id":"TESTDATA/photos/02.jpg","start_time":3,"end_time":6,"data":{"caption":"two"}},
 {"name":"music","asset_id":"TESTDATA/music/tone22k_mono_cbr.mp3"}]}`

// framemd5 returns ffmpeg's per-frame MD5 lines of path's video.
func framemd5(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-map", "0:v", "-f", "framemd5", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg framemd5 %s: %v", path, err)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestSplitAcrossProcesses: three `reel render --segment i/3` processes
// at once and `reel join` give a video whose decoded frames equal those
// of the same split made one segment after the other by one worker (the
// library in this process); a truncated segment is refused with exit 3
// and leaves no output.
func TestSplitAcrossProcesses(t *testing.T) {
	for _, b := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(b); err != nil {
			t.Skipf("%s not installed (apt-get install ffmpeg): oracle unavailable", b)
		}
	}
	exe := buildReel(t)
	t.Setenv(encode.X264Env, encode.X264Bundled) // byte-deterministic x264, also for the children
	proj := writeProject(t, splitProject)
	dir := t.TempDir()
	const n = 3
	parts := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		parts[i] = filepath.Join(dir, "part"+string(rune('0'+i))+".seg")
		wg.Go(func() {
			out, err := exec.Command(exe, "render", proj, "--segment", string(rune('0'+i))+"/3", "-o", parts[i]).CombinedOutput()
			if err != nil {
				errs[i] = errors.New(err.Error() + ": " + string(out))
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	joined := filepath.Join(dir, "joined.mp4")
	args := append(append([]string{"join", proj}, parts...), "-o", joined)
	if out, err := exec.Command(exe, args...).CombinedOutput(); err != nil {
		t.Fatalf("join: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "joined.jpg")); err != nil {
		t.Errorf("thumbnail: %v", err)
	}

	// One worker: the library, segment after segment, in this process.
	o := engine.Options{X264: engine.X264Bundled}
	var pf projectFlags
	p, r, err := pf.load(proj, &o)
	if err != nil {
		t.Fatal(err)
	}
	singleRendition(p, &o)
	var segs []io.Reader
	for i := range n {
		var b bytes.Buffer
		if _, err := engine.RenderSegment(context.Background(), p, r, o, i, n, &b); err != nil {
			t.Fatal(err)
		}
		segs = append(segs, &b)
	}
	one := filepath.Join(dir, "one.mp4")
	o.Output = engine.ToFile(one)
	res, err := engine.JoinSegments(context.Background(), p, r, o, segs)
	if err != nil {
		t.Fatal(err)
	}
	a, b := framemd5(t, one), framemd5(t, joined)
	if len(a) != res.Frames || len(b) != len(a) {
		t.Fatalf("decoded %d and %d frames, want %d", len(a), len(b), res.Frames)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("frame %d differs:\n%s\n%s", i, a[i], b[i])
		}
	}

	// A truncated segment: exit 3, a clear message, no output.
	data, err := os.ReadFile(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(parts[1], data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.mp4")
	args = append(append([]string{"join", proj}, parts...), "-o", bad)
	cmd := exec.Command(exe, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitValidation || !strings.Contains(stderr.String(), "segment 1: encode: bad segment file: truncated") {
		t.Errorf("truncated segment: %v, stderr %q; want exit 3 naming segment 1", err, stderr.String())
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("output left behind: %v", err)
	}
}

func TestSegmentFlagRejected(t *testing.T) {
	t.Parallel()
	proj := writeProject(t, splitProject)
	out := filepath.Join(t.TempDir(), "x.seg")
	for _, s := range []string{"3/3", "-1/2", "1", "a/b", "0/0"} {
		if code, _, stderr := runCLI("render", proj, "--segment", s, "-o", out); code != exitUsage || !strings.Contains(stderr, "--segment") {
			t.Errorf("--segment %s: exit %d, %q", s, code, stderr)
		}
	}
	if code, _, stderr := runCLI("render", proj, "--segment", "0/99", "-o", out); code == 0 || !strings.Contains(stderr, "99 segments") {
		t.Errorf("--segment 0/99 of a short video: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output left behind: %v", err)
	}
}
