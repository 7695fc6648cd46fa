package encode

import "testing"

// TestSyncLookahead: the lookahead thread is switched off from 1080p up
// (landscape and portrait) and left to the preset below.
func TestSyncLookahead(t *testing.T) {
	t.Parallel()
	const auto = -1
	for _, c := range []struct {
		w, h int
		want int32
	}{
		{1280, 720, auto}, {720, 1280, auto}, {1918, 1080, auto},
		{1920, 1080, 0}, {1080, 1920, 0}, {2560, 1440, 0}, {3840, 2160, 0},
	} {
		if got := syncLookahead(c.w, c.h, auto); got != c.want {
			t.Errorf("%dx%d: %d, want %d", c.w, c.h, got, c.want)
		}
	}
}
