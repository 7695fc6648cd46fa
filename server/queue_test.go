package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/callback"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

// stubRenderer is a test double of the engine: it validates with the real
// engine.Validate and "renders" by copying the first photo into each
// rendition file, or fails with err. gate, when set, blocks the render
// until closed.
type stubRenderer struct {
	render.EngineRenderer
	err  error
	gate chan struct{}
}

func (s *stubRenderer) Render(ctx context.Context, p *engine.Project, r engine.Resolver, o render.Options) (*render.Output, error) {
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	rc, err := r.Open(ctx, p.Slides()[0])
	if err != nil {
		return nil, err
	}
	data, _ := io.ReadAll(rc)
	rc.Close()
	out := &render.Output{Frames: 30, Duration: 1}
	qs := []int{360}
	if o.Preview {
		qs = []int{144}
	}
	for _, q := range qs {
		v := filepath.Join(o.Dir, fmt.Sprint(q, ".mp4"))
		th := filepath.Join(o.Dir, fmt.Sprint(q, ".jpg"))
		os.WriteFile(v, data, 0o644)
		os.WriteFile(th, data, 0o644)
		o.Progress(1)
		out.Files = append(out.Files, render.File{Quality: q, Video: v, Thumbnail: th})
	}
	return out, nil
}

// callbackSink records callbacks and fails the first `failures` of them.
type callbackSink struct {
	mu       sync.Mutex
	failures int
	bodies   []callback.Message
	got      chan callback.Message
}

func (c *callbackSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failures > 0 {
		c.failures--
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	var b callback.Message
	json.NewDecoder(r.Body).Decode(&b)
	c.bodies = append(c.bodies, b)
	c.got <- b
}

func readyVideo(t *testing.T, c *client) string {
	t.Helper()
	ph := c.putPhoto(testJPEG(t, 64, 36, 7))
	return c.ok(c.form("POST", "/me/videos", "name", "Q", "style", "vanilla",
		"assets", fmt.Sprintf(`[{"name":"image","asset_id":%q},{"name":"music","asset_id":"lib-chords"}]`, ph)))["id"].(string)
}

func waitStatus(t *testing.T, c *client, id string, want ...string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		v := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))
		for _, w := range want {
			if v["status"] == w {
				return v
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("video %s never reached %v", id, want)
	return nil
}

func TestQueueFailureCallbackAndRefund(t *testing.T) {
	t.Parallel()
	sink := &callbackSink{failures: 2, got: make(chan callback.Message, 4)}
	hook := httptest.NewServer(sink)
	defer hook.Close()
	e := newTestEnv(t, func(c *Config) {
		c.Renderer = &stubRenderer{err: errors.New("encoder exploded")}
		c.Apps[0].CallbackURL = hook.URL
		c.CallbackBackoff = 10 * time.Millisecond
	})
	e.srv.Start(context.Background())
	u := e.addUser("carol", 1)
	id := readyVideo(t, u)
	// addUser logs in through test-app, so the callback goes to its URL.
	r := u.ok(u.do("POST", "/me/videos/"+id+"/render", nil, nil))
	if r["status"].(float64) != 7201 || r["message"] != "Video is being created" {
		t.Fatalf("render: %v", r)
	}
	v := waitStatus(t, u, id, model.StatusFailed)
	if v["reason"] != "encoder exploded" {
		t.Fatalf("reason %v", v["reason"])
	}
	cb := <-sink.got
	if cb.Type != "video.failed" || cb.Data.Object.ID != id || cb.Data.Meta.AppID != testAppID || cb.Data.Meta.Msg != "encoder exploded" {
		t.Fatalf("callback %+v", cb)
	}
	// The credit came back: render can be requested again (and fails again).
	me := u.ok(u.do("GET", "/me", nil, nil))
	if me["credits"].(float64) != 1 {
		t.Fatalf("credits after failure: %v", me["credits"])
	}
	var jobErr string
	e.store.DB().QueryRow(`SELECT error FROM jobs WHERE video_id=?`, id).Scan(&jobErr)
	if jobErr != "encoder exploded" {
		t.Fatalf("job error %q", jobErr)
	}
}

func TestQueuePublishCallbackDownloadAndViews(t *testing.T) {
	t.Parallel()
	sink := &callbackSink{got: make(chan callback.Message, 4)}
	hook := httptest.NewServer(sink)
	defer hook.Close()
	e := newTestEnv(t, func(c *Config) {
		c.Renderer = &stubRenderer{}
		c.Apps[0].CallbackURL = hook.URL
	})
	e.srv.Start(context.Background())
	c := e.addUser("dan", 1)
	id := readyVideo(t, c)
	// Not published yet: /v/ is a 404.
	if r := e.do("GET", "/v/"+id+"/q.mp4", nil, nil); r.code != 404 {
		t.Fatalf("unpublished download: %d", r.code)
	}
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	v := waitStatus(t, c, id, model.StatusPublished)
	cb := <-sink.got
	if cb.Type != "video.created" || len(cb.Data.Object.Video) != 1 || cb.Data.Object.Video[0].Quality != 360 || cb.Data.Object.Video[0].Thumbnail == nil {
		t.Fatalf("callback %+v", cb)
	}
	rend := v["video"].(map[string]any)["360"].(map[string]any)
	full := e.do("GET", rend["url"].(string), nil, nil)
	if full.code != 200 || int64(len(full.body)) != int64(rend["size"].(float64)) || full.hdr.Get("Accept-Ranges") != "bytes" {
		t.Fatalf("download: %d %d bytes, size %v", full.code, len(full.body), rend["size"])
	}
	part := e.do("GET", rend["url"].(string), nil, map[string]string{"Range": "bytes=10-19"})
	if part.code != 206 || string(part.body) != string(full.body[10:20]) {
		t.Fatalf("range: %d", part.code)
	}
	cond := e.do("GET", rend["url"].(string), nil, map[string]string{"If-None-Match": full.hdr.Get("ETag")})
	if cond.code != 304 {
		t.Fatalf("conditional: %d", cond.code)
	}
	if r := e.do("GET", v["thumbnail"].(map[string]any)["360"].(string), nil, nil); r.code != 200 {
		t.Fatalf("thumbnail: %d", r.code)
	}
	if r := e.do("GET", "/v/"+id+"/x.mp4?quality=720", nil, nil); r.code != 404 {
		t.Fatalf("missing quality: %d", r.code)
	}
	if views := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))["view"].(float64); views != 1 {
		t.Fatalf("views %v, want 1 (full download counts, a mid-file range does not)", views)
	}
	// No credits left: 7405.
	r := c.do("POST", "/me/videos/"+id+"/render", nil, nil)
	if r.code != 400 || r.errorStatus(t) != 7405 {
		t.Fatalf("second render: %d %s", r.code, r.body)
	}
	// Preview: free, 144p, status unchanged.
	c.ok(c.do("POST", "/me/videos/"+id+"/preview", nil, nil))
	if cb := <-sink.got; cb.Type != "video.preview.created" {
		t.Fatalf("preview callback %v", cb.Type)
	}
	v = c.ok(c.do("GET", "/me/videos/"+id, nil, nil))
	if v["status"] != model.StatusPublished || v["preview"].(map[string]any)["144"] == nil {
		t.Fatalf("after preview: %v", v)
	}
	// Delete removes the files.
	blob := e.srv.mustVideo(t, id).Renditions[360].Blob
	c.ok(c.do("DELETE", "/me/videos/"+id, nil, nil))
	if _, err := e.srv.blobs.Open(context.Background(), blob); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("rendition left after delete: %v", err)
	}
	if r := e.do("GET", rend["url"].(string), nil, nil); r.code != 404 {
		t.Fatalf("download after delete: %d", r.code)
	}
}

