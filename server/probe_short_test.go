package server

import (
	"bytes"
	"testing"
)

// TestMusicTooShortIsRefused: a truncated WAV that keeps a few samples (or
// any track shorter than minMusicSeconds) cannot be placed in a video, so
// the upload is a 400, not a music that fails every render later.
func TestMusicTooShortIsRefused(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("m")
	wav := readTestdata(t, "music/pcm16.wav")
	for _, n := range []int{50, 44 + 4*100} { // 1 and 100 stereo frames at 22.05 kHz
		r := c.do("PUT", "/me/musics", bytes.NewReader(wav[:n]), nil)
		if r.code != 400 {
			t.Fatalf("%d-byte WAV: %d %s, want 400", n, r.code, r.body)
		}
	}
	if m := c.putMusic(wav, nil); m["duration"].(float64) < minMusicSeconds {
		t.Fatalf("whole file: %v", m)
	}
}
