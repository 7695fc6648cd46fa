package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/internal/testlong"
	"github.com/reelkit/reel/internal/testpg"
	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
	"github.com/reelkit/reel/server/store/postgres"
)

// gatedRenderer is an EngineRenderer whose segment renders can be held
// (before) and are recorded (done) per server.
type gatedRenderer struct {
	*render.EngineRenderer
	plan   func(ctx context.Context) error
	before func(ctx context.Context, key model.SegmentKey) error
	after  func(key model.SegmentKey)
	mu     sync.Mutex
	done   []model.SegmentKey
}

func (g *gatedRenderer) RenderSegment(ctx context.Context, p *engine.Project, r engine.Resolver, quality, index, count int, w io.Writer) error {
	key := model.SegmentKey{Quality: quality, Index: index}
	if g.before != nil {
		if err := g.before(ctx, key); err != nil {
			return err
		}
	}
	if err := g.EngineRenderer.RenderSegment(ctx, p, r, quality, index, count, w); err != nil {
		return err
	}
	g.mu.Lock()
	g.done = append(g.done, key)
	g.mu.Unlock()
	if g.after != nil {
		g.after(key)
	}
	return nil
}

func (g *gatedRenderer) SplitPlan(ctx context.Context, p *engine.Project, r engine.Resolver) (*render.SplitPlan, error) {
	if g.plan != nil {
		if err := g.plan(ctx); err != nil {
			return nil, err
		}
	}
	return g.EngineRenderer.SplitPlan(ctx, p, r)
}

func (g *gatedRenderer) rendered() []model.SegmentKey {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.done)
}

// waitFor waits for ch to close, for at most two minutes.
func waitFor(ctx context.Context, ch <-chan struct{}, what string) error {
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(2 * time.Minute):
		return fmt.Errorf("test gate: %s never happened", what)
	}
}

// testLogger logs a server's warnings and errors to the test's log.
func testLogger(t *testing.T, name string) *slog.Logger {
	return slog.New(slog.NewTextHandler(tlogWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})).With("server", name)
}

type tlogWriter struct{ t *testing.T }

func (w tlogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// splitPair is two servers, as two processes of the scale-out topology:
// A (API and render workers, the coordinator) and B (render workers
// only), on one PostgreSQL database and one blob directory.
type splitPair struct {
	a      *testEnv
	stA    *postgres.Store
	b      *Server
	ga, gb *gatedRenderer
	blobs  string
}

func newSplitPair(t *testing.T, modA, modB func(*Config)) *splitPair {
	t.Helper()
	pg := testpg.Start(t)
	dsn := pg.NewDatabase(t)
	ctx := context.Background()
	open := func() *postgres.Store {
		st, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	sp := &splitPair{stA: open(), ga: &gatedRenderer{EngineRenderer: &render.EngineRenderer{X264: engine.X264Bundled}}, gb: &gatedRenderer{EngineRenderer: &render.EngineRenderer{X264: engine.X264Bundled}}}
	sp.blobs = filepath.Join(t.TempDir(), "blobs")
	blobsA, err := blob.NewFS(sp.blobs)
	if err != nil {
		t.Fatal(err)
	}
	sp.a = newTestEnv(t, func(c *Config) {
		c.Store, c.Blobs, c.Renderer = sp.stA, blobsA, sp.ga
		c.SplitAbove = 5 * time.Second
		c.Heartbeat = 300 * time.Millisecond
		c.Logger = testLogger(t, "A")
		if modA != nil {
			modA(c)
		}
	})
	blobsB, err := blob.NewFS(sp.blobs)
	if err != nil {
		t.Fatal(err)
	}
	cfgB := Config{Store: open(), Blobs: blobsB, Renderer: sp.gb, Role: "worker", WorkDir: filepath.Join(t.TempDir(), "work-b"),
		SplitAbove: 5 * time.Second, Logger: testLogger(t, "B")}
	if modB != nil {
		modB(&cfgB)
	}
	if sp.b, err = New(cfgB); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		sp.b.Shutdown(ctx)
	})
	return sp
}

// renderWithA starts A, queues the render of video id and starts B
// while A (holding the job) decides on the split, so that A is the
// coordinator and B a segment worker whatever the scheduling.
func (sp *splitPair) renderWithA(t *testing.T, c *client, id string) {
	t.Helper()
	planning, bUp := make(chan struct{}), make(chan struct{})
	var once sync.Once
	sp.ga.plan = func(ctx context.Context) error {
		once.Do(func() { close(planning) })
		return waitFor(ctx, bUp, "B started")
	}
	ctx := context.Background()
	if err := sp.a.srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if r := c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil)); r["status"].(float64) != 7201 {
		t.Fatalf("render: %v", r)
	}
	if err := waitFor(ctx, planning, "A planning the render"); err != nil {
		t.Fatal(err)
	}
	if err := sp.b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	close(bUp)
}

