package server

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/render"
	"github.com/reelkit/reel/server/store/sqlite"
)

const (
	testAppID     = "test-app"
	testAppSecret = "test-secret"
)

// testEnv is a server on a real listener with a real SQLite database.
type testEnv struct {
	t     testing.TB
	srv   *Server
	ts    *httptest.Server
	store *sqlite.Store
	dir   string
}

func newTestEnv(t testing.TB, mod func(*Config)) *testEnv {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "reel.db"))
	if err != nil {
		t.Fatal(err)
	}
	bl, err := blob.NewFS(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Store: st, Blobs: bl, Apps: []App{{ID: testAppID, Secret: testAppSecret}},
		Renderer: &render.EngineRenderer{}, WorkDir: filepath.Join(dir, "work"), RateLimit: 1000}
	if mod != nil {
		mod(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	srv.cfg.ListenURL = ts.URL
	e := &testEnv{t: t, srv: srv, ts: ts, store: st, dir: dir}
	t.Cleanup(func() {
		ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		st.Close()
	})
	return e
}

// client is an authenticated API client.
type client struct {
	e          *testEnv
	key, token string
	id         string
}

type resp struct {
	code int
	body []byte
	hdr  http.Header
}

func (r resp) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response %d is not a JSON object: %v: %s", r.code, err, r.body)
	}
	return m
}

// errorStatus checks the seed's error shape and returns body status.
func (r resp) errorStatus(t *testing.T) int {
	t.Helper()
	m := r.json(t)
	e, ok := m["error"].(map[string]any)
	if !ok || e["message"] == "" {
		t.Fatalf("no error.message in %s", r.body)
	}
	n, _ := m["status"].(float64)
	return int(n)
}

func (e *testEnv) do(method, path string, body io.Reader, hdr map[string]string) resp {
	e.t.Helper()
	u := path
	if !strings.HasPrefix(path, "http") {
		u = e.ts.URL + path
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if body == nil || hdr["Content-Type"] == "" {
		req.Header.Del("Content-Type")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{code: res.StatusCode, body: b, hdr: res.Header}
}

func form(kv ...string) (io.Reader, map[string]string) {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return strings.NewReader(v.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
}

func (e *testEnv) loginApp(device string) *client {
	e.t.Helper()
	b, h := form("app_id", testAppID, "app_secret", testAppSecret, "device_id", device)
	r := e.do("POST", "/login/app", b, h)
	if r.code != 200 {
		e.t.Fatalf("login/app: %d %s", r.code, r.body)
	}
	return e.clientFrom(r)
}

func (e *testEnv) clientFrom(r resp) *client {
	m := r.json(e.t)
	c := &client{e: e, key: m["access_key"].(string), token: m["access_token"].(string), id: m["id"].(string)}
	if c.key == "" || len(c.token) < 32 || c.id == "" {
		e.t.Fatalf("bad login response %s", r.body)
	}
	return c
}

func (e *testEnv) addUser(name string, credits int64) *client {
	e.t.Helper()
	if _, err := auth.AddUser(context.Background(), e.srv.store, name, "pw-"+name, "", credits); err != nil {
		e.t.Fatal(err)
	}
	b, h := form("username", name, "password", "pw-"+name, "app_id", testAppID)
	r := e.do("POST", "/login", b, h)
	if r.code != 200 {
		e.t.Fatalf("login: %d %s", r.code, r.body)
	}
	return e.clientFrom(r)
}

func (c *client) do(method, path string, body io.Reader, hdr map[string]string) resp {
	c.e.t.Helper()
	h := map[string]string{"X-Access-Key": c.key, "X-Access-Token": c.token}
	for k, v := range hdr {
		h[k] = v
	}
	return c.e.do(method, path, body, h)
}

func (c *client) form(method, path string, kv ...string) resp {
	c.e.t.Helper()
	b, h := form(kv...)
	return c.do(method, path, b, h)
}

// ok asserts a 200 and decodes the object.
func (c *client) ok(r resp) map[string]any {
	c.e.t.Helper()
	if r.code != 200 {
		c.e.t.Fatalf("want 200, got %d: %s", r.code, r.body)
	}
	return r.json(c.e.t)
}

func (c *client) putPhoto(b []byte) string {
	c.e.t.Helper()
	m := c.ok(c.do("PUT", "/me/photos", bytes.NewReader(b), nil))
	return m["id"].(string)
}

func (c *client) putMusic(b []byte, hdr map[string]string) map[string]any {
	c.e.t.Helper()
	return c.ok(c.do("PUT", "/me/musics", bytes.NewReader(b), hdr))
}

// testJPEG draws a w x h gradient with a coloured block.
func testJPEG(t testing.TB, w, h int, seed uint8) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), seed, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testPNG(t testing.TB, w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readTestdata(t testing.TB, rel string) []byte {
	b, err := os.ReadFile(filepath.Join("..", "testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustAddr(t *testing.T, s string) netip.Addr {
	a, err := netip.ParseAddr(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// newMultipart writes fields as multipart/form-data and returns the
// Content-Type.
func newMultipart(w io.Writer, fields map[string]string) string {
	mw := multipart.NewWriter(w)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	return mw.FormDataContentType()
}
