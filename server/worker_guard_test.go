package server

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

// countingRenderer counts Render calls and delegates to stubRenderer.
type countingRenderer struct {
	stubRenderer
	calls atomic.Int64
}

func (c *countingRenderer) Render(ctx context.Context, p *engine.Project, r engine.Resolver, o render.Options) (*render.Output, error) {
	c.calls.Add(1)
	return c.stubRenderer.Render(ctx, p, r, o)
}

// TestJobInterruptedTooOftenFails: a job whose renders keep killing the
// process (it is found running at every start) is failed with a reason
// after Config.JobAttempts starts instead of crashing the server forever;
// the credit comes back.
func TestJobInterruptedTooOftenFails(t *testing.T) {
	t.Parallel()
	rd := &countingRenderer{}
	e := newTestEnv(t, func(c *Config) { c.Renderer = rd; c.JobAttempts = 3 })
	c := e.addUser("poison", 1)
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	ctx := context.Background()
	var jobID int64
	e.store.DB().QueryRow(`SELECT id FROM jobs`).Scan(&jobID)
	for i := 0; i < 3; i++ { // three starts, each "killed" mid-render
		if _, err := e.store.StartJob(ctx, jobID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.DB().Exec(`UPDATE jobs SET state='queued' WHERE state='running'`); err != nil {
			t.Fatal(err)
		}
	}
	e.srv.Start(ctx)
	v := waitStatus(t, c, id, model.StatusFailed, model.StatusPublished)
	if v["status"] != model.StatusFailed || !strings.Contains(v["reason"].(string), "interrupted 3 times") {
		t.Fatalf("status %v reason %q: want failed after 3 interrupted attempts", v["status"], v["reason"])
	}
	if n := rd.calls.Load(); n != 0 {
		t.Fatalf("renderer called %d times for a job over its attempts", n)
	}
	if me := c.ok(c.do("GET", "/me", nil, nil)); me["credits"].(float64) != 1 {
		t.Fatalf("credit not refunded: %v", me["credits"])
	}
}

// panicRenderer panics inside Render.
type panicRenderer struct{ stubRenderer }

func (p *panicRenderer) Render(ctx context.Context, pr *engine.Project, r engine.Resolver, o render.Options) (*render.Output, error) {
	panic("index out of range in a renderer")
}

// TestRenderPanicFailsVideo: a panic in the renderer fails the video with
// a reason and the worker keeps serving the queue.
func TestRenderPanicFailsVideo(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.Renderer = &panicRenderer{} })
	e.srv.Start(context.Background())
	c := e.loginApp("p")
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	v := waitStatus(t, c, id, model.StatusFailed)
	if !strings.Contains(v["reason"].(string), "panic") {
		t.Fatalf("reason %q", v["reason"])
	}
	id2 := c.ok(c.do("POST", "/me/videos/"+id+"/duplicate", nil, nil))["id"].(string)
	c.ok(c.do("POST", "/me/videos/"+id2+"/render", nil, nil))
	waitStatus(t, c, id2, model.StatusFailed) // the worker survived the first panic
}
