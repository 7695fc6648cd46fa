package main

import (
	"testing"

	"github.com/reelkit/reel/engine"
)

// TestRenderMemoryLimitFollowsFrameSizeAndClips: the CLI's soft heap
// limit is 96 MiB for 1280x720 photos and never less, grows with the
// largest frame's pixels, and is at least 192 MiB with clips.
func TestRenderMemoryLimitFollowsFrameSizeAndClips(t *testing.T) {
	for _, c := range []struct {
		w, h  int
		clips bool
		mib   int64
	}{
		{640, 360, false, 96},
		{1280, 720, false, 96},
		{1280, 720, true, 192},
		{1920, 1080, false, 216},
		{1080, 1920, true, 216},
		{640, 360, true, 192},
		{3840, 2160, false, 864},
	} {
		if got := renderMemoryLimit(engine.Size{Width: c.w, Height: c.h}, c.clips) >> 20; got != c.mib {
			t.Errorf("%dx%d, clips %v: %d MiB, want %d", c.w, c.h, c.clips, got, c.mib)
		}
	}
}
