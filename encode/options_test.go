package encode

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCreateRejectsBadOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		o    VideoOptions
	}{
		{"odd width", VideoOptions{Width: 641, Height: 360}},
		{"odd height", VideoOptions{Width: 640, Height: 361}},
		{"zero size", VideoOptions{}},
		{"negative", VideoOptions{Width: -2, Height: 360}},
		{"too large", VideoOptions{Width: MaxDimension + 2, Height: 360}},
		{"zero fps numerator", VideoOptions{Width: 64, Height: 64, FrameRate: Rational{0, 1}}},
		{"negative fps", VideoOptions{Width: 64, Height: 64, FrameRate: Rational{-30, 1}}},
		{"fps too high", VideoOptions{Width: 64, Height: 64, FrameRate: Rational{1000, 1}}},
		{"fps terms too large", VideoOptions{Width: 64, Height: 64, FrameRate: Rational{30 << 40, 1 << 40}}},
		{"key interval too long", VideoOptions{Width: 64, Height: 64, KeyInterval: 2 * time.Hour}},
		{"unknown preset", VideoOptions{Width: 64, Height: 64, Preset: "warpspeed"}},
		{"unknown tune", VideoOptions{Width: 64, Height: 64, Tune: "loud"}},
		{"crf too high", VideoOptions{Width: 64, Height: 64, CRF: 60}},
		{"negative bitrate", VideoOptions{Width: 64, Height: 64, Bitrate: -1}},
		{"negative key interval", VideoOptions{Width: 64, Height: 64, KeyInterval: -time.Second}},
		{"bad b-frames", VideoOptions{Width: 64, Height: 64, BFrames: -2}},
		{"negative threads", VideoOptions{Width: 64, Height: 64, Threads: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			w, err := Create(filepath.Join(dir, "out.mp4"), tc.o, nil)
			if err == nil {
				w.Abort()
				t.Fatal("Create accepted invalid options")
			}
			if !errors.Is(err, ErrInvalidOptions) {
				t.Errorf("error %v does not wrap ErrInvalidOptions", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("left files behind: %v", entries)
			}
		})
	}
}

func TestOddSizeErrorIsClear(t *testing.T) {
	t.Parallel()
	_, err := Create(filepath.Join(t.TempDir(), "x.mp4"), VideoOptions{Width: 641, Height: 360}, nil)
	if err == nil || !strings.Contains(err.Error(), "641x360") || !strings.Contains(err.Error(), "even") {
		t.Errorf("error %q should name the size and say it must be even", err)
	}
}

func TestKeyintAndTimescale(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		fps          Rational
		keyint       int
		scale, delta uint32
	}{
		{Rational{}, 60, 15360, 512},
		{Rational{24, 1}, 48, 12288, 512},
		{Rational{25, 1}, 50, 12800, 512},
		{Rational{30000, 1001}, 59, 30000, 1001},
		{Rational{60, 1}, 120, 15360, 256},
	} {
		o, err := VideoOptions{Width: 2, Height: 2, FrameRate: tc.fps}.withDefaults()
		if err != nil {
			t.Fatal(err)
		}
		if k := o.keyint(); k != tc.keyint {
			t.Errorf("%v: keyint %d, want %d", tc.fps, k, tc.keyint)
		}
		if s, d := o.timescale(); s != tc.scale || d != tc.delta {
			t.Errorf("%v: timescale %d/%d, want %d/%d", tc.fps, s, d, tc.scale, tc.delta)
		}
	}
}

// TestPresetAndTuneCheckedInGo: names are checked before x264 sees them
// (x264 would print its complaint on stderr), the way x264 parses them.
func TestPresetAndTuneCheckedInGo(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		preset, tune string
		ok           bool
	}{
		{"", "", true},
		{"veryfast", "film", true},
		{"Medium", "fastdecode,zerolatency", true},
		{"5", "animation+zerolatency", true},
		{"placebo", "stillimage", true},
		{"warpspeed", "", false},
		{"10", "", false},
		{"veryfast", "loud", false},
		{"veryfast", "film,grain", false},
		{"veryfast", "zerolatency/turbo", false},
	} {
		_, err := VideoOptions{Width: 64, Height: 64, Preset: Preset(tc.preset), Tune: tc.tune}.withDefaults()
		if tc.ok && err != nil || !tc.ok && !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("preset %q tune %q: %v, want ok=%v", tc.preset, tc.tune, err, tc.ok)
		}
	}
}
