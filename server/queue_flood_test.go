package server

import (
	"context"
	"fmt"
	"testing"

	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/store/storetest"
)

// TestPreviewsCannotFloodQueue: free previews cannot
// flood the queue. Eleven preview requests on one video make one job; a
// user's queued jobs are capped (429 with Retry-After); and renders are
// queued apart from the previews (its own River queue), so previews
// queued earlier do not delay it; and one user's queued previews do not
// delay another user's first one.
func TestPreviewsCannotFloodQueue(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) {
		c.Renderer = &stubRenderer{gate: make(chan struct{})}
		c.MaxQueuedJobs = 3
	})
	broke := e.addUser("broke", 0)
	id := readyVideo(t, broke)
	for i := range 11 {
		r := broke.do("POST", "/me/videos/"+id+"/preview", nil, nil)
		if r.code != 200 || r.json(t)["status"] != 7201.0 {
			t.Fatalf("preview request %d: %d %s", i, r.code, r.body)
		}
	}
	var n int
	e.store.DB().QueryRow(`SELECT COUNT(*) FROM jobs WHERE video_id=?`, id).Scan(&n)
	if n != 1 {
		t.Fatalf("11 preview requests made %d jobs, want 1", n)
	}

	// The cap: three queued jobs, the fourth is refused.
	ids := []string{id}
	for range 3 {
		ids = append(ids, broke.ok(broke.do("POST", "/me/videos/"+id+"/duplicate", nil, nil))["id"].(string))
	}
	for _, v := range ids[1:3] {
		broke.ok(broke.do("POST", "/me/videos/"+v+"/preview", nil, nil))
	}
	r := broke.do("POST", "/me/videos/"+ids[3]+"/preview", nil, nil)
	if r.code != 429 || r.hdr.Get("Retry-After") != "30" {
		t.Fatalf("4th queued job: %d Retry-After %q %s, want 429 with Retry-After 30", r.code, r.hdr.Get("Retry-After"), r.body)
	}
	e.store.DB().QueryRow(`SELECT COUNT(*) FROM jobs WHERE user_id=?`, broke.id).Scan(&n)
	if n != 3 {
		t.Fatalf("user has %d jobs after the refused request, want 3", n)
	}

	// Another user's render, queued last, does not wait behind the
	// previews: renders and previews are separate River queues.
	payer := e.addUser("payer", 1)
	vid := readyVideo(t, payer)
	payer.ok(payer.do("POST", "/me/videos/"+vid+"/render", nil, nil))
	// Fairness: a job's River priority is its rank among its user's
	// waiting jobs of its kind, so another user's first preview runs
	// before this user's second and third.
	other := e.addUser("other", 0)
	ovid := readyVideo(t, other)
	other.ok(other.do("POST", "/me/videos/"+ovid+"/preview", nil, nil))
	byQueue := map[string]int{}
	var brokePreviews []int
	for _, j := range storetest.RiverJobs(t, e.store) {
		if j.Kind != j.Queue || j.State != "available" {
			t.Fatalf("river job %+v: want kind = queue, available", j)
		}
		switch vid := j.Args["video_id"]; {
		case vid == ovid || j.Queue == queue.Render:
			if j.Priority != 1 {
				t.Fatalf("a user's first job %+v: priority %d, want 1", j, j.Priority)
			}
		default:
			brokePreviews = append(brokePreviews, j.Priority)
		}
		byQueue[j.Queue]++
	}
	if byQueue[queue.Preview] != 4 || byQueue[queue.Render] != 1 {
		t.Fatalf("river jobs by queue %v, want 4 previews and 1 render", byQueue)
	}
	if fmt.Sprint(brokePreviews) != "[1 2 3]" {
		t.Fatalf("one user's three previews have priorities %v, want [1 2 3]", brokePreviews)
	}
	var pid int64
	e.store.DB().QueryRow(`SELECT id FROM jobs WHERE video_id=? AND kind='preview' AND state='queued'`, id).Scan(&pid)
	if _, err := e.store.StartJob(context.Background(), pid); err != nil {
		t.Fatal(err)
	}
	// A running preview does not block the next request for the video:
	// it reflects edits made since.
	broke.ok(broke.do("POST", "/me/videos/"+id+"/preview", nil, nil))
	e.store.DB().QueryRow(`SELECT COUNT(*) FROM jobs WHERE video_id=? AND state='queued'`, id).Scan(&n)
	if n != 1 {
		t.Fatalf("queued previews of %s while one runs: %d, want 1", id, n)
	}
}