// longVideo creates a 480p video of four 3 s photos and library music
// (12.4 s: two renditions, 360 and 480).
func longVideo(t *testing.T, c *client) string {
	t.Helper()
	var parts []string
	for i := range 4 {
		ph := c.putPhoto(testJPEG(t, 320, 240, uint8(40*i+10)))
		parts = append(parts, fmt.Sprintf(`{"name":"image","asset_id":%q,"start_time":%d,"end_time":%d,"data":{"caption":"Photo %d"}}`, ph, 3*i, 3*i+3, i+1))
	}
	parts = append(parts, `{"name":"music","asset_id":"lib-chords","start_time":0,"end_time":0}`)
	id := c.ok(c.form("POST", "/me/videos", "name", "Split"))["id"].(string)
	c.ok(c.form("POST", "/me/videos/"+id, "style", "vanilla", "quality", "480", "assets", "["+strings.Join(parts, ",")+"]"))
	return id
}

// blobFile copies a blob to a file for ffmpeg.
func blobFile(t *testing.T, s *Server, key string) string {
	t.Helper()
	b, err := s.blobs.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	path := filepath.Join(t.TempDir(), filepath.Base(key))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(f, b); err != nil {
		t.Fatal(err)
	}
	return path
}

// videoFrameMD5 is ffmpeg's framemd5 of a file's video, header lines
// dropped.
func videoFrameMD5(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:v", "-f", "framemd5", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg framemd5 %s: %v", path, err)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

// keyframeGap is the longest distance between keyframes (and from the
// last one to the end) in seconds, by ffprobe.
func keyframeGap(t *testing.T, path string) (gap float64, keys int) {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe packets %s: %v", path, err)
	}
	last, end := -1.0, 0.0
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(l, ",")
		ts, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			t.Fatalf("ffprobe line %q", l)
		}
		end = max(end, ts)
		if strings.Contains(f[1], "K") {
			if last >= 0 {
				gap = max(gap, ts-last)
			}
			last = ts
			keys++
		}
	}
	return max(gap, end-last), keys
}

// segmentBlobs lists what is left under the blob store's segments/.
func segmentBlobs(t *testing.T, dir string) []string {
	t.Helper()
	var left []string
	filepath.WalkDir(filepath.Join(dir, "segments"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			left = append(left, p)
		}
		return nil
	})
	return left
}

