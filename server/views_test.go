package server

import (
	"context"
	"strconv"
	"testing"

	"github.com/reelkit/reel/server/model"
)

// TestViewsIgnoreRangeProbes: a player's probe for the first bytes
// (Safari asks for bytes=0-1 before playing) is not a view; the request
// that then fetches the file from its start is one.
func TestViewsIgnoreRangeProbes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{} })
	e.srv.Start(context.Background())
	c := e.loginApp("v")
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	waitStatus(t, c, id, model.StatusPublished)
	u := "/v/" + id + "/v.mp4"
	size := e.srv.mustVideo(t, id).Renditions[360].Size
	for _, tc := range []struct {
		rng   string
		views float64
	}{
		{"bytes=0-1", 0},               // probe
		{"bytes=0-", 1},                // Chrome, Firefox
		{"bytes=0-1", 1},               // probe
		{"bytes=0-" + itoa(size-1), 2}, // Safari's whole-file request
		{"bytes=100-", 2},              // a seek
		{"", 3},                        // a plain download
	} {
		clear(e.srv.views.seen) // each request as from another client (viewDedup)
		h := map[string]string{}
		if tc.rng != "" {
			h["Range"] = tc.rng
		}
		if r := e.do("GET", u, nil, h); r.code != 200 && r.code != 206 {
			t.Fatalf("%q: %d", tc.rng, r.code)
		}
		if v := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))["view"].(float64); v != tc.views {
			t.Fatalf("after %q: %v views, want %v", tc.rng, v, tc.views)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
