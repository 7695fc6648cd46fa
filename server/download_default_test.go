package server

import (
	"context"
	"testing"

	"github.com/reelkit/reel/server/model"
)

// TestDownloadDefaultQualityAfterQualityChange: a published video whose
// quality was changed afterwards (its renditions are of the old quality)
// still downloads without ?quality=: the largest rendition it has.
func TestDownloadDefaultQualityAfterQualityChange(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{} })
	e.srv.Start(context.Background())
	c := e.loginApp("q")
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	waitStatus(t, c, id, model.StatusPublished) // the stub makes a 360 rendition
	v := c.ok(c.form("POST", "/me/videos/"+id, "quality", "720"))
	if v["status"] != model.StatusPublished || v["quality"].(float64) != 720 {
		t.Fatalf("after update: %v %v", v["status"], v["quality"])
	}
	want := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))["video"].(map[string]any)["360"].(map[string]any)
	r := e.do("GET", "/v/"+id+"/q.mp4", nil, nil)
	if r.code != 200 || int64(len(r.body)) != int64(want["size"].(float64)) {
		t.Fatalf("default download: %d, %d bytes, want the 360 rendition of %v bytes", r.code, len(r.body), want["size"])
	}
	if r := e.do("GET", "/v/"+id+"/q.mp4?quality=720", nil, nil); r.code != 404 {
		t.Fatalf("explicit missing quality: %d, want 404", r.code)
	}
}
