package main

import (
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/internal/testpg"
	"github.com/reelkit/reel/internal/tests3"
)

// TestClientFlowServeWorker walks TestClientFlowDefaultProcess's
// Picovico client flow against the scale-out topology: `reeld serve
// --workers 0` and a separate `reeld worker` on PostgreSQL and S3. The
// worker, not the API, must be the process that rendered, and it serves
// nothing of the API.
func TestClientFlowServeWorker(t *testing.T) {
	t.Parallel()
	probe := needProbe(t)
	pg := testpg.Start(t)
	db := pg.NewDatabase(t)
	gw := tests3.Start(t)
	gw.CreateBucket(t, "reel")
	env := []string{"AWS_ACCESS_KEY_ID=" + tests3.AccessKey, "AWS_SECRET_ACCESS_KEY=" + tests3.SecretKey}
	shared := []string{"--db", db, "--blobs", "s3://reel?endpoint=" + gw.Endpoint + "&region=" + tests3.Region,
		"--app-id", topoAppID, "--app-secret", topoAppSecret}
	api := startReeldWith(t, env, t.TempDir(), append([]string{"serve", "--workers", "0"}, shared...)...)
	wk := startReeldWith(t, env, t.TempDir(), append([]string{"worker"}, shared...)...)
	clientFlowSteps(t, probe, api.url, topoAppID, topoAppSecret, wk.url)
	if got := metric(t, api.url, `reeld_renders_total{result="published"}`); got != 0 {
		t.Errorf("the API-only process rendered %v videos, want 0", got)
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/me/videos": 404, "/login": 404, "/": 404} {
		res, err := http.Get(wk.url + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("worker GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}
	for _, p := range []*reeldProc{wk, api} {
		p.signal(syscall.SIGTERM)
		if err := p.wait(time.Minute); err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	}
}
