package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/store/sqlite"
	"github.com/reelkit/reel/server/store/storetest"
)

// TestRequeuesRunningJobsOnOpen: a render left running by a process that
// died is queued again when the next process opens the file, and its
// queue takes the River job back at once.
func TestRequeuesRunningJobsOnOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	u := &model.User{ID: "u1", Username: "u", Name: "u", CreatedOn: time.Now()}
	st.CreateUser(ctx, u)
	st.CreateVideo(ctx, &model.Video{ID: "v1", UserID: "u1", Status: model.StatusInitial, CreatedOn: time.Now(), ModifiedOn: time.Now()})
	if _, err := st.Enqueue(ctx, model.JobRequest{UserID: "u1", VideoID: "v1", AppID: "app", Kind: model.JobRender, Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	jobs := storetest.RiverJobs(t, st)
	if len(jobs) != 1 || jobs[0].Kind != model.JobRender {
		t.Fatalf("river jobs %+v, want one render", jobs)
	}
	id := int64(jobs[0].Args["job_id"].(float64))
	j, err := st.StartJob(ctx, id)
	if err != nil || j.VideoID != "v1" || j.Attempts != 1 {
		t.Fatalf("start %v %v", j, err)
	}
	// River ran it in a process that then died.
	if _, err := st.DB().Exec(`UPDATE river_job SET state='running', attempt=1, attempted_by=jsonb(json_array('dead-process'))`); err != nil {
		t.Fatal(err)
	}
	st.Close() // the process "dies" with the job running
	st, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if q, r, _ := st.QueueDepth(ctx); q != 1 || r != 0 {
		t.Fatalf("after reopen: queued %d running %d", q, r)
	}
	// The next process's queue takes the job back at once (SQLite has
	// one process: whoever ran it before is gone).
	stop, err := st.StartQueue(ctx, nil, queue.Options{ProcessID: "next", Role: "serve", Heartbeat: time.Hour, StaleAfter: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer stop(ctx)
	if jobs := storetest.RiverJobs(t, st); len(jobs) != 1 || jobs[0].State != "available" {
		t.Fatalf("river jobs after restart %+v, want the render available", jobs)
	}
	j, err = st.StartJob(ctx, id)
	if err != nil || j.Attempts != 2 {
		t.Fatalf("restart %v %v", j, err)
	}
	var version int
	st.DB().QueryRow(`PRAGMA user_version`).Scan(&version)
	if version != len(sqlite.Migrations) {
		t.Fatalf("schema version %d", version)
	}
}
