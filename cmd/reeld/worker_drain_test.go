package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/internal/testpg"
	"github.com/reelkit/reel/internal/tests3"
)

// TestWorkerDrain: SIGTERM drains a `reeld worker` as it does serve:
// /readyz turns 503 at once while /healthz and /metrics keep answering,
// the running render (held by a gate) goes on, and when it has finished
// the worker exits 0 with the video published (no other process could
// have rendered it: the API process runs no workers).
func TestWorkerDrain(t *testing.T) {
	t.Parallel()
	pg := testpg.Start(t)
	db := pg.NewDatabase(t)
	gw := tests3.Start(t)
	gw.CreateBucket(t, "reel")
	env := []string{"AWS_ACCESS_KEY_ID=" + tests3.AccessKey, "AWS_SECRET_ACCESS_KEY=" + tests3.SecretKey}
	shared := []string{"--db", db, "--blobs", "s3://reel?endpoint=" + gw.Endpoint + "&region=" + tests3.Region,
		"--app-id", topoAppID, "--app-secret", topoAppSecret}
	var out bytes.Buffer
	if err := run(t.Context(), []string{"user", "add", "--data", t.TempDir(), "--db", db, "--username", "dw", "--password", "pw"}, &out, &out); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	gate := filepath.Join(t.TempDir(), "gate")
	api := startReeldWith(t, env, t.TempDir(), append([]string{"serve", "--workers", "0"}, shared...)...)
	wk := startReeldWith(t, append(env, gateEnv+"="+gate), t.TempDir(), append([]string{"worker"}, shared...)...)
	get := func(path string) int {
		res, err := http.Get(wk.url + path)
		if err != nil {
			t.Fatalf("worker GET %s: %v", path, err)
		}
		res.Body.Close()
		return res.StatusCode
	}

	c := loginApp(t, api.url, topoAppID, "dw", "pw")
	ph := c.obj(c.do("PUT", "/me/photos", bytes.NewReader(smallJPEG(t)), ""))["id"].(string)
	body := fmt.Sprintf(`{"name":"drain","style":"vanilla","quality":360,"assets":[{"name":"image","asset_id":%q,"start_time":0,"end_time":1},{"name":"music","asset_id":"lib-chords"}]}`, ph)
	id := c.obj(c.do("POST", "/me/videos", strings.NewReader(body), "application/json"))["id"].(string)
	c.obj(c.do("POST", "/me/videos/"+id+"/render", nil, ""))
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if v, ok, err := readMetric(t.Context(), wk.url, `reeld_jobs_running{queue="render"}`); err == nil && ok && v == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the worker did not start the render within a minute")
		}
	}
	wk.signal(syscall.SIGTERM)
	for get("/readyz") != http.StatusServiceUnavailable {
		time.Sleep(10 * time.Millisecond)
	}
	if code := get("/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz during the drain: %d", code)
	}
	if code := get("/metrics"); code != http.StatusOK {
		t.Fatalf("/metrics during the drain: %d", code)
	}
	if v := c.obj(c.do("GET", "/me/videos/"+id, nil, "")); v["status"] != "processing" {
		t.Fatalf("video during the drain: %v", v["status"])
	}
	if err := os.WriteFile(gate, nil, 0o600); err != nil { // let the render finish
		t.Fatal(err)
	}
	if err := wk.wait(5 * time.Minute); err != nil {
		t.Fatalf("worker exit after the drain: %v", err)
	}
	if v := c.obj(c.do("GET", "/me/videos/"+id, nil, "")); v["status"] != "published" {
		t.Fatalf("video after the worker drained: %v (%v)", v["status"], v["reason"])
	}
	api.signal(syscall.SIGTERM)
	if err := api.wait(time.Minute); err != nil {
		t.Errorf("API exit after SIGTERM: %v", err)
	}
}
