package server

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store/sqlite"
)

// blockingVideoRead is a Store whose next Video read, once armed, waits
// for its context to end: a drain deadline that falls while a job is
// still loading its video.
type blockingVideoRead struct {
	*sqlite.Store
	armed   atomic.Bool
	entered chan struct{}
}

func (s *blockingVideoRead) Video(ctx context.Context, userID, id string) (*model.Video, error) {
	if s.armed.CompareAndSwap(true, false) {
		close(s.entered)
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return s.Store.Video(ctx, userID, id)
}

// TestShutdownWhileJobStartsLeavesItQueued: a render cancelled by the
// drain deadline before it even read its video stays claimable for the
// next start; it is not finished as "video not found" (which left the
// video processing forever with no job).
func TestShutdownWhileJobStartsLeavesItQueued(t *testing.T) {
	t.Parallel()
	var st *blockingVideoRead
	e := newTestEnv(t, func(c *Config) {
		st = &blockingVideoRead{Store: c.Store.(*sqlite.Store), entered: make(chan struct{})}
		c.Store = st
		c.Renderer = &stubRenderer{}
	})
	c := e.loginApp("s")
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	st.armed.Store(true)
	e.srv.Start(context.Background())
	<-st.entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the drain deadline has passed
	if err := e.srv.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("shutdown: %v", err)
	}
	var state, jobErr string
	e.store.DB().QueryRow(`SELECT state, error FROM jobs WHERE video_id=?`, id).Scan(&state, &jobErr)
	if state != "running" {
		t.Fatalf("job %s %q: want it left running, to be queued again at the next start", state, jobErr)
	}
}
