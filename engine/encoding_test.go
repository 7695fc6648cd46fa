package engine

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/reelkit/reel/encode"
)

func TestDefaultCRF(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		w, h int
		crf  float64
	}{{256, 144, 23}, {640, 360, 23}, {1280, 720, 23}, {1920, 1080, 21}, {1080, 1920, 21}, {1080, 1080, 21}, {3840, 2160, 21}, {1080, 1350, 21}, {720, 1280, 23}} {
		if got := DefaultCRF(c.w, c.h); got != c.crf {
			t.Errorf("DefaultCRF(%d, %d) = %g, want %g", c.w, c.h, got, c.crf)
		}
	}
}

func TestVideoOptions(t *testing.T) {
	t.Parallel()
	rate := Rational{Num: 30, Den: 1}
	big := 1920 * 1080
	tests := []struct {
		name    string
		o       Options
		w, h    int
		crf     float64
		bitrate int
		preset  string
	}{
		{"default 720p", Options{}, 1280, 720, 23, 0, ""},
		{"default 1080p", Options{}, 1920, 1080, 21, 0, ""},
		{"explicit CRF wins", Options{CRF: 30}, 1920, 1080, 30, 0, ""},
		{"bitrate of the largest", Options{Bitrate: 4000}, 1920, 1080, 0, 4000, ""},
		{"bitrate share by pixels", Options{Bitrate: 4000}, 1280, 720, 0, 4000 * 1280 * 720 / big, ""},
		{"bitrate floor", Options{Bitrate: 4000}, 2, 2, 0, 64, ""},
		{"preview preset", Options{Preview: true}, 256, 144, 23, 0, "ultrafast"},
		{"preview keeps a preset", Options{Preview: true, Preset: "slow"}, 256, 144, 23, 0, "slow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.o.videoOptions(tt.w, tt.h, big, rate)
			if v.CRF != tt.crf || v.Bitrate != tt.bitrate || v.Preset != Preset(tt.preset) || v.Width != tt.w || v.FrameRate != (encode.Rational{Num: 30, Den: 1}) {
				t.Fatalf("got %+v, want CRF %g bitrate %d preset %q", v, tt.crf, tt.bitrate, tt.preset)
			}
		})
	}
}

// TestRenderRejectsEncodingOptions: bad x264 settings fail before any asset
// is opened or any file is written.
func TestRenderRejectsEncodingOptions(t *testing.T) {
	t.Parallel()
	for _, o := range []Options{{CRF: 52}, {CRF: -3}, {Preset: "quick"}, {Bitrate: -1}, {Threads: -2}} {
		dir := t.TempDir()
		o.Styles = testStyles(t)
		o.Output = ToFile(filepath.Join(dir, "x.mp4"))
		cr := &countingResolver{Resolver: testResolver(), opens: map[string]int{}}
		_, err := Render(context.Background(), quickProject(), cr, o)
		if !errors.Is(err, encode.ErrInvalidOptions) {
			t.Errorf("%+v: error %v, want encode.ErrInvalidOptions", o, err)
		}
		if len(cr.opens) != 0 || len(listDir(t, dir)) != 0 {
			t.Errorf("%+v: opened %v, wrote %v", o, cr.opens, listDir(t, dir))
		}
	}
}
