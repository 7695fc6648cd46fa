package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/internal/testlong"
	"github.com/reelkit/reel/internal/testpg"
	"github.com/reelkit/reel/internal/tests3"
)

// chaosRounds is how many renders the chaos test kills a worker under.
const chaosRounds = 20

// TestChaosWorkerKills: a deployment of one API process and three
// workers on PostgreSQL + S3, under CPU contention (a spinning goroutine
// per core), renders 20 videos one after another; after each render is
// queued, a random worker is SIGKILLed after a random delay (0-3 s:
// claiming, rendering, uploading, publishing or delivering a callback,
// whatever it is doing then) and started again on its data directory, so
// at least two workers are always alive. Every video must be published
// within 60 s of its kill, exactly once (one rendition set, one credit),
// with its callback delivered at least once, and no blob may be left
// that no row names.
func TestChaosWorkerKills(t *testing.T) {
	testlong.Require(t) // 20 renders under SIGKILL and CPU contention: a few minutes
	probe := needProbe(t)
	pg := testpg.Start(t)
	db := pg.NewDatabase(t)
	gw := tests3.Start(t)
	gw.CreateBucket(t, "chaos")
	e := newTopoEnv(t, probe)
	e.env = append(e.env, "AWS_ACCESS_KEY_ID="+tests3.AccessKey, "AWS_SECRET_ACCESS_KEY="+tests3.SecretKey)
	spec := "s3://chaos/media?endpoint=" + gw.Endpoint + "&region=" + tests3.Region
	shared := []string{"--db", db, "--blobs", spec, "--app-id", topoAppID, "--app-secret", topoAppSecret, "--callback-url", e.cb.url()}
	e.addUsers("--db", db)
	api := e.start("serve-0", "127.0.0.1:0", append([]string{"serve", "--workers", "0", "--max-queued", "-1"}, shared...)...)
	e.apis = append(e.apis, api)
	shared = append(shared, "--base-url", api.url)
	workerArgs := append([]string{"worker"}, shared...)
	var workers []*reeldProc
	for i := range 3 {
		workers = append(workers, e.start(fmt.Sprintf("worker-%d", i), "127.0.0.1:0", workerArgs...))
	}
	e.login()

	// CPU contention for the whole run.
	var spinning atomic.Bool
	spinning.Store(true)
	for range runtime.NumCPU() {
		go func() {
			for x := 0; spinning.Load(); x++ {
				_ = x * x
			}
		}()
	}
	defer spinning.Store(false)

	rng := rand.New(rand.NewPCG(7, 11))
	perUser := map[string]int{}
	var ids []string
	var worst time.Duration
	for round := range chaosRounds {
		u := round % len(e.users)
		c := e.clients[u][0]
		ph := c.obj(c.do("PUT", "/me/photos", bytes.NewReader(tinyJPEG(t, round)), ""))["id"].(string)
		body := fmt.Sprintf(`{"name":"chaos %d","style":"vanilla","quality":360,"assets":[{"name":"image","asset_id":%q,"start_time":0,"end_time":2},{"name":"music","asset_id":"lib-chords"}]}`, round, ph)
		id := c.obj(c.do("POST", "/me/videos", strings.NewReader(body), "application/json"))["id"].(string)
		if r := c.obj(c.do("POST", "/me/videos/"+id+"/render", nil, "")); r["status"] != float64(7201) {
			t.Fatalf("round %d: render %s: %v", round, id, r)
		}
		ids = append(ids, id)
		perUser[e.users[u]]++

		time.Sleep(time.Duration(rng.IntN(3000)) * time.Millisecond)
		i := rng.IntN(len(workers))
		w := workers[i]
		w.cmd.Process.Signal(syscall.SIGKILL)
		<-w.done
		killed := time.Now()
		workers[i] = e.startIn(fmt.Sprintf("worker-%d-%d", i, round), w.dir, "127.0.0.1:0", workerArgs...)

		for {
			v := c.obj(c.do("GET", "/me/videos/"+id, nil, ""))
			if v["status"] == "published" {
				if d := time.Since(killed); d > worst {
					worst = d
				}
				break
			}
			if v["status"] == "failed" {
				t.Fatalf("round %d: video %s failed: %v", round, id, v["reason"])
			}
			if time.Since(killed) > 60*time.Second {
				t.Fatalf("round %d: video %s not published 60 s after worker-%d was killed (status %v)", round, id, i, v["status"])
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	spinning.Store(false)
	t.Logf("%d rounds: every video published, at most %.1f s after its kill (load %s)", chaosRounds, worst.Seconds(), loadavg())

	// Exactly once: one rendition set per video, one credit per render.
	for u := range e.users {
		c := e.clients[u][0]
		for _, x := range c.obj(c.do("GET", "/me/videos?count=100", nil, ""))["videos"].([]any) {
			v := x.(map[string]any)
			if rend, _ := v["video"].(map[string]any); len(rend) != 1 || rend["360"] == nil {
				t.Errorf("video %s: renditions %v, want exactly 360", v["id"], rend)
			}
		}
	}
	var out bytes.Buffer
	if err := run(t.Context(), []string{"user", "list", "--db", db, "--data", t.TempDir()}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			continue
		}
		if want := fmt.Sprintf("credits=%d", topoCredits-perUser[f[1]]); f[3] != want {
			t.Errorf("user %s: %s after %d renders, want %s (charged once each)", f[1], f[3], perUser[f[1]], want)
		}
	}
	// Callbacks: at least once each (a worker killed between the
	// receiver's 200 and River recording it sends one again).
	deadline := time.Now().Add(time.Minute)
	for _, id := range ids {
		for {
			e.cb.mu.Lock()
			n := e.cb.counts[[2]string{id, "video.created"}]
			e.cb.mu.Unlock()
			if n >= 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("video %s: no video.created callback", id)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	e.checkBlobs(pgReferenced(t, db), s3Objects(t, gw, "chaos", "media/"), 4*chaosRounds) // photos, renditions and their thumbnails
}
