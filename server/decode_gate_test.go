package server

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestImageDecodesAreBounded: full image decodes (up to MaxPixels of
// 16-bit RGBA, hundreds of MB from a body of a few hundred KB) run at most
// cap(decodes) at a time; further uploads wait for a slot and are shown in
// /metrics while they do.
func TestImageDecodesAreBounded(t *testing.T) {
	e := newTestEnv(t, nil)
	c := e.loginApp("d")
	for i := 0; i < cap(e.srv.decodes); i++ {
		e.srv.decodes <- struct{}{} // every slot busy
	}
	done := make(chan resp, 1)
	go func() { done <- c.do("PUT", "/me/photos", bytes.NewReader(testJPEG(t, 32, 18, 1)), nil) }()
	for e.srv.metrics.decodesWaiting.Load() != 1 {
		select {
		case r := <-done:
			t.Fatalf("upload finished (%d) while every decode slot was busy", r.code)
		case <-time.After(5 * time.Millisecond):
		}
	}
	if m := string(e.do("GET", "/metrics", nil, nil).body); !strings.Contains(m, "\nreeld_image_decodes_waiting 1\n") {
		t.Fatalf("metrics:\n%s", m)
	}
	<-e.srv.decodes // one slot frees up
	if r := <-done; r.code != 200 {
		t.Fatalf("upload after a slot freed: %d %s", r.code, r.body)
	}
}