// TestSplitRenderAcrossServers: with two processes' render workers alive
// (two servers on one PostgreSQL database and one blob store), a video
// longer than SplitAbove is split: both servers render segments, the
// coordinator joins and publishes both renditions once, charges one
// credit, and leaves no segment rows or blobs. Each published MP4
// decodes to the same frames as engine.RenderSplit of the same project
// in one process (ffmpeg framemd5), keeps keyframes <= 2 s apart, and is
// at most 3 % larger than an unsplit engine.Render.
func TestSplitRenderAcrossServers(t *testing.T) {
	testlong.Require(t) // an end-to-end run of its own: see README, "Tests and benchmarks"
	probe := needFFprobe(t)
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed: it decodes the frames compared (apt-get install -y ffmpeg)")
	}
	bDone := make(chan struct{})
	var once sync.Once
	sp := newSplitPair(t, nil, nil)
	// The coordinator holds its first segment until B has rendered one,
	// so the split is shared whatever the scheduling.
	sp.ga.before = func(ctx context.Context, _ model.SegmentKey) error {
		return waitFor(ctx, bDone, "a segment rendered by B")
	}
	sp.gb.after = func(model.SegmentKey) { once.Do(func() { close(bDone) }) }
	ctx := context.Background()
	c := sp.a.addUser("ann", 3)
	id := longVideo(t, c)
	sp.renderWithA(t, c, id)
	vj := waitStatus(t, c, id, model.StatusPublished, model.StatusFailed)
	if vj["status"] != model.StatusPublished {
		t.Fatalf("split render failed: %v", vj["reason"])
	}
	a, b := sp.ga.rendered(), sp.gb.rendered()
	if len(a)+len(b) != 4 || len(a) == 0 || len(b) == 0 {
		t.Fatalf("segments rendered by A %v and B %v: want the 4 (2 renditions x 2) shared", a, b)
	}
	if u, _ := sp.stA.UserByUsername(ctx, "ann"); u.Credits == nil || *u.Credits != 2 {
		t.Fatalf("credits %v, want 2 (one render charged once)", u.Credits)
	}
	var jobs, done, segRows int
	// The video is published a moment before its job is finished.
	eventually(t, "the ledger job finished", func() bool {
		sp.stA.Pool().QueryRow(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE state='done') FROM jobs WHERE video_id=$1`, id).Scan(&jobs, &done)
		return done > 0
	})
	sp.stA.Pool().QueryRow(ctx, `SELECT COUNT(*) FROM segments`).Scan(&segRows)
	if jobs != 1 || done != 1 || segRows != 0 {
		t.Fatalf("jobs %d (done %d), segment rows %d: want 1, 1, 0", jobs, done, segRows)
	}
	if left := segmentBlobs(t, sp.blobs); len(left) != 0 {
		t.Fatalf("segment blobs left behind: %v", left)
	}

	v := sp.a.srv.mustVideo(t, id)
	if len(v.Renditions) != 2 {
		t.Fatalf("renditions %v, want 360 and 480", v.Renditions)
	}
	r := sp.a.srv.assets.Resolver(v.UserID)
	for q, size := range map[int][2]int{360: {640, 360}, 480: {854, 480}} {
		got := blobFile(t, sp.a.srv, v.Renditions[q].Blob)
		data, _ := os.ReadFile(got)
		checkMP4(t, ffprobe(t, probe, data), size[0], size[1])
		o := (&render.EngineRenderer{X264: engine.X264Bundled}).EngineOptions() // byte-deterministic: frames comparable across renders
		o.Renditions = []engine.Quality{engine.Quality(q)}
		onePath := filepath.Join(t.TempDir(), "one-process.mp4")
		o.Output = engine.ToFile(onePath)
		if _, err := engine.RenderSplit(ctx, render.Project(v), r, o, 2, nil); err != nil {
			t.Fatal(err)
		}
		want, have := videoFrameMD5(t, onePath), videoFrameMD5(t, got)
		if len(have) < 360 || !slices.Equal(want, have) {
			t.Fatalf("%dp: %d frames decoded from the published file, %d from RenderSplit in one process; equal: %v", q, len(have), len(want), slices.Equal(want, have))
		}
		if gap, keys := keyframeGap(t, got); gap > 2.0001 || keys < 8 {
			t.Fatalf("%dp: keyframes %d, longest gap %.3f s; want <= 2 s", q, keys, gap)
		}
		unsplit := filepath.Join(t.TempDir(), "unsplit.mp4")
		o.Output = engine.ToFile(unsplit)
		if _, err := engine.Render(ctx, render.Project(v), r, o); err != nil {
			t.Fatal(err)
		}
		plain, _ := os.Stat(unsplit)
		if over := float64(len(data))/float64(plain.Size()) - 1; over > 0.03 {
			t.Fatalf("%dp: split %d bytes, unsplit %d: +%.2f %%, want <= 3 %%", q, len(data), plain.Size(), 100*over)
		} else {
			t.Logf("%dp: %d frames identical; split %d bytes vs unsplit %d (%+.2f %%)", q, len(have), len(data), plain.Size(), 100*over)
		}
	}
}

// TestSplitRenderWorkerDies: B claims a segment and then stops
// heartbeating mid-render (as a SIGKILLed process does: its claim stays
// running); the coordinator takes the segment over once B is stale,
// renders it itself and publishes; nothing of B's claim is left.
func TestSplitRenderWorkerDies(t *testing.T) {
	testlong.Require(t) // an end-to-end run of its own: see README, "Tests and benchmarks"
	t.Parallel()
	probe := needFFprobe(t)
	bStarted := make(chan struct{})
	var once sync.Once
	sp := newSplitPair(t, func(c *Config) { c.StaleAfter = 6 * time.Second }, func(c *Config) {
		c.Heartbeat = time.Hour // B heartbeats once, at Start: then it looks dead
	})
	sp.ga.before = func(ctx context.Context, _ model.SegmentKey) error {
		return waitFor(ctx, bStarted, "a segment claimed by B")
	}
	sp.gb.before = func(ctx context.Context, _ model.SegmentKey) error {
		once.Do(func() { close(bStarted) })
		<-ctx.Done() // hangs until B is stopped at the end of the test
		return ctx.Err()
	}
	ctx := context.Background()
	c := sp.a.addUser("ann", 3)
	id := longVideo(t, c)
	sp.renderWithA(t, c, id)
	vj := waitStatus(t, c, id, model.StatusPublished, model.StatusFailed)
	if vj["status"] != model.StatusPublished {
		t.Fatalf("render failed: %v", vj["reason"])
	}
	if a, b := sp.ga.rendered(), sp.gb.rendered(); len(a) != 4 || len(b) != 0 {
		t.Fatalf("segments rendered by A %v, by B %v: want all 4 by A (B hung)", a, b)
	}
	v := sp.a.srv.mustVideo(t, id)
	data, _ := os.ReadFile(blobFile(t, sp.a.srv, v.Renditions[480].Blob))
	checkMP4(t, ffprobe(t, probe, data), 854, 480)
	var segRows int
	sp.stA.Pool().QueryRow(ctx, `SELECT COUNT(*) FROM segments`).Scan(&segRows)
	if u, _ := sp.stA.UserByUsername(ctx, "ann"); segRows != 0 || u.Credits == nil || *u.Credits != 2 {
		t.Fatalf("segment rows %d, credits %v: want 0 and 2", segRows, u.Credits)
	}
	// B is stopped (cancelling its hung segment): its claim was taken
	// over, so nothing it does now may leave a blob.
	sctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := sp.b.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal(err)
	}
	if left := segmentBlobs(t, sp.blobs); len(left) != 0 {
		t.Fatalf("segment blobs left behind: %v", left)
	}
}

// TestSplitRenderSegmentFails: a segment that fails in B (a transient
// fault there) goes back to the queue; the coordinator renders it and
// publishes, and B's failed claim leaves no blob.
func TestSplitRenderSegmentFails(t *testing.T) {
	t.Parallel()
	needFFprobe(t)
	bFailed := make(chan struct{})
	var once sync.Once
	sp := newSplitPair(t, nil, nil)
	sp.ga.before = func(ctx context.Context, _ model.SegmentKey) error {
		return waitFor(ctx, bFailed, "a segment failed in B")
	}
	sp.gb.before = func(ctx context.Context, _ model.SegmentKey) error {
		err := errors.New("disk full (test)")
		once.Do(func() { close(bFailed) })
		return err
	}
	c := sp.a.addUser("ann", 3)
	id := longVideo(t, c)
	sp.renderWithA(t, c, id)
	vj := waitStatus(t, c, id, model.StatusPublished, model.StatusFailed)
	if vj["status"] != model.StatusPublished {
		t.Fatalf("render failed: %v", vj["reason"])
	}
	if a, b := sp.ga.rendered(), sp.gb.rendered(); len(a) != 4 || len(b) != 0 {
		t.Fatalf("segments rendered by A %v, by B %v: want all 4 by A (B's failed)", a, b)
	}
	if v := sp.a.srv.mustVideo(t, id); len(v.Renditions) != 2 {
		t.Fatalf("renditions %v", v.Renditions)
	}
	if left := segmentBlobs(t, sp.blobs); len(left) != 0 {
		t.Fatalf("segment blobs left behind: %v", left)
	}
}

// TestSplitRenderSQLite: one SQLite process with two render workers and
// SplitAbove set splits too (its own segment worker helps its
// coordinator through the riversqlite queue), publishes both renditions
// and leaves no segment rows or blobs.
func TestSplitRenderSQLite(t *testing.T) {
	t.Parallel()
	probe := needFFprobe(t)
	g := &gatedRenderer{EngineRenderer: &render.EngineRenderer{}}
	e := newTestEnv(t, func(c *Config) {
		c.Renderer, c.Workers, c.SplitAbove = g, 2, 5*time.Second
		c.Logger = testLogger(t, "sqlite")
	})
	if err := e.srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := e.addUser("ann", 3)
	id := longVideo(t, c)
	if r := c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil)); r["status"].(float64) != 7201 {
		t.Fatalf("render: %v", r)
	}
	if vj := waitStatus(t, c, id, model.StatusPublished, model.StatusFailed); vj["status"] != model.StatusPublished {
		t.Fatalf("render failed: %v", vj["reason"])
	}
	if done := g.rendered(); len(done) != 4 {
		t.Fatalf("segments rendered %v, want 4 (2 renditions x 2)", done)
	}
	v := e.srv.mustVideo(t, id)
	data, _ := os.ReadFile(blobFile(t, e.srv, v.Renditions[480].Blob))
	checkMP4(t, ffprobe(t, probe, data), 854, 480)
	var rows int
	if err := e.store.DB().QueryRow(`SELECT COUNT(*) FROM segments`).Scan(&rows); err != nil || rows != 0 {
		t.Fatalf("segment rows %d %v, want 0", rows, err)
	}
	if left := segmentBlobs(t, filepath.Join(e.dir, "blobs")); len(left) != 0 {
		t.Fatalf("segment blobs left behind: %v", left)
	}
}
