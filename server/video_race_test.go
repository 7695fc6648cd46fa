package server

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store/sqlite"
)

// enqueueAfterRead is a Store whose Video and LastDraft let a render be
// queued for the video just after it was read, once armed: the
// interleaving of an update with a concurrent render request.
type enqueueAfterRead struct {
	*sqlite.Store
	armed atomic.Bool
}

func (s *enqueueAfterRead) race(ctx context.Context, v *model.Video, err error) (*model.Video, error) {
	if err == nil && s.armed.CompareAndSwap(true, false) {
		if _, err := s.Enqueue(ctx, model.JobRequest{UserID: v.UserID, VideoID: v.ID, Kind: model.JobRender, Now: time.Now()}); err != nil {
			panic(err)
		}
	}
	return v, err
}

func (s *enqueueAfterRead) Video(ctx context.Context, userID, id string) (*model.Video, error) {
	v, err := s.Store.Video(ctx, userID, id)
	return s.race(ctx, v, err)
}

func (s *enqueueAfterRead) LastDraft(ctx context.Context, userID string) (*model.Video, error) {
	v, err := s.Store.LastDraft(ctx, userID)
	return s.race(ctx, v, err)
}

// TestUpdateDoesNotClobberQueuedRender: an update that read the video
// before a render was queued must not write the old status back over
// "processing" (the render would run on a video shown as a draft).
func TestUpdateDoesNotClobberQueuedRender(t *testing.T) {
	t.Parallel()
	var st *enqueueAfterRead
	e := newTestEnv(t, func(c *Config) {
		st = &enqueueAfterRead{Store: c.Store.(*sqlite.Store)}
		c.Store = st
	})
	c := e.loginApp("r")
	ctx := context.Background()

	id := readyVideo(t, c)
	st.armed.Store(true)
	if r := c.form("POST", "/me/videos/"+id, "name", "renamed"); r.code != 409 {
		t.Fatalf("update racing a render: %d %s, want 409", r.code, r.body)
	}
	if v, _ := e.store.Video(ctx, c.id, id); v.Status != model.StatusProcessing || v.Name == "renamed" {
		t.Fatalf("after the racing update: status %q name %q", v.Status, v.Name)
	}

	// POST /me/videos on a draft that is being queued: a new draft.
	id2 := c.ok(c.do("POST", "/me/videos/"+id+"/duplicate", nil, nil))["id"].(string)
	st.armed.Store(true)
	got := c.ok(c.form("POST", "/me/videos", "name", "next"))
	if got["id"] == id2 || got["status"] != model.StatusInitial {
		t.Fatalf("POST /me/videos returned %v %v; %s had just been queued", got["id"], got["status"], id2)
	}
	if v, _ := e.store.Video(ctx, c.id, id2); v.Status != model.StatusProcessing {
		t.Fatalf("queued draft: status %q", v.Status)
	}
}

// TestStoreUpdateVideoConflict: UpdateVideo of a video whose status changed
// since it was read is ErrConflict and writes nothing.
func TestStoreUpdateVideoConflict(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("s")
	id := readyVideo(t, c)
	ctx := context.Background()
	v, err := e.store.Video(ctx, c.id, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Enqueue(ctx, model.JobRequest{UserID: c.id, VideoID: id, Kind: model.JobRender, Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	v.Name = "stale"
	if err := e.store.UpdateVideo(ctx, v); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("stale update: %v, want ErrConflict", err)
	}
	cur, _ := e.store.Video(ctx, c.id, id)
	if cur.Status != model.StatusProcessing || cur.Name == "stale" {
		t.Fatalf("row after a refused update: %q %q", cur.Status, cur.Name)
	}
	cur.Progress = 50 // read after the change: allowed
	if err := e.store.UpdateVideo(ctx, cur); err != nil {
		t.Fatal(err)
	}
	if err := e.store.UpdateVideo(ctx, cur); err != nil {
		t.Fatalf("second update of the same read: %v", err)
	}
}
