package openh264

import (
	"math"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
)

// TestGivenClipMatchesFFmpeg measures any H.264 file against ffmpeg's
// decode, picture by picture: REEL_H264_CLIP names the file,
// REEL_H264_MIN_PSNR the bar in dB (default 45). It reports the worst
// picture, the mean over B pictures and how many pictures are
// bit-exact (the figures of docs/PERFORMANCE.md, Clip decoding).
func TestGivenClipMatchesFFmpeg(t *testing.T) {
	path := os.Getenv("REEL_H264_CLIP")
	if path == "" {
		t.Skip("set REEL_H264_CLIP to an H.264 file to measure it against ffmpeg's decode")
	}
	minPSNR := 45.0
	if s := os.Getenv("REEL_H264_MIN_PSNR"); s != "" {
		var err error
		if minPSNR, err = strconv.ParseFloat(s, 64); err != nil {
			t.Fatalf("REEL_H264_MIN_PSNR: %v", err)
		}
	}
	l := loadOrSkip(t)
	cliptest.Need(t)
	config, pkts := cliptest.Packets(t, path)
	pics := decodeAll(t, l, config, pkts)
	if len(pics) == 0 {
		t.Fatal("no picture decoded")
	}
	w, h := pics[0].Width, pics[0].Height
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pict_type", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	kinds := strings.Fields(string(out))
	want := cliptest.Frames(t, path, "yuv420p", w*h+2*((w+1)/2)*((h+1)/2))
	if len(want) != len(pics) || len(kinds) != len(pics) {
		t.Fatalf("%d pictures, ffmpeg decodes %d and describes %d", len(pics), len(want), len(kinds))
	}
	worst, bSum, bCount, exact := math.Inf(1), 0.0, 0, 0
	for i, p := range pics {
		q := cliptest.PSNR(want[i], slices.Concat(p.Y, p.Cb, p.Cr), 255)
		if testing.Verbose() {
			t.Logf("picture %d (%s, pts %d): %.1f dB", i, kinds[i], p.PTS, q)
		}
		worst = min(worst, q)
		if math.IsInf(q, 1) {
			exact++
		}
		if kinds[i] == "B" {
			bSum += min(q, 99) // a bit-exact picture counts as 99 dB
			bCount++
		}
	}
	t.Logf("%d pictures (%d B): worst %.1f dB, B mean %.1f dB, %d bit-exact", len(pics), bCount, worst, bSum/float64(max(bCount, 1)), exact)
	if worst < minPSNR {
		t.Errorf("worst picture %.1f dB, want >= %.1f", worst, minPSNR)
	}
}
