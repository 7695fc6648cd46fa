package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	_ "modernc.org/sqlite" // database/sql driver "sqlite": the baseline's referenced blobs

	"github.com/reelkit/reel/internal/tests3"
)

// topoEnv is one run of the topology workload: the reeld binary, the
// processes, the users' clients and the callback receiver.
type topoEnv struct {
	t     *testing.T
	probe string
	bin   string
	root  string   // the processes' data directories and logs
	env   []string // extra environment of every process
	cb    *callbackCounter
	// apis are the two API endpoints the workload alternates between
	// (the same process twice for the single-process baseline).
	apis    []*reeldProc
	users   []string
	clients [][]*apiClient // [user][api]
	logs    []string
}

// built is the reeld binary, built once per test binary by reeldBinary
// and removed by TestMain.
var built struct {
	once sync.Once
	dir  string // the temporary directory holding it
	bin  string
	err  error
}

// reeldBinary builds the reeld binary (go build) the first time it is
// called and returns its path; every topology test runs that one binary.
func reeldBinary(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not in PATH: the topology test builds the reeld binary")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "reeld-test-bin"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "reeld")
		if out, err := exec.Command(gobin, "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build reeld: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// removeBuilt deletes what reeldBinary built (TestMain calls it).
func removeBuilt() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}

// newTopoEnv takes the reeld binary (built once per test binary) and
// starts the callback receiver.
func newTopoEnv(t *testing.T, probe string) *topoEnv {
	t.Helper()
	if _, err := os.Stat("/proc/loadavg"); err != nil {
		t.Skip("needs Linux (/proc) for the process topology")
	}
	e := &topoEnv{t: t, probe: probe, root: t.TempDir(), bin: reeldBinary(t), cb: newCallbackCounter(t)}
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		for _, l := range e.logs { // the processes' own account of what went wrong
			b, _ := os.ReadFile(l)
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			t.Logf("--- %s (last lines)\n%s", filepath.Base(l), strings.Join(lines[max(0, len(lines)-15):], "\n"))
		}
	})
	return e
}

// start runs the reeld binary as process name, with data directory
// ROOT/name, listening on addr. args starts with the command (serve,
// worker) unless it is the default.
func (e *topoEnv) start(name, addr string, args ...string) *reeldProc {
	e.t.Helper()
	return e.startIn(name, filepath.Join(e.root, name), addr, args...)
}

// startIn is start with an explicit data directory.
func (e *topoEnv) startIn(name, dir, addr string, args ...string) *reeldProc {
	e.t.Helper()
	var all []string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		all, args = []string{args[0]}, args[1:]
	}
	all = append(all, "--addr", addr, "--data", dir)
	cmd := exec.Command(e.bin, append(all, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOMEMLIMIT=") && !strings.HasPrefix(kv, "REEL_") && !strings.HasPrefix(kv, "AWS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, e.env...)
	log := filepath.Join(e.root, name+".log")
	f, err := os.Create(log)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { f.Close() })
	cmd.Stderr = f
	e.logs = append(e.logs, log)
	return startChild(e.t, cmd, dir)
}

// login logs every user in on both APIs (through the shared app).
func (e *topoEnv) login() {
	e.t.Helper()
	e.clients = nil
	for _, u := range e.users {
		var cs []*apiClient
		for _, p := range e.apis {
			cs = append(cs, loginApp(e.t, p.url, topoAppID, u, "pw-"+u))
		}
		e.clients = append(e.clients, cs)
	}
}

// workloadResult is what runWorkload observed.
type workloadResult struct {
	ids         []string
	previewed   map[string]bool
	start       time.Time     // the first create
	wall        time.Duration // first create to the last job's callback
	publishedAt map[string]time.Time
	load        [2]string // /proc/loadavg before and after
}

