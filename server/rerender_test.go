package server

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

// flakyRenderer renders like stubRenderer until fail is set.
type flakyRenderer struct {
	stubRenderer
	fail atomic.Bool
}

func (f *flakyRenderer) Render(ctx context.Context, p *engine.Project, r engine.Resolver, o render.Options) (*render.Output, error) {
	if f.fail.Load() {
		return nil, errors.New("encoder exploded")
	}
	return f.stubRenderer.Render(ctx, p, r, o)
}

// TestFailedRerenderKeepsPublishedFiles: when rendering a published video
// again fails, the video stays published with its previous renditions
// (same URLs, same bytes), the reason is in last_render_error and the
// credit comes back. A later successful render clears the error.
func TestFailedRerenderKeepsPublishedFiles(t *testing.T) {
	t.Parallel()
	fr := &flakyRenderer{}
	e := newTestEnv(t, func(c *Config) { c.Renderer = fr })
	e.srv.Start(context.Background())
	u := e.addUser("re", 2)
	id := readyVideo(t, u)
	u.ok(u.do("POST", "/me/videos/"+id+"/render", nil, nil))
	first := waitStatus(t, u, id, model.StatusPublished)
	url := first["video"].(map[string]any)["360"].(map[string]any)["url"].(string)
	before := e.do("GET", url, nil, nil)
	if before.code != 200 {
		t.Fatalf("download: %d", before.code)
	}

	fr.fail.Store(true)
	u.ok(u.form("POST", "/me/videos/"+id, "name", "Q2"))
	u.ok(u.do("POST", "/me/videos/"+id+"/render", nil, nil))
	// While it renders again, the previous file is still served.
	if r := e.do("GET", url, nil, nil); r.code != 200 || string(r.body) != string(before.body) {
		t.Fatalf("download during the re-render: %d", r.code)
	}
	v := waitStatus(t, u, id, model.StatusPublished, model.StatusFailed) // processing until the worker is done
	if v["status"] != model.StatusPublished || v["last_render_error"] != "encoder exploded" || v["reason"] != nil {
		t.Fatalf("after a failed re-render: status %v, last_render_error %v, reason %v", v["status"], v["last_render_error"], v["reason"])
	}
	if rd, _ := v["video"].(map[string]any)["360"].(map[string]any); rd["size"] != first["video"].(map[string]any)["360"].(map[string]any)["size"] {
		t.Fatalf("renditions after the failed re-render: %v", v["video"])
	}
	if r := e.do("GET", url, nil, nil); r.code != 200 || string(r.body) != string(before.body) {
		t.Fatalf("download after the failed re-render: %d", r.code)
	}
	var credits int64
	var state string
	e.store.DB().QueryRow(`SELECT credits FROM users WHERE username='re'`).Scan(&credits)
	e.store.DB().QueryRow(`SELECT state FROM jobs WHERE video_id=? ORDER BY id DESC LIMIT 1`, id).Scan(&state)
	if credits != 1 || state != "failed" {
		t.Fatalf("credits %d (want 1: the failed re-render refunded), last job %s", credits, state)
	}

	fr.fail.Store(false)
	u.ok(u.do("POST", "/me/videos/"+id+"/render", nil, nil))
	if v = waitStatus(t, u, id, model.StatusPublished); v["last_render_error"] != nil {
		t.Fatalf("last_render_error after a good render: %v", v["last_render_error"])
	}
}
