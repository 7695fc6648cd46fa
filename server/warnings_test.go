package server

import (
	"context"
	"fmt"
	"testing"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

// warnRenderer renders like stubRenderer and reports warnings.
type warnRenderer struct {
	stubRenderer
	warnings []string
}

func (w *warnRenderer) Render(ctx context.Context, p *engine.Project, r engine.Resolver, o render.Options) (*render.Output, error) {
	out, err := w.stubRenderer.Render(ctx, p, r, o)
	if out != nil {
		out.Warnings = w.warnings
	}
	return out, err
}

// TestVideoWarnings: a render's warnings are stored with the video and
// listed in its object (absent before any render).
func TestVideoWarnings(t *testing.T) {
	t.Parallel()
	want := `no font for symbols: "\u0378" (U+0378); drawn as boxes`
	e := newTestEnv(t, func(c *Config) { c.Renderer = &warnRenderer{warnings: []string{want}} })
	e.srv.Start(context.Background())
	c := e.loginApp("phone-1")
	p1 := c.putPhoto(testJPEG(t, 320, 240, 10))
	id := c.ok(c.form("POST", "/me/videos", "name", "W"))["id"].(string)
	assets := fmt.Sprintf(`[{"name":"image","asset_id":%q,"data":{"caption":"x \u0378"}},{"name":"music","asset_id":"lib-chords"}]`, p1)
	v := c.ok(c.form("POST", "/me/videos/"+id, "style", "vanilla", "quality", "360", "assets", assets))
	if _, ok := v["warnings"]; ok {
		t.Fatalf("warnings before a render: %v", v["warnings"])
	}
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	v = waitStatus(t, c, id, model.StatusPublished, model.StatusFailed)
	ws, _ := v["warnings"].([]any)
	if v["status"] != model.StatusPublished || len(ws) != 1 || ws[0] != want {
		t.Fatalf("after render: status %v, warnings %#v", v["status"], v["warnings"])
	}
	list := c.ok(c.do("GET", "/me/videos", nil, nil))["videos"].([]any)
	if ws, _ := list[0].(map[string]any)["warnings"].([]any); len(ws) != 1 {
		t.Fatalf("list: warnings %#v", list[0].(map[string]any)["warnings"])
	}
}
