package server

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
)

// TestParallelRendersChargeOnce: parallel render
// requests on one draft make one job and take one credit. 50 parallel
// requests on each of 20 drafts -> 20 jobs, 20 credits, and every answer
// is 7201; with one credit left, 10 parallel requests -> one job, ten
// 7201, and only a later draft sees 7405.
func TestParallelRendersChargeOnce(t *testing.T) {
	t.Parallel()
	doubleCharging(t, nil, func(e *testEnv, id string) (n int) {
		e.store.DB().QueryRow(`SELECT COUNT(*) FROM jobs WHERE video_id=?`, id).Scan(&n)
		return n
	})
}

// doubleCharging is TestParallelRendersChargeOnce on the Store mod puts in
// the Config (nil: SQLite); jobsOf counts a video's job rows in it.
func doubleCharging(t *testing.T, mod func(*Config), jobsOf func(e *testEnv, id string) int) {
	e := newTestEnv(t, func(c *Config) {
		c.Renderer = &stubRenderer{gate: make(chan struct{})} // workers never started: jobs stay queued
		c.MaxQueuedJobs = 100
		if mod != nil {
			mod(c)
		}
	})
	c := e.addUser("racer", 25)
	const drafts, parallel = 20, 50
	ids := make([]string, drafts)
	ids[0] = readyVideo(t, c)
	for i := 1; i < drafts; i++ { // POST /me/videos reuses the draft: duplicate it
		ids[i] = c.ok(c.do("POST", "/me/videos/"+ids[0]+"/duplicate", nil, nil))["id"].(string)
	}
	type answer struct {
		code, status int
		body         string
	}
	answers := make(chan answer, drafts*parallel)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, id := range ids {
		for range parallel {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				r := c.do("POST", "/me/videos/"+id+"/render", nil, nil)
				m := r.json(t)
				n, _ := m["status"].(float64)
				answers <- answer{r.code, int(n), string(r.body)}
			}()
		}
	}
	close(start)
	wg.Wait()
	close(answers)
	for a := range answers {
		if a.code != 200 || a.status != 7201 {
			t.Fatalf("render answer %d %s, want 200 with status 7201", a.code, a.body)
		}
	}
	ctx := context.Background()
	for _, id := range ids {
		if n := jobsOf(e, id); n != 1 {
			t.Errorf("video %s: %d jobs, want 1", id, n)
		}
	}
	u, _ := e.srv.store.UserByID(ctx, c.id)
	if *u.Credits != 25-drafts {
		t.Fatalf("credits left %d, want %d: charged %d times for %d renders", *u.Credits, 25-drafts, 25-*u.Credits, drafts)
	}

	// One credit left, ten parallel requests on one draft.
	poor := e.addUser("poor", 1)
	id := readyVideo(t, poor)
	codes := make(chan int, 10)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := poor.do("POST", "/me/videos/"+id+"/render", nil, nil).json(t)
			n, _ := m["status"].(float64)
			codes <- int(n)
		}()
	}
	wg.Wait()
	close(codes)
	for n := range codes {
		if n != 7201 {
			t.Fatalf("one-credit race answered %d, want 7201 for every duplicate", n)
		}
	}
	if u, _ := e.srv.store.UserByID(ctx, poor.id); *u.Credits != 0 {
		t.Fatalf("one-credit race left %d credits", *u.Credits)
	}
	id2 := poor.ok(poor.do("POST", "/me/videos/"+id+"/duplicate", nil, nil))["id"].(string)
	if r := poor.do("POST", "/me/videos/"+id2+"/render", nil, nil); r.code != 400 || r.errorStatus(t) != 7405 {
		t.Fatalf("render with no credits: %d %s, want 400/7405", r.code, r.body)
	}
}

// TestStoreEnqueueExactlyOnce: the store itself refuses a second active
// render of a video (ErrAlreadyQueued with the job, nothing charged) even
// when the video's status was reset behind its back, and refunds once.
func TestStoreEnqueueExactlyOnce(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.addUser("once", 3)
	id := readyVideo(t, c)
	ctx := context.Background()
	req := model.JobRequest{UserID: c.id, VideoID: id, Kind: model.JobRender, Now: time.Now()}
	j1, err := e.store.Enqueue(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	j2, err := e.store.Enqueue(ctx, req)
	if !errors.Is(err, model.ErrAlreadyQueued) || j2 == nil || j2.ID != j1.ID {
		t.Fatalf("duplicate enqueue: %v %v, want ErrAlreadyQueued with job %d", j2, err, j1.ID)
	}
	// Bypass the status guard: the unique index still holds.
	e.store.DB().Exec(`UPDATE videos SET status='initial' WHERE id=?`, id)
	if _, err := e.store.Enqueue(ctx, req); !errors.Is(err, model.ErrAlreadyQueued) {
		t.Fatalf("enqueue past the status guard: %v, want ErrAlreadyQueued", err)
	}
	if u, _ := e.store.UserByID(ctx, c.id); *u.Credits != 2 {
		t.Fatalf("credits %d after one job, want 2", *u.Credits)
	}
	if err := e.store.Finish(ctx, j1.ID, "boom", nil); err != nil {
		t.Fatal(err)
	}
	if err := e.store.Finish(ctx, j1.ID, "boom again", nil); err != nil {
		t.Fatal(err)
	}
	if u, _ := e.store.UserByID(ctx, c.id); *u.Credits != 3 {
		t.Fatalf("credits %d after a failure reported twice, want 3 (one refund)", *u.Credits)
	}
}