// runWorkload creates topoVideos videos, one photo each, through the two
// APIs alternately, each user's next video right after the previous one
// is queued for rendering (an API's POST /me/videos reuses a user's
// draft); runs during (when not nil) once every render is queued; queues
// a preview of every other video; and waits until every video is
// published, every preview made and every callback received. It then
// checks the videos and reads a sample of downloads with ffprobe.
func (e *topoEnv) runWorkload(during func()) workloadResult {
	t := e.t
	t.Helper()
	res := workloadResult{previewed: map[string]bool{}, publishedAt: map[string]time.Time{}}
	res.load[0] = loadavg()
	start := time.Now()
	res.start = start
	owner := map[string]int{}
	for i := range topoVideos {
		u := i % topoUsers
		c := e.clients[u][i%2]
		ph := c.obj(c.do("PUT", "/me/photos", bytes.NewReader(tinyJPEG(t, i)), ""))["id"].(string)
		body := fmt.Sprintf(`{"name":"topo %d","style":"vanilla","quality":360,"assets":[{"name":"image","asset_id":%q,"start_time":0,"end_time":1},{"name":"music","asset_id":"lib-chords"}]}`, i, ph)
		id := c.obj(c.do("POST", "/me/videos", strings.NewReader(body), "application/json"))["id"].(string)
		if _, dup := owner[id]; dup {
			t.Fatalf("video %d: POST /me/videos answered video %s again", i, id)
		}
		owner[id] = u
		if r := c.obj(c.do("POST", "/me/videos/"+id+"/render", nil, "")); r["status"] != float64(7201) {
			t.Fatalf("render %s: %v", id, r)
		}
		res.ids = append(res.ids, id)
	}
	if during != nil {
		during()
	}
	for i, id := range res.ids {
		if i%2 != 0 {
			continue
		}
		c := e.clients[i%topoUsers][(i/2)%2]
		if r := c.obj(c.do("POST", "/me/videos/"+id+"/preview", nil, "")); r["status"] != float64(7201) {
			t.Fatalf("preview %s: %v", id, r)
		}
		res.previewed[id] = true
	}
	wantCallbacks := len(res.ids) + len(res.previewed)
	deadline := start.Add(topoDeadline)
	var videos map[string]map[string]any
	for {
		videos = map[string]map[string]any{}
		published, previews := 0, 0
		for u := range e.users {
			c := e.clients[u][0]
			for _, x := range c.obj(c.do("GET", "/me/videos?count=100", nil, ""))["videos"].([]any) {
				v := x.(map[string]any)
				id := v["id"].(string)
				videos[id] = v
				switch v["status"] {
				case "published":
					published++
					if _, ok := res.publishedAt[id]; !ok {
						res.publishedAt[id] = time.Now()
					}
				case "failed":
					t.Fatalf("video %s failed: %v", id, v["reason"])
				}
				if _, ok := v["preview"]; ok && res.previewed[id] {
					previews++
				}
			}
		}
		got := e.cb.total()
		if published == len(res.ids) && previews == len(res.previewed) && got >= wantCallbacks {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %d of %d videos published, %d of %d previews, %d of %d callbacks",
				topoDeadline, published, len(res.ids), previews, len(res.previewed), got, wantCallbacks)
		}
		time.Sleep(250 * time.Millisecond)
	}
	res.wall = time.Since(start)
	res.load[1] = loadavg()

	// Each video: published once, with exactly the one rendition set of
	// its quality, and a preview exactly when one was asked for.
	for i, id := range res.ids {
		v := videos[id]
		rend, _ := v["video"].(map[string]any)
		thumbs, _ := v["thumbnail"].(map[string]any)
		if len(rend) != 1 || rend["360"] == nil || len(thumbs) != 1 || thumbs["360"] == nil {
			t.Errorf("video %d (%s): renditions %v, thumbnails %v; want exactly 360", i, id, rend, thumbs)
		}
		pv, hasPreview := v["preview"].(map[string]any)
		if hasPreview != res.previewed[id] || (hasPreview && (len(pv) != 1 || pv["144"] == nil)) {
			t.Errorf("video %d (%s): preview %v, asked for one: %v", i, id, v["preview"], res.previewed[id])
		}
	}
	// The oracle on a sample: one video (and one preview) per user,
	// downloaded through either API.
	for u := range e.users {
		id := res.ids[7*u] // owned by user 7u % 6 = u; previewed when even
		v := videos[id]
		e.probeDownload(e.apis[u%2].url, v["video"].(map[string]any)["360"].(map[string]any)["url"].(string), "h264,640,360")
		if pv, ok := v["preview"].(map[string]any); ok {
			e.probeDownload(e.apis[(u+1)%2].url, pv["144"].(map[string]any)["url"].(string), "h264,256,144")
		}
	}
	return res
}

