package encode

import (
	"fmt"
	"testing"
	"time"
)

// TestEncoderModes covers the less common options: bitrate mode, tunes,
// other presets, fixed threads and a short key interval.
func TestEncoderModes(t *testing.T) {
	t.Parallel()
	for _, o := range []VideoOptions{
		{Width: 320, Height: 180, Bitrate: 400},
		{Width: 320, Height: 180, Preset: "ultrafast", Tune: "stillimage", Threads: 1},
		{Width: 320, Height: 180, Preset: "medium", Tune: "film", BFrames: 1},
		{Width: 320, Height: 180, KeyInterval: 500 * time.Millisecond},
		{Width: 322, Height: 182}, // not a multiple of 16: cropped in the SPS
	} {
		t.Run(fmt.Sprintf("%+v", o), func(t *testing.T) {
			const frames = 45
			path := encodeClip(t, o, nil, frames, nil)
			facts := readBack(t, path)
			checkVideoTrack(t, facts, frames, Rational{30, 1}, true)
			if o.KeyInterval > 0 {
				for i := 1; i < len(facts.stss); i++ {
					if facts.stss[i]-facts.stss[i-1] > 15 {
						t.Errorf("stss %v: want an IDR at least every 15 frames (0.5 s)", facts.stss)
					}
				}
				if len(facts.stss) < frames/15 {
					t.Errorf("stss %v: want %d IDRs", facts.stss, frames/15)
				}
			}
			pr := ffprobe(t, path)
			// ultrafast turns off CABAC and the 8x8 transform, so x264
			// signals the smallest profile its stream needs: Main.
			profile := "High"
			if o.Preset == "ultrafast" {
				profile = "Main"
			}
			if v, _ := pr.stream("video"); v.Width != o.Width || v.Height != o.Height || v.Profile != profile {
				t.Errorf("ffprobe: %dx%d %s, want %dx%d %s", v.Width, v.Height, v.Profile, o.Width, o.Height, profile)
			}
			if out := ffmpegDecode(t, path, "-f", "null"); len(out) != 0 {
				t.Errorf("ffmpeg null output: %q", out)
			}
		})
	}
}
