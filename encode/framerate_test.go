package encode

import (
	"fmt"
	"strconv"
	"testing"
)

// TestFrameRates encodes 3 s clips (long enough for a second IDR) at the
// supported rates, with and without B-frames.
func TestFrameRates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		fps     Rational
		bframes int
		avg     string
	}{
		{Rational{24, 1}, 0, "24/1"},
		{Rational{25, 1}, 0, "25/1"},
		{Rational{30000, 1001}, 0, "30000/1001"},
		{Rational{30, 1}, -1, "30/1"},
	} {
		t.Run(fmt.Sprintf("%d_%d_b%d", tc.fps.Num, tc.fps.Den, tc.bframes), func(t *testing.T) {
			frames := 3 * tc.fps.Num / tc.fps.Den
			path := encodeClip(t, VideoOptions{Width: 320, Height: 180, FrameRate: tc.fps, BFrames: tc.bframes}, nil, frames, nil)
			facts := readBack(t, path)
			checkVideoTrack(t, facts, frames, tc.fps, tc.bframes != -1)
			if len(facts.stss) < 2 {
				t.Errorf("stss %v: want an IDR at least every 2 s in a 3 s clip", facts.stss)
			}
			pr := ffprobe(t, path)
			v, _ := pr.stream("video")
			if v.AvgFrameRate != tc.avg || v.NbFrames != strconv.Itoa(frames) {
				t.Errorf("ffprobe avg_frame_rate %s nb_frames %s, want %s %d", v.AvgFrameRate, v.NbFrames, tc.avg, frames)
			}
			if _, ok := pr.stream("audio"); ok {
				t.Error("silent clip has an audio stream")
			}
			if out := ffmpegDecode(t, path, "-f", "null"); len(out) != 0 {
				t.Errorf("ffmpeg null output: %q", out)
			}
		})
	}
}
