package main

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reelkit/reel/compose/clip"
)

// clipDir makes dir/clips/NAME with ffmpeg and a project.json in dir
// whose video asset names it relatively, skipping without ffmpeg.
func clipDir(t *testing.T, name string, ffargs ...string) string {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed (apt-get install ffmpeg): cannot make a test clip")
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "clips"), 0o755); err != nil {
		t.Fatal(err)
	}
	args := append(append([]string{"-v", "error", "-y"}, ffargs...), filepath.Join(dir, "clips", name))
	if b, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
		t.Skipf("ffmpeg cannot make %s: %v\n%s", name, err, b)
	}
	proj := `{"name":"Clip","style":"vanilla","quality":360,"assets":[
 {"name":"video","asset_id":"clips/` + name + `","start_time":0,"end_time":0,"data":{"text":"a clip","trim_start":0.5,"trim_end":2.5,"volume":1.0,"mute":false}}]}`
	if err := os.WriteFile(filepath.Join(dir, "project.json"), []byte(proj), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRenderAndFrameAClip: reel render and reel frame take a project with
// a video asset resolved relative to the project file (a GIF here: pure
// Go, always readable); --max-clip-duration bounds it.
func TestRenderAndFrameAClip(t *testing.T) {
	t.Parallel()
	dir := clipDir(t, "ramp.gif", "-f", "lavfi", "-i", "color=c=0x808080:s=160x90:r=10:d=3", "-f", "gif")
	proj := filepath.Join(dir, "project.json")
	png1 := filepath.Join(dir, "f.png")
	if code, _, stderr := runCLI("frame", proj, "--at", "5.4", "-o", png1); code != 0 {
		t.Fatalf("frame: exit %d: %s", code, stderr)
	}
	f, err := os.Open(png1)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// The clip (grey 128) fills the frame above its caption.
	if r, g, b, _ := img.At(320, 60).RGBA(); absDiff(r>>8, 128) > 4 || absDiff(g>>8, 128) > 4 || absDiff(b>>8, 128) > 4 {
		t.Errorf("frame at the clip shows %d,%d,%d, want grey 128", r>>8, g>>8, b>>8)
	}
	out := filepath.Join(dir, "v.mp4")
	if code, _, stderr := runCLI("render", proj, "-o", out, "--renditions", "360"); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("frame", proj, "--at", "5", "-o", png1, "--max-clip-duration", "1s")
	if code != exitValidation || !strings.Contains(stderr, "raise --max-clip-duration") {
		t.Errorf("--max-clip-duration 1s: exit %d, %q", code, stderr)
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestRenderMP4ClipNeedsItsDecoder: an H.264 clip renders where OpenH264
// is usable; elsewhere the render stops before drawing with exit code 3
// and a message naming the Debian package to install.
func TestRenderMP4ClipNeedsItsDecoder(t *testing.T) {
	t.Parallel()
	dir := clipDir(t, "c.mp4", "-f", "lavfi", "-i", "testsrc=s=320x180:r=30:d=3", "-c:v", "libx264", "-pix_fmt", "yuv420p")
	proj := filepath.Join(dir, "project.json")
	out := filepath.Join(dir, "v.mp4")
	available := false
	for _, d := range clip.Decoders() {
		if d.Codec == "h264" {
			available = d.Available
		}
	}
	code, _, stderr := runCLI("render", proj, "-o", out, "--renditions", "360")
	switch {
	case available && code != 0:
		t.Fatalf("render with OpenH264 here: exit %d: %s", code, stderr)
	case !available && (code != exitValidation || !strings.Contains(stderr, "install the Debian package libopenh264-7")):
		t.Fatalf("render without OpenH264: exit %d, %q; want 3 naming libopenh264-7", code, stderr)
	case !available:
		if _, err := os.Stat(out); err == nil {
			t.Error("a video was written")
		}
		t.Logf("without the decoder: %s", strings.TrimSpace(stderr))
	}
}
