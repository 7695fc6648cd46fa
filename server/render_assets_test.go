package server

import (
	"fmt"
	"testing"

	"github.com/reelkit/reel/server/model"
)

// TestRenderRefusesMissingImages: an image asset whose photo was deleted
// (or that names no photo) is refused at render time with 7403, before a
// credit is taken and the video goes processing, instead of failing later
// in the worker.
func TestRenderRefusesMissingImages(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{} })
	c := e.addUser("forgetful", 1)
	keep := c.putPhoto(testJPEG(t, 64, 36, 1))
	gone := c.putPhoto(testJPEG(t, 64, 36, 2))
	music := `{"name":"music","asset_id":"lib-chords"}`
	for _, tc := range []struct {
		name   string
		assets string
	}{
		{"deleted photo", fmt.Sprintf(`[{"name":"image","asset_id":%q},{"name":"image","asset_id":%q},%s]`, keep, gone, music)},
		{"no asset_id", fmt.Sprintf(`[{"name":"image","asset_id":%q},{"name":"image","data":{"text":"x"}},%s]`, keep, music)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := c.ok(c.do("POST", "/me/videos", nil, nil))["id"].(string)
			c.ok(c.form("POST", "/me/videos/"+id, "name", "T", "style", "vanilla", "assets", tc.assets))
			if tc.name == "deleted photo" {
				c.ok(c.do("DELETE", "/me/photos/"+gone, nil, nil))
			}
			r := c.do("POST", "/me/videos/"+id+"/render", nil, nil)
			if r.code != 400 || r.errorStatus(t) != 7403 {
				t.Fatalf("want 400/7403, got %d %s", r.code, r.body)
			}
			v := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))
			if v["status"] != model.StatusInitial {
				t.Fatalf("status %v after a refused render", v["status"])
			}
			if me := c.ok(c.do("GET", "/me", nil, nil)); me["credits"].(float64) != 1 {
				t.Fatalf("credits %v after a refused render", me["credits"])
			}
			// Drafts are reused by POST /me/videos: publish nothing, delete it.
			c.ok(c.do("DELETE", "/me/videos/"+id, nil, nil))
		})
	}
}
