package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

// countingResolver counts the opens of each asset through the server's
// resolver.
type countingResolver struct {
	r  engine.Resolver
	mu sync.Mutex
	n  map[string]int
}

func (c *countingResolver) Open(ctx context.Context, a engine.Asset) (io.ReadCloser, error) {
	c.mu.Lock()
	c.n[string(a.Kind)+":"+a.AssetID]++
	c.mu.Unlock()
	return c.r.Open(ctx, a)
}

// cheapCounting is a countingResolver that passes the server resolver's
// CheapToReopen on to the engine.
type cheapCounting struct{ *countingResolver }

func (c cheapCounting) CheapToReopen(a engine.Asset) bool {
	return c.r.(engine.CheapReopener).CheapToReopen(a)
}

// reopenRenderer renders with the engine through a counting wrapper of the
// server's resolver: passing CheapToReopen on, or hiding it (the engine then
// opens each asset once and copies what it reads again).
type reopenRenderer struct {
	render.EngineRenderer
	hide atomic.Bool
	mu   sync.Mutex
	last *countingResolver
}

func (o *reopenRenderer) Render(ctx context.Context, p *engine.Project, r engine.Resolver, opts render.Options) (*render.Output, error) {
	cr := &countingResolver{r: r, n: map[string]int{}}
	o.mu.Lock()
	o.last = cr
	o.mu.Unlock()
	var wrapped engine.Resolver = cheapCounting{cr}
	if o.hide.Load() {
		wrapped = cr
	}
	return o.EngineRenderer.Render(ctx, p, wrapped, opts)
}

func (o *reopenRenderer) counts() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.last.n
}

// TestRenderReopensLocalBlobs: the server's resolver tells the engine that
// blobs on the local filesystem and library tracks are cheap to reopen, so
// a render opens the music blob directly for each read (probe, decode)
// instead of copying it to a temporary file first; the MP4 is byte for
// byte the one rendered with the copy.
func TestRenderReopensLocalBlobs(t *testing.T) {
	t.Parallel()
	needFFprobe(t)
	ren := &reopenRenderer{EngineRenderer: render.EngineRenderer{Threads: 1, Workers: 1}}
	e := newTestEnv(t, func(c *Config) { c.Renderer = ren })
	e.srv.Start(context.Background())
	c := e.loginApp("reopen")

	rs, ok := e.srv.assets.Resolver(c.id).(engine.CheapReopener)
	if !ok {
		t.Fatal("the server's resolver is not an engine.CheapReopener")
	}
	for _, a := range []engine.Asset{{Kind: engine.KindImage, AssetID: "x"}, {Kind: engine.KindMusic, AssetID: "x"}, {Kind: engine.KindMusic, AssetID: "lib-chords"}} {
		if !rs.CheapToReopen(a) {
			t.Errorf("blob.FS resolver: CheapToReopen(%v) is false", a)
		}
	}

	p1 := c.putPhoto(testJPEG(t, 320, 180, 30))
	p2 := c.putPhoto(testJPEG(t, 180, 320, 90))
	music := c.putMusic(readTestdata(t, "music/chords48k_stereo_vbr.mp3"), nil)["id"].(string)
	id := c.ok(c.form("POST", "/me/videos", "name", "Reopen"))["id"].(string)
	c.ok(c.form("POST", "/me/videos/"+id, "style", "vanilla", "quality", "360", "assets", fmt.Sprintf(`[
		{"name":"image","asset_id":%q,"start_time":0,"end_time":1.5},
		{"name":"image","asset_id":%q,"start_time":1.5,"end_time":3},
		{"name":"music","asset_id":%q}]`, p1, p2, music)))

	render := func() ([]byte, map[string]int) {
		t.Helper()
		c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
		v := waitStatus(t, c, id, model.StatusPublished, model.StatusFailed)
		if v["status"] != model.StatusPublished {
			t.Fatalf("render failed: %v", v["reason"])
		}
		dl := e.do("GET", v["video"].(map[string]any)["360"].(map[string]any)["url"].(string), nil, nil)
		if dl.code != 200 {
			t.Fatalf("download: %d", dl.code)
		}
		return dl.body, ren.counts()
	}
	direct, nDirect := render()
	ren.hide.Store(true)
	copied, nCopied := render()

	key := "music:" + music
	if nDirect[key] < 2 {
		t.Errorf("cheap resolver: music opened %d times, want >= 2 (direct reopens, no temporary copy); opens %v", nDirect[key], nDirect)
	}
	for k, n := range nCopied {
		if n != 1 {
			t.Errorf("resolver without CheapToReopen: %s opened %d times, want 1; opens %v", k, n, nCopied)
		}
	}
	if nCopied[key] != 1 {
		t.Errorf("resolver without CheapToReopen: music opened %d times, want 1", nCopied[key])
	}
	if !bytes.Equal(direct, copied) {
		t.Errorf("MP4 differs between direct reopens (%d bytes) and the copy (%d bytes)", len(direct), len(copied))
	}
}
