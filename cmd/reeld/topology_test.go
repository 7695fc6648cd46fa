package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/reelkit/reel/internal/testlong"
	"github.com/reelkit/reel/internal/testpg"
	"github.com/reelkit/reel/internal/tests3"
)

// TestTopology runs the scale-out deployment on loopback: PostgreSQL,
// versitygw (S3), 2 `reeld serve --workers 0` API processes and 3
// `reeld worker` processes, all real processes of one freshly built
// reeld binary, and a callback receiver. 60 videos are created through
// both APIs alternately and rendered, 30 previewed; one worker is
// SIGKILLed in the middle of a render and one API process is restarted
// (SIGTERM, then started again on the same port) while the queue runs.
// Then every video is published exactly once (one rendition set, one
// video.created callback, one preview callback per previewed video),
// every user's credits are charged exactly once per render, the bucket
// holds only objects the database names, the surviving workers leave no
// scratch files, and ffprobe reads a sample of the downloads. The wall
// time and jobs per minute are logged (see docs/DEPLOY.md).
func TestTopology(t *testing.T) {
	testlong.Require(t) // 90 jobs rendered: about 45 CPU-seconds
	probe := needProbe(t)
	pg := testpg.Start(t)
	db := pg.NewDatabase(t)
	gw := tests3.Start(t)
	gw.CreateBucket(t, "topo")
	e := newTopoEnv(t, probe)
	e.env = append(e.env, "AWS_ACCESS_KEY_ID="+tests3.AccessKey, "AWS_SECRET_ACCESS_KEY="+tests3.SecretKey)
	spec := "s3://topo/media?endpoint=" + gw.Endpoint + "&region=" + tests3.Region
	shared := []string{"--db", db, "--blobs", spec, "--app-id", topoAppID, "--app-secret", topoAppSecret, "--callback-url", e.cb.url()}
	e.addUsers("--db", db)

	api := []string{"serve", "--workers", "0", "--max-queued", "-1"}
	e.apis = append(e.apis, e.start("serve-0", "127.0.0.1:0", append(api, shared...)...))
	shared = append(shared, "--base-url", e.apis[0].url) // one public URL: links in callbacks
	e.apis = append(e.apis, e.start("serve-1", "127.0.0.1:0", append(api, shared...)...))
	var workers []*reeldProc
	for i := range 3 {
		workers = append(workers, e.start(fmt.Sprintf("worker-%d", i), "127.0.0.1:0", append([]string{"worker"}, shared...)...))
	}
	e.login()
	// Every process registered itself and heartbeats: the liveness table
	// counts 2 API processes and 3 workers, seen from any process.
	e.waitMetrics(workers[2].url, map[string]float64{`reeld_workers_live{role="serve"}`: 2, `reeld_workers_live{role="worker"}`: 3})

	killed := -1
	var killedVideo string
	var killedAt time.Time
	res := e.runWorkload(func() {
		// A worker in the middle of a render has its scratch directory
		// (DATA/work/<process>/render-VIDEO-...) open: SIGKILL the first
		// one seen.
		// Callback delivery is at-least-once: a worker killed after the
		// receiver answered 200 but before River recorded the job done
		// would make another worker send it again. So the receiver
		// refuses deliveries (503: retried with backoff) around the kill,
		// and the kill waits until no callback job is running in the
		// whole deployment: then no acknowledged delivery is unrecorded,
		// and every callback must still arrive exactly once.
		e.cb.refuse(true)
		deadline := time.Now().Add(2 * time.Minute)
		for killed < 0 {
			idle := false
			if v, ok, err := readMetric(t.Context(), e.apis[0].url, `reeld_jobs_running{queue="callback"}`); err == nil && ok && v == 0 {
				idle = true
			}
			for i, w := range workers {
				ents, _ := filepath.Glob(filepath.Join(w.dir, "work", "*", "render-*"))
				for _, ent := range ents {
					if id, ok := strings.CutPrefix(filepath.Base(ent), "render-"); ok && idle && killed < 0 {
						killed = i
						killedVideo, _, _ = strings.Cut(id, "-")
						w.cmd.Process.Kill()
						<-w.done
						killedAt = time.Now()
					}
				}
			}
			if time.Now().After(deadline) {
				t.Fatal("no worker was seen in the middle of a render (with no callback being delivered) within 2 minutes")
			}
			time.Sleep(5 * time.Millisecond)
		}
		e.cb.refuse(false)
		e.cb.mu.Lock()
		t.Logf("the receiver refused %d callback deliveries (503, retried) around the kill", e.cb.refused)
		e.cb.mu.Unlock()
		t.Logf("SIGKILLed worker-%d while it rendered video %s", killed, killedVideo)
		// Restart an API process while the queue runs: it drains (no
		// renders of its own), exits 0 and comes back on its port.
		old := e.apis[1]
		addr := strings.TrimPrefix(old.url, "http://")
		old.signal(syscall.SIGTERM)
		if err := old.wait(time.Minute); err != nil {
			t.Fatalf("API process exit after SIGTERM: %v", err)
		}
		e.apis[1] = e.startIn("serve-1b", old.dir, addr, append(api, shared...)...)
		if e.apis[1].url != old.url {
			t.Fatalf("restarted API at %s, want %s", e.apis[1].url, old.url)
		}
	})
	if at, ok := res.publishedAt[killedVideo]; ok {
		t.Logf("video %s, rendering in the killed worker, published %.1f s after the kill", killedVideo, at.Sub(killedAt).Seconds())
	}
	// The killed render was started again (the ledger counts starts):
	// the video was published by the rescue, not by the dead worker.
	if n := renderStarts(t, db, killedVideo); n != 2 {
		t.Errorf("render of video %s (killed mid-render) started %d times, want 2", killedVideo, n)
	}
	var others time.Time
	for id, at := range res.publishedAt {
		if id != killedVideo && at.After(others) {
			others = at
		}
	}
	t.Logf("the other %d videos were published %.1f s after the first create", len(res.ids)-1, others.Sub(res.start).Seconds())
	// The queue is empty everywhere once River has recorded the last
	// completions (it does so asynchronously); the API processes ran no
	// job, so their latency histograms are empty.
	idle := map[string]float64{}
	for _, q := range []string{"render", "preview", "callback"} {
		idle[`reeld_queue_depth{queue="`+q+`"}`] = 0
		idle[`reeld_jobs_running{queue="`+q+`"}`] = 0
	}
	for _, p := range e.apis {
		e.waitMetrics(p.url, idle)
		m, err := readMetrics(t.Context(), p.url)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"render", "preview", "callback"} {
			if n := m[`reeld_job_latency_seconds_count{queue="`+q+`"}`]; n != 0 {
				t.Errorf("API process %s finished %v %s jobs, want none", p.url, n, q)
			}
		}
	}
	var rendered float64
	for i, w := range workers {
		if i != killed {
			m, err := readMetrics(t.Context(), w.url)
			if err != nil {
				t.Fatal(err)
			}
			rendered += m[`reeld_job_latency_seconds_count{queue="render"}`]
		}
	}
	if rendered < 1 || rendered > topoVideos {
		t.Errorf("surviving workers finished %v render jobs, want 1..%d", rendered, topoVideos)
	}
	for _, p := range e.apis {
		p.signal(syscall.SIGTERM)
	}
	for i, w := range workers {
		if i != killed {
			w.signal(syscall.SIGTERM)
		}
	}
	for _, p := range append(append([]*reeldProc{}, e.apis...), workers...) {
		if p.cmd.ProcessState == nil {
			if err := p.wait(time.Minute); err != nil {
				t.Errorf("exit after SIGTERM (%s): %v", p.dir, err)
			}
		}
	}
	for i, w := range workers {
		if i == killed {
			continue // its scratch files are removed by its next start
		}
		if ents, err := os.ReadDir(filepath.Join(w.dir, "work")); err != nil || len(ents) > 0 {
			t.Errorf("worker-%d left scratch files after its drain: %v %v", i, ents, err)
		}
	}
	e.checkCallbacks(res)
	e.checkCredits("--db", db)
	e.checkBlobs(pgReferenced(t, db), s3Objects(t, gw, "topo", "media/"), topoMinBlobs)
	e.report("2 serve --workers 0 + 3 worker, PostgreSQL + S3", res)
}

// renderStarts is how many times the ledger (the jobs table) started the
// render of video id.
func renderStarts(t *testing.T, db, id string) (n int) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, `SELECT COALESCE(SUM(attempts), 0) FROM jobs WHERE video_id=$1 AND kind='render'`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
