package render

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/internal/testlong"
)

// TestPreviewFrameRateBoundsFrames: previews stay at 10 fps up to two
// minutes; longer projects get fewer frames per second so a preview
// never draws more than PreviewMaxFrames (a 20-minute project: 1 fps,
// 1200 frames instead of 12000).
func TestPreviewFrameRateBoundsFrames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		seconds float64
		fps     int
	}{{5, 10}, {120, 10}, {121, 9}, {200, 6}, {1200, 1}, {7200, 1}} {
		got := PreviewFrameRate(tc.seconds)
		if got != (engine.Rational{Num: tc.fps, Den: 1}) {
			t.Errorf("%v s: %v fps, want %d", tc.seconds, got, tc.fps)
		}
		if frames := float64(got.Num) * tc.seconds; tc.fps > 1 && frames > PreviewMaxFrames {
			t.Errorf("%v s at %d fps: %v frames, over %d", tc.seconds, tc.fps, frames, PreviewMaxFrames)
		}
	}
}

// TestLongPreviewRendersBoundedFrames: the preview of the three-minute
// test project is drawn at 6 fps (1080 frames, not 1800), and ffprobe
// reads that frame rate back from the file.
func TestLongPreviewRendersBoundedFrames(t *testing.T) {
	testlong.Require(t) // an end-to-end run of its own: see README, "Tests and benchmarks"
	t.Parallel()
	if testing.Short() {
		t.Skip("renders a three-minute preview")
	}
	path := filepath.Join("..", "..", "testdata", "projects", "long3min.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var p engine.Project
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out, err := (&EngineRenderer{}).Render(t.Context(), &p, engine.NewFileResolver(path), Options{Dir: dir, Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	want := int(PreviewFrameRate(out.Duration).Num)
	if want >= 10 || out.Frames > PreviewMaxFrames || out.Frames < PreviewMaxFrames*8/10 {
		t.Fatalf("%v s preview: %d frames at %d fps, want at most %d and below 10 fps", out.Duration, out.Frames, want, PreviewMaxFrames)
	}
	ffprobe, err := exec.LookPath("ffprobe")
	if err != nil {
		t.Skip("ffprobe not installed (apt-get install ffmpeg): frame rate not checked in the file")
	}
	rate, err := exec.Command(ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=r_frame_rate", "-of", "csv=p=0", out.Files[0].Video).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(rate)); got != fmt.Sprintf("%d/1", want) {
		t.Fatalf("ffprobe frame rate %q, want %d/1", got, want)
	}
}
