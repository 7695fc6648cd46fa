package server

import (
	"math"
	"testing"
)

// TestDraftDurationIsThePlans: before its first render a video's duration
// is the planned one, as /timeline gives it, not 0.
func TestDraftDurationIsThePlans(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("dur")
	id := readyVideo(t, c)
	tl := c.ok(c.do("GET", "/me/videos/"+id+"/timeline", nil, nil))
	want := int(math.Round(tl["duration"].(float64)))
	if want == 0 {
		t.Fatalf("timeline %v", tl)
	}
	if got := int(c.ok(c.do("GET", "/me/videos/"+id, nil, nil))["duration"].(float64)); got != want {
		t.Fatalf("draft duration %d s, timeline says %d s", got, want)
	}
}
