package server

import (
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
)

// metrics are the counters behind /metrics, written in the Prometheus text
// exposition format by hand.
type metrics struct {
	mu       sync.Mutex
	requests map[reqKey]int64

	rateLimited   atomic.Int64
	rendersOK     atomic.Int64
	rendersFailed atomic.Int64
	renderSecs    floatCounter // total wall seconds spent rendering
	renderFrames  atomic.Int64
	lastFPS       floatCounter
	views         atomic.Int64
	callbacksOK   atomic.Int64
	callbacksErr  atomic.Int64
	// latency is the time from a job's insert to its end, by queue.
	latency *histogram
}

type reqKey struct {
	route string
	code  int
}

// floatCounter is an atomic float64.
type floatCounter struct{ bits atomic.Uint64 }

func (f *floatCounter) add(d float64) {
	for {
		old := f.bits.Load()
		if f.bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}

func (f *floatCounter) set(v float64) { f.bits.Store(math.Float64bits(v)) }
func (f *floatCounter) get() float64  { return math.Float64frombits(f.bits.Load()) }

func newMetrics() *metrics { return &metrics{requests: map[reqKey]int64{}, latency: newHistogram()} }

// Rendered adds a render's wall seconds and frames and sets the last
// render's frames per second (render.Metrics).
func (m *metrics) Rendered(seconds float64, frames int) {
	m.renderSecs.add(seconds)
	m.renderFrames.Add(int64(frames))
	if seconds > 0 {
		m.lastFPS.set(float64(frames) / seconds)
	}
}

// Published counts a published render or preview (render.Metrics).
func (m *metrics) Published() { m.rendersOK.Add(1) }

// Failed counts a failed render or preview (render.Metrics).
func (m *metrics) Failed() { m.rendersFailed.Add(1) }

// JobDone observes a finished job's latency by queue (render.Metrics).
func (m *metrics) JobDone(queue string, latency time.Duration) {
	m.latency.observe(queue, latency.Seconds())
}

func (m *metrics) request(route string, code int) {
	m.mu.Lock()
	m.requests[reqKey{route, code}]++
	m.mu.Unlock()
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	if !s.metricsAllowed(r) {
		s.writeError(w, r, httpx.Errorf(http.StatusForbidden, "/metrics is served to loopback clients, or with the metrics token (reeld --metrics-token) as a Bearer token"))
		return
	}
	queued, running, err := s.store.QueueDepth(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	qs, err := s.store.QueueStats(r.Context(), s.now().Add(-s.cfg.StaleAfter))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := s.backlogOf(r.Context(), qs)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w, queued, running, s.mem.Waiting())
	writeQueueStats(w, qs)
	stalled := 0
	if b.stalled() {
		stalled = 1
	}
	fmt.Fprintf(w, "# HELP reeld_render_slots_live Concurrent renders of the processes seen alive, deployment-wide.\n# TYPE reeld_render_slots_live gauge\nreeld_render_slots_live %d\n", b.Slots)
	fmt.Fprintf(w, "# HELP reeld_renders_stalled 1 while render jobs wait and no live process renders.\n# TYPE reeld_renders_stalled gauge\nreeld_renders_stalled %d\n", stalled)
	s.metrics.latency.write(w, "reeld_job_latency_seconds", "Seconds from a job's insert to its end, for jobs this process finished, by queue.", "queue")
}

// writeQueueStats prints the River queue as every process sees it.
func writeQueueStats(w io.Writer, qs model.QueueStats) {
	queues := queue.Names()
	fmt.Fprintln(w, "# HELP reeld_queue_depth Jobs waiting (available, scheduled or retryable) by queue, in the whole deployment.")
	fmt.Fprintln(w, "# TYPE reeld_queue_depth gauge")
	for _, q := range queues {
		st := qs.Jobs[q]
		fmt.Fprintf(w, "reeld_queue_depth{queue=%q} %d\n", q, st["available"]+st["scheduled"]+st["retryable"]+st["pending"])
	}
	fmt.Fprintln(w, "# HELP reeld_jobs_running Jobs running by queue, in the whole deployment.")
	fmt.Fprintln(w, "# TYPE reeld_jobs_running gauge")
	for _, q := range queues {
		fmt.Fprintf(w, "reeld_jobs_running{queue=%q} %d\n", q, qs.Jobs[q]["running"])
	}
	fmt.Fprintln(w, "# HELP reeld_workers_live Processes that heartbeated recently, by role.")
	fmt.Fprintln(w, "# TYPE reeld_workers_live gauge")
	for _, role := range []string{"serve", "worker"} {
		fmt.Fprintf(w, "reeld_workers_live{role=%q} %d\n", role, qs.Live[role])
	}
}

func (m *metrics) write(w io.Writer, queued, running int, decodesWaiting int64) {
	m.mu.Lock()
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].code < keys[j].code
	})
	fmt.Fprintln(w, "# HELP reeld_http_requests_total HTTP requests by route pattern and status code.")
	fmt.Fprintln(w, "# TYPE reeld_http_requests_total counter")
	for _, k := range keys {
		fmt.Fprintf(w, "reeld_http_requests_total{route=%q,code=\"%d\"} %d\n", k.route, k.code, m.requests[k])
	}
	m.mu.Unlock()
	gauge := func(name, help string, v any) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %v\n", name, help, name, name, v)
	}
	counter := func(name, help string, v any) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %v\n", name, help, name, name, v)
	}
	fmt.Fprintln(w, "# HELP reeld_queue_jobs Render jobs in the queue by state.")
	fmt.Fprintln(w, "# TYPE reeld_queue_jobs gauge")
	fmt.Fprintf(w, "reeld_queue_jobs{state=\"queued\"} %d\nreeld_queue_jobs{state=\"running\"} %d\n", queued, running)
	fmt.Fprintln(w, "# HELP reeld_renders_total Finished renders by result.")
	fmt.Fprintln(w, "# TYPE reeld_renders_total counter")
	fmt.Fprintf(w, "reeld_renders_total{result=\"published\"} %d\nreeld_renders_total{result=\"failed\"} %d\n", m.rendersOK.Load(), m.rendersFailed.Load())
	counter("reeld_render_seconds_total", "Wall-clock seconds spent in renders.", m.renderSecs.get())
	counter("reeld_render_frames_total", "Frames rendered (all renditions share a frame).", m.renderFrames.Load())
	gauge("reeld_render_fps", "Frames per second of the last finished render.", m.lastFPS.get())
	counter("reeld_rate_limited_total", "Requests refused with 429.", m.rateLimited.Load())
	gauge("reeld_image_decodes_waiting", "Photo uploads waiting for one of the image decode slots.", decodesWaiting)
	counter("reeld_video_views_total", "Downloads counted as views.", m.views.Load())
	fmt.Fprintln(w, "# HELP reeld_callbacks_total Callback delivery attempts by result.")
	fmt.Fprintln(w, "# TYPE reeld_callbacks_total counter")
	fmt.Fprintf(w, "reeld_callbacks_total{result=\"ok\"} %d\nreeld_callbacks_total{result=\"error\"} %d\n", m.callbacksOK.Load(), m.callbacksErr.Load())
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, _, err := s.store.QueueDepth(ctx); err != nil {
		s.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady: GET /readyz answers 200 while the server takes new work
// and 503 from the moment Shutdown begins (the drain), so a load balancer
// stops routing to it while downloads and polling still work; /healthz
// stays 200 until the process exits. While render jobs wait and no live
// process renders (every worker gone), the 200 carries a warning, the
// waiting count and the live render slots (0).
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		w.Header().Set("Retry-After", "5")
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
		return
	}
	ready := map[string]any{"status": "ready"}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if b, err := s.renderBacklog(ctx); err == nil && b.stalled() {
		// Still ready: this process serves the API; renders wait for a
		// worker, and operators see why.
		ready["warning"], ready["renders_waiting"], ready["render_slots_live"] = b.warning(), b.Waiting, b.Slots
	}
	httpx.WriteJSON(w, http.StatusOK, ready)
}

// metricsAllowed reports whether r may read /metrics: with
// Config.MetricsToken, a request bearing it; without, a loopback client.
func (s *Server) metricsAllowed(r *http.Request) bool {
	if s.cfg.MetricsToken != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.MetricsToken)) == 1
	}
	ip, err := netip.ParseAddr(strings.Trim(clientIP(r), "[]"))
	return err == nil && ip.Unmap().IsLoopback()
}