func (s *Server) mustVideo(t *testing.T, id string) *model.Video {
	v, err := s.store.VideoByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDeleteCancelsRunningRender(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	e := newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{gate: gate} })
	e.srv.Start(context.Background())
	c := e.loginApp("d")
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	v := waitStatus(t, c, id, model.StatusProcessing)
	if _, ok := v["progress"]; !ok {
		t.Fatal("no progress while processing")
	}
	// Updates are refused while processing.
	if r := c.form("POST", "/me/videos/"+id, "name", "x"); r.code != 409 {
		t.Fatalf("update while processing: %d", r.code)
	}
	for e.srv.worker.Running() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	c.ok(c.do("DELETE", "/me/videos/"+id, nil, nil))
	for e.srv.worker.Running() != 0 {
		time.Sleep(10 * time.Millisecond)
	}
	var state, jobErr string
	e.store.DB().QueryRow(`SELECT state, error FROM jobs WHERE video_id=?`, id).Scan(&state, &jobErr)
	if state != "failed" || jobErr != "video deleted" {
		t.Fatalf("job %s %q", state, jobErr)
	}
}

func TestShutdownDrainsRunningRender(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	e := newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{gate: gate} })
	e.srv.Start(context.Background())
	c := e.loginApp("d")
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	for e.srv.worker.Running() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	done := make(chan error, 1)
	go func() { done <- e.srv.Shutdown(context.Background()) }()
	// A job queued during the drain is not started.
	id2 := c.ok(c.do("POST", "/me/videos/"+id+"/duplicate", nil, nil))["id"].(string)
	c.ok(c.do("POST", "/me/videos/"+id2+"/render", nil, nil))
	close(gate)
	if err := <-done; err != nil {
		t.Fatalf("drain: %v", err)
	}
	if v := c.ok(c.do("GET", "/me/videos/"+id, nil, nil)); v["status"] != model.StatusPublished {
		t.Fatalf("drained render: %v", v["status"])
	}
	if q, r, _ := e.store.QueueDepth(context.Background()); q != 1 || r != 0 {
		t.Fatalf("after drain: queued %d running %d", q, r)
	}
}

func TestShutdownDeadlineLeavesJobForRestart(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{gate: make(chan struct{})} })
	e.srv.Start(context.Background())
	c := e.loginApp("d")
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	for e.srv.worker.Running() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the drain deadline has already passed
	if err := e.srv.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("shutdown: %v", err)
	}
	if v := c.ok(c.do("GET", "/me/videos/"+id, nil, nil)); v["status"] != model.StatusProcessing {
		t.Fatalf("interrupted render: %v (must not be failed)", v["status"])
	}
	if _, r, _ := e.store.QueueDepth(context.Background()); r != 1 {
		t.Fatalf("running jobs %d: the interrupted job must stay claimable on restart", r)
	}
}
