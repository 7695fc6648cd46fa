package server

import (
	"context"
	"testing"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/render"
)

// watchRenderer blocks every render until its context ends and reports
// the start and the end.
type watchRenderer struct {
	stubRenderer
	started chan struct{}
	ended   chan error
}

func (w *watchRenderer) Render(ctx context.Context, p *engine.Project, r engine.Resolver, o render.Options) (*render.Output, error) {
	w.started <- struct{}{}
	<-ctx.Done()
	w.ended <- ctx.Err()
	return nil, ctx.Err()
}

// TestDeleteDuringRenderRefunds: deleting a video whose render is queued
// or running gives the credit back (as a failed render does), marks the
// job failed and cancels the running render; the worker's own ending of
// the cancelled job refunds nothing more.
func TestDeleteDuringRenderRefunds(t *testing.T) {
	t.Parallel()
	wr := &watchRenderer{started: make(chan struct{}, 4), ended: make(chan error, 4)}
	e := newTestEnv(t, func(c *Config) { c.Renderer = wr; c.Workers = 1 })
	e.srv.Start(context.Background())
	u := e.addUser("del", 3)
	credits := func() int64 {
		t.Helper()
		var n int64
		if err := e.store.DB().QueryRow(`SELECT credits FROM users WHERE username='del'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	job := func(video string) (state, reason string, charged int) {
		t.Helper()
		if err := e.store.DB().QueryRow(`SELECT state, error, charged FROM jobs WHERE video_id=?`, video).Scan(&state, &reason, &charged); err != nil {
			t.Fatal(err)
		}
		return
	}
	running := readyVideo(t, u)
	u.ok(u.do("POST", "/me/videos/"+running+"/render", nil, nil))
	<-wr.started               // the only worker is busy with it
	queued := readyVideo(t, u) // a new draft: the first is processing
	u.ok(u.do("POST", "/me/videos/"+queued+"/render", nil, nil))
	if n := credits(); n != 1 {
		t.Fatalf("credits after two renders: %d", n)
	}

	u.ok(u.do("DELETE", "/me/videos/"+queued, nil, nil))
	if n := credits(); n != 2 {
		t.Fatalf("credits after deleting a queued render: %d, want 2", n)
	}
	if st, why, ch := job(queued); st != "failed" || why != "video deleted" || ch != 0 {
		t.Fatalf("queued job after delete: %s %q charged=%d", st, why, ch)
	}

	u.ok(u.do("DELETE", "/me/videos/"+running, nil, nil))
	if n := credits(); n != 3 {
		t.Fatalf("credits after deleting a running render: %d, want 3", n)
	}
	select {
	case err := <-wr.ended:
		if err == nil {
			t.Fatal("render ended without cancellation")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the running render was not cancelled")
	}
	for { // the worker has recorded the end of the job
		if e.srv.worker.Running() == 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if st, why, ch := job(running); st != "failed" || why != "video deleted" || ch != 0 {
		t.Fatalf("running job after delete: %s %q charged=%d", st, why, ch)
	}
	if n := credits(); n != 3 {
		t.Fatalf("credits once the worker is done: %d, want 3 (refunded once)", n)
	}
}