// probeDownload fetches a rendition through the API at base (whatever
// host its URL names) and checks its streams with ffprobe.
func (e *topoEnv) probeDownload(base, url, want string) {
	t := e.t
	t.Helper()
	i := strings.Index(url, "/v/")
	if i < 0 {
		t.Fatalf("rendition URL %q has no /v/", url)
	}
	body := httpGet(t, base+url[i:], "", http.StatusOK)
	f := filepath.Join(t.TempDir(), "v.mp4")
	if err := os.WriteFile(f, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(e.probe, "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", f).CombinedOutput()
	if err != nil || !strings.Contains(string(out), want) || !strings.Contains(string(out), "aac") {
		t.Errorf("ffprobe %s: %v: %s (want %s and aac)", url, err, out, want)
	}
}

// checkCallbacks: exactly one video.created per video and one
// video.preview.created per previewed video, for the shared app, with
// links under the first API's URL; nothing else. Call it once every
// process has exited, so no late duplicate can still arrive.
func (e *topoEnv) checkCallbacks(res workloadResult) {
	t := e.t
	t.Helper()
	e.cb.mu.Lock()
	defer e.cb.mu.Unlock()
	for _, bad := range e.cb.bad {
		t.Error(bad)
	}
	want := map[[2]string]int{}
	for _, id := range res.ids {
		want[[2]string{id, "video.created"}] = 1
		if res.previewed[id] {
			want[[2]string{id, "video.preview.created"}] = 1
		}
	}
	for k, n := range e.cb.counts {
		if want[k] != n {
			t.Errorf("callback %s for video %s received %d times, want %d", k[1], k[0], n, want[k])
		}
	}
	for k := range want {
		if e.cb.counts[k] == 0 {
			t.Errorf("callback %s for video %s never received", k[1], k[0])
		}
	}
	for _, u := range e.cb.urls {
		if !strings.HasPrefix(u, e.apis[0].url+"/") {
			t.Errorf("callback link %s is not under the API's URL %s", u, e.apis[0].url)
		}
	}
}

// checkBlobs: every stored object is named by a photo, music or video
// row (no orphans: nothing left by the killed render, a re-run or a
// temporary upload), and every name in the rows is stored.
func (e *topoEnv) checkBlobs(referenced, stored []string, atLeast int) {
	t := e.t
	t.Helper()
	ref := map[string]bool{}
	for _, k := range referenced {
		ref[k] = true
	}
	have := map[string]bool{}
	for _, k := range stored {
		have[k] = true
		if !ref[k] {
			t.Errorf("orphaned blob %s: no row names it", k)
		}
	}
	for k := range ref {
		if !have[k] {
			t.Errorf("blob %s named by a row is not stored", k)
		}
	}
	if len(stored) < atLeast {
		t.Errorf("only %d blobs stored, want at least %d", len(stored), atLeast)
	}
}

// waitMetrics polls base's /metrics until every sample in want has its
// value (within 30 s; the liveness table and River's completions are
// written asynchronously), and fails the test otherwise.
func (e *topoEnv) waitMetrics(base string, want map[string]float64) {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		m, err := readMetrics(e.t.Context(), base)
		if err != nil {
			e.t.Fatal(err)
		}
		var wrong []string
		for k, v := range want {
			if got, ok := m[k]; !ok || got != v {
				wrong = append(wrong, fmt.Sprintf("%s = %v (present %v), want %v", k, got, ok, v))
			}
		}
		if len(wrong) == 0 {
			return
		}
		if time.Now().After(deadline) {
			sort.Strings(wrong)
			e.t.Errorf("%s/metrics after 30 s:\n%s", base, strings.Join(wrong, "\n"))
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// report logs the run's wall time and throughput (the numbers in
// docs/DEPLOY.md).
func (e *topoEnv) report(what string, res workloadResult) {
	jobs := len(res.ids) + len(res.previewed)
	e.t.Logf("%s: %d renders + %d previews in %.1f s wall = %.1f jobs/min; load average before %s, after %s",
		what, len(res.ids), len(res.previewed), res.wall.Seconds(), float64(jobs)/res.wall.Minutes(), res.load[0], res.load[1])
}

// loadavg is /proc/loadavg's 1, 5 and 15 minute load averages.
func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// tinyJPEG is a 64x36 photo whose colours depend on i (no two alike).
func tinyJPEG(t *testing.T, i int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 36))
	for y := range 36 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{uint8(x*4 + i), uint8(y*7 + 3*i), uint8(90 + 2*i), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// callbackCounter is the apps' callback receiver: it counts the POSTs
// it acknowledges (200) per (video id, type). While refusing it answers
// 503 and counts nothing: the sender retries later.
type callbackCounter struct {
	srv      *httptest.Server
	mu       sync.Mutex
	refusing bool
	refused  int
	counts   map[[2]string]int
	urls     []string // the links in the callbacks
	bad      []string // malformed or foreign callbacks
}

// refuse turns refusing on or off.
func (c *callbackCounter) refuse(on bool) {
	c.mu.Lock()
	c.refusing = on
	c.mu.Unlock()
}

func newCallbackCounter(t *testing.T) *callbackCounter {
	c := &callbackCounter{counts: map[[2]string]int{}}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var cb struct {
			Type string `json:"type"`
			Data struct {
				Object struct {
					ID    string `json:"id"`
					Video []struct {
						URL string `json:"url"`
					} `json:"video"`
				} `json:"object"`
				Meta struct {
					AppID string `json:"app_id"`
				} `json:"meta"`
			} `json:"data"`
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.refusing {
			c.refused++
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		switch err := json.Unmarshal(b, &cb); {
		case r.Method != http.MethodPost || err != nil || cb.Data.Object.ID == "":
			c.bad = append(c.bad, fmt.Sprintf("callback %s: %v: %s", r.Method, err, b))
		case cb.Data.Meta.AppID != topoAppID:
			c.bad = append(c.bad, fmt.Sprintf("callback for app %q: %s", cb.Data.Meta.AppID, b))
		default:
			c.counts[[2]string{cb.Data.Object.ID, cb.Type}]++
			for _, v := range cb.Data.Object.Video {
				c.urls = append(c.urls, v.URL)
			}
		}
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *callbackCounter) url() string { return c.srv.URL + "/callback" }

// total is the number of well-formed callbacks received.
func (c *callbackCounter) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.counts {
		n += v
	}
	return n
}

// pgReferenced lists the blob keys the PostgreSQL database db names.
func pgReferenced(t *testing.T, db string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var keys []string
	for _, q := range referencedQueries {
		rows, err := conn.Query(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			keys = append(keys, s)
		}
		if rows.Err() != nil {
			t.Fatal(rows.Err())
		}
	}
	return blobKeys(t, keys)
}

// sqliteReferenced lists the blob keys the SQLite database file names.
func sqliteReferenced(t *testing.T, file string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var keys []string
	for _, q := range referencedQueries {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			keys = append(keys, s)
		}
		rows.Close()
	}
	return blobKeys(t, keys)
}

// referencedQueries select every column that names blobs: plain keys,
// or the JSON of a video's renditions and preview.
var referencedQueries = []string{
	`SELECT blob FROM photos`, `SELECT thumb_blob FROM photos`, `SELECT blob FROM musics`,
	`SELECT renditions FROM videos`, `SELECT preview FROM videos`,
}

// blobKeys turns referencedQueries' values into keys: JSON renditions
// ({"360":{"blob":..,"thumb_blob":..}}) and previews ({"blob":..}) give
// their keys, plain values are keys, empty and "null" name nothing.
func blobKeys(t *testing.T, vals []string) []string {
	type rend struct {
		Blob      string `json:"blob"`
		ThumbBlob string `json:"thumb_blob"`
	}
	var keys []string
	add := func(r rend) {
		for _, k := range []string{r.Blob, r.ThumbBlob} {
			if k != "" {
				keys = append(keys, k)
			}
		}
	}
	for _, v := range vals {
		switch {
		case v == "" || v == "null" || v == "{}":
		case strings.HasPrefix(v, `{"blob"`):
			var r rend
			if err := json.Unmarshal([]byte(v), &r); err != nil {
				t.Fatalf("preview %s: %v", v, err)
			}
			add(r)
		case strings.HasPrefix(v, "{"):
			var m map[string]rend
			if err := json.Unmarshal([]byte(v), &m); err != nil {
				t.Fatalf("renditions %s: %v", v, err)
			}
			for _, r := range m {
				add(r)
			}
		default:
			keys = append(keys, v)
		}
	}
	return keys
}

// s3Objects lists the keys under prefix in bucket (without the prefix).
func s3Objects(t *testing.T, gw *tests3.Server, bucket, prefix string) []string {
	t.Helper()
	c, err := minio.New(strings.TrimPrefix(gw.Endpoint, "http://"), &minio.Options{
		Creds: credentials.NewStaticV4(tests3.AccessKey, tests3.SecretKey, ""), Region: tests3.Region,
	})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for o := range c.ListObjects(context.Background(), bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		k, ok := strings.CutPrefix(o.Key, prefix)
		if !ok {
			t.Errorf("object %s outside the prefix %s", o.Key, prefix)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// fsObjects lists the files under dir as slash-separated keys.
func fsObjects(t *testing.T, dir string) []string {
	t.Helper()
	var keys []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		keys = append(keys, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}
