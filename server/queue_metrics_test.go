package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
)

// metricLine returns the value of one exact series in /metrics ("" when
// absent).
func metricLine(body, series string) string {
	for _, l := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(l, series+" "); ok {
			return v
		}
	}
	return ""
}

// TestQueueMetrics: /metrics shows River's queue (waiting and running jobs
// by queue), the live processes by role and the latency histogram of the
// jobs this process finished.
func TestQueueMetrics(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	e := newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{gate: gate} })
	c := e.addUser("m", 5)
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	c.ok(c.do("POST", "/me/videos/"+id+"/preview", nil, nil))
	m := string(e.do("GET", "/metrics", nil, nil).body)
	for series, want := range map[string]string{
		`reeld_queue_depth{queue="render"}`:   "1",
		`reeld_queue_depth{queue="preview"}`:  "1",
		`reeld_queue_depth{queue="callback"}`: "0",
		`reeld_queue_depth{queue="segment"}`:  "0",
		`reeld_jobs_running{queue="render"}`:  "0",
		`reeld_workers_live{role="serve"}`:    "0", // not started yet
		`reeld_render_slots_live`:             "0",
		`reeld_renders_stalled`:               "1", // a render waits, nobody renders
	} {
		if got := metricLine(m, series); got != want {
			t.Errorf("before start: %s = %q, want %s", series, got, want)
		}
	}
	if r := e.do("GET", "/readyz", nil, nil); r.code != 200 || !strings.Contains(string(r.body), "no live render worker: 1 render jobs waiting") {
		t.Errorf("/readyz with a render waiting and no worker: %d %s, want 200 with the warning", r.code, r.body)
	}
	e.srv.Start(context.Background())
	if r := e.do("GET", "/readyz", nil, nil); r.code != 200 || strings.Contains(string(r.body), "warning") {
		t.Errorf("/readyz with a live worker: %d %s, want 200 without a warning", r.code, r.body)
	}
	eventually(t, "a job running", func() bool { return e.srv.worker.Running() > 0 })
	m = string(e.do("GET", "/metrics", nil, nil).body)
	if got := metricLine(m, `reeld_workers_live{role="serve"}`); got != "1" {
		t.Errorf("started: live serve processes %q, want 1", got)
	}
	if got := metricLine(m, `reeld_renders_stalled`); got != "0" || metricLine(m, `reeld_render_slots_live`) != "1" {
		t.Errorf("started: stalled %q, slots %q; want 0 and 1", got, metricLine(m, `reeld_render_slots_live`))
	}
	if got := metricLine(m, `reeld_jobs_running{queue="render"}`) + metricLine(m, `reeld_jobs_running{queue="preview"}`); got != "10" && got != "01" && got != "11" {
		t.Errorf("running: render+preview %q, want a running job", got)
	}
	close(gate)
	waitStatus(t, c, id, model.StatusPublished)
	eventually(t, "the render's and the preview's latency observed", func() bool {
		m := string(e.do("GET", "/metrics", nil, nil).body)
		return metricLine(m, `reeld_job_latency_seconds_count{queue="preview"}`) == "1" &&
			metricLine(m, `reeld_job_latency_seconds_count{queue="render"}`) == "1"
	})
	m = string(e.do("GET", "/metrics", nil, nil).body)
	for series, want := range map[string]string{
		`reeld_job_latency_seconds_count{queue="render"}`:             "1",
		`reeld_job_latency_seconds_bucket{queue="render",le="+Inf"}`:  "1",
		`reeld_job_latency_seconds_bucket{queue="preview",le="+Inf"}`: "1",
	} {
		if got := metricLine(m, series); got != want {
			t.Errorf("after: %s = %q, want %s", series, got, want)
		}
	}
	if !strings.Contains(m, "# TYPE reeld_job_latency_seconds histogram") {
		t.Error("no histogram TYPE line")
	}
}

// eventually waits up to 30 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestStalledRendersAreLogged: an API-only process (no render workers)
// logs, while a render waits and no live process renders, that there is
// no live render worker.
func TestStalledRendersAreLogged(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	e := newTestEnv(t, func(c *Config) {
		c.Workers = -1
		c.StaleAfter = time.Second
		c.Heartbeat = 200 * time.Millisecond
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	c := e.addUser("s", 5)
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	if err := e.srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the stalled-render warning in the log", func() bool {
		return strings.Contains(logs.String(), "no live render worker: 1 render jobs waiting")
	})
}

// syncBuffer is a bytes.Buffer safe for a logger and a test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestMetricsNotPublic: /metrics answers loopback clients; another
// address gets 403 unless it brings the metrics token, which, once
// configured, every client needs.
func TestMetricsNotPublic(t *testing.T) {
	t.Parallel()
	get := func(srv *Server, remote, auth string) int {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = remote
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code
	}
	open := newTestEnv(t, nil).srv
	for remote, want := range map[string]int{"127.0.0.1:5000": 200, "[::1]:5000": 200, "203.0.113.9:5000": 403} {
		if got := get(open, remote, ""); got != want {
			t.Errorf("no token, from %s: %d, want %d", remote, got, want)
		}
	}
	locked := newTestEnv(t, func(c *Config) { c.MetricsToken = "s3cret" }).srv
	for _, tc := range []struct {
		remote, auth string
		want         int
	}{
		{"203.0.113.9:5000", "Bearer s3cret", 200},
		{"203.0.113.9:5000", "Bearer wrong", 403},
		{"127.0.0.1:5000", "", 403},
	} {
		if got := get(locked, tc.remote, tc.auth); got != tc.want {
			t.Errorf("token set, from %s with %q: %d, want %d", tc.remote, tc.auth, got, tc.want)
		}
	}
}
