package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

func TestLoginAndAuth(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("dev1")
	me := c.ok(c.do("GET", "/me", nil, nil))
	if me["id"] != c.id {
		t.Fatalf("/me id %v, login id %v", me["id"], c.id)
	}
	// The same app logging in again is the same user with a new token.
	c2 := e.loginApp("dev2")
	if c2.id != c.id || c2.token == c.token || c2.key == c.key {
		t.Fatalf("second login: id %s/%s token reuse %v", c2.id, c.id, c2.token == c.token)
	}
	// Only the hash of the token is stored.
	tok, err := e.store.TokenByKey(context.Background(), c.key)
	if err != nil || bytes.Contains(tok.Hash, []byte(c.token)) || len(tok.Hash) != 32 {
		t.Fatalf("stored token: %v %x", err, tok.Hash)
	}

	for _, tc := range []struct {
		name string
		hdr  map[string]string
	}{
		{"missing", nil},
		{"key only", map[string]string{"X-Access-Key": c.key}},
		{"bad token", map[string]string{"X-Access-Key": c.key, "X-Access-Token": otherLastChar(c.token)}},
		{"other key", map[string]string{"X-Access-Key": c2.key, "X-Access-Token": c.token}},
		{"unknown key", map[string]string{"X-Access-Key": "nope", "X-Access-Token": c.token}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/me", "/me/videos", "/me/photos", "/me/musics", "/me/styles"} {
				r := e.do("GET", path, nil, tc.hdr)
				if r.code != 401 || r.errorStatus(t) != 401 {
					t.Errorf("%s: %d %s", path, r.code, r.body)
				}
			}
		})
	}

	bad := []struct{ path, body string }{
		{"/login/app", "app_id=test-app&app_secret=wrong"},
		{"/login/app", "app_id=nope&app_secret=test-secret"},
		{"/login", "username=nobody&password=x&app_id=test-app"},
	}
	e.addUser("ann", -1)
	bad = append(bad, struct{ path, body string }{"/login", "username=ann&password=wrong&app_id=test-app"},
		struct{ path, body string }{"/login", "username=ann&password=pw-ann&app_id=other"})
	for _, b := range bad {
		r := e.do("POST", b.path, strings.NewReader(b.body), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		if r.code != 401 {
			t.Errorf("%s %s: %d %s", b.path, b.body, r.code, r.body)
		}
	}
	// JSON login works too.
	r := e.do("POST", "/login", strings.NewReader(`{"username":"ann","password":"pw-ann","app_id":"test-app"}`), map[string]string{"Content-Type": "application/json"})
	if r.code != 200 {
		t.Fatalf("JSON login: %d %s", r.code, r.body)
	}
}

func TestPublicEndpointsWithOrWithoutAuth(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("d")
	for _, path := range []string{"/styles", "/styles/vanilla", "/musics", "/healthz", "/metrics"} {
		for _, hdr := range []map[string]string{nil, {"X-Access-Key": c.key, "X-Access-Token": c.token}} {
			if r := e.do("GET", path, nil, hdr); r.code != 200 {
				t.Errorf("%s: %d %s", path, r.code, r.body)
			}
		}
	}
	st := e.do("GET", "/styles", nil, nil).json(t)
	data := st["data"].([]any)
	if len(data) == 0 {
		t.Fatal("no styles")
	}
	s0 := data[0].(map[string]any)
	for _, k := range []string{"machine_name", "name", "description", "category", "thumbnail", "sample_url", "limits", "quality"} {
		if _, ok := s0[k]; !ok {
			t.Errorf("style object lacks %q", k)
		}
	}
	if r := e.do("GET", "/styles/no-such-style", nil, nil); r.code != 404 {
		t.Errorf("unknown style: %d", r.code)
	}
	ms := e.do("GET", "/musics", nil, nil).json(t)["musics"].([]any)
	if len(ms) < 2 {
		t.Fatalf("library: %v", ms)
	}
	m0 := ms[0].(map[string]any)
	if m0["duration"].(float64) < 1 {
		t.Errorf("library track duration %v", m0["duration"])
	}
	// The library's files are served.
	f := e.do("GET", m0["url"].(string), nil, nil)
	if f.code != 200 || sniffAudioType(f.body) != "audio/mpeg" {
		t.Errorf("library file: %d, %d bytes", f.code, len(f.body))
	}
	met := string(e.do("GET", "/metrics", nil, nil).body)
	for _, want := range []string{"reeld_http_requests_total{route=\"GET /styles\",code=\"200\"}", "reeld_queue_jobs{state=\"queued\"} 0", "reeld_render_seconds_total", "reeld_render_fps"} {
		if !strings.Contains(met, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func sniffAudioType(b []byte) string {
	if info, err := probeAudio(b); err == nil {
		return info.ContentType
	}
	return ""
}

func TestUploads(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) {
		c.MaxPhotoBytes = 200 << 10
		c.MaxMusicBytes = 300 << 10
		c.MaxPixels = 1000 * 1000
	})
	c := e.loginApp("d")
	jpg := testJPEG(t, 64, 48, 1)
	tagged := readTestdata(t, "music/demo.mp3")
	untagged := readTestdata(t, "music/chords48k_stereo_vbr.mp3")
	for _, tc := range []struct {
		name   string
		method string
		path   string
		body   []byte
		hdr    map[string]string
		code   int
	}{
		{"jpeg without content type", "PUT", "/me/photos", jpg, nil, 200},
		{"png", "PUT", "/me/photos", testPNG(t, 30, 20), map[string]string{"Content-Type": "image/png"}, 200},
		{"jpeg labelled octet-stream", "PUT", "/me/photos", jpg, map[string]string{"Content-Type": "application/octet-stream"}, 200},
		{"text as photo", "PUT", "/me/photos", []byte("hello, this is not an image"), nil, 415},
		{"mp3 as photo", "PUT", "/me/photos", tagged[:4096], nil, 415},
		{"corrupt jpeg", "PUT", "/me/photos", append(append([]byte{}, jpg[:200]...), bytes.Repeat([]byte{0}, 100)...), nil, 400},
		{"truncated jpeg header", "PUT", "/me/photos", jpg[:4], nil, 400},
		{"oversized photo", "PUT", "/me/photos", bytes.Repeat([]byte{0xFF}, 201<<10), nil, 413},
		{"too many pixels", "PUT", "/me/photos", testPNG(t, 1200, 1000), nil, 413},
		{"empty photo", "PUT", "/me/photos", nil, nil, 400},
		{"jpeg as music", "PUT", "/me/musics", jpg, nil, 415},
		{"text as music", "PUT", "/me/musics", []byte("just some text, not audio at all......"), nil, 415},
		{"corrupt mp3", "PUT", "/me/musics", append([]byte("ID3\x03\x00\x00\x00\x00\x00\x10"), bytes.Repeat([]byte{0x55}, 5000)...), nil, 400},
		{"oversized music", "PUT", "/me/musics", append(append([]byte{}, tagged...), tagged...), nil, 413},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do(tc.method, tc.path, bytes.NewReader(tc.body), tc.hdr)
			if r.code != tc.code {
				t.Fatalf("want %d, got %d: %s", tc.code, r.code, r.body)
			}
			if tc.code != 200 && r.errorStatus(t) != tc.code {
				t.Fatalf("body status: %s", r.body)
			}
		})
	}

	// Photo object and files.
	ph := c.ok(c.do("PUT", "/me/photos", bytes.NewReader(jpg), nil))
	orig := e.do("GET", ph["url"].(string), nil, nil)
	if orig.code != 200 || !bytes.Equal(orig.body, jpg) {
		t.Fatalf("photo url: %d, %d bytes", orig.code, len(orig.body))
	}
	th := e.do("GET", ph["thumbnail_url"].(string), nil, nil)
	if th.code != 200 || sniffImage(th.body) != "image/jpeg" {
		t.Fatalf("thumbnail: %d", th.code)
	}

	// Music: ID3 tags, headers, Untitled.
	m := c.putMusic(tagged, nil)
	if m["title"] != "Reel demo (synthesised)" || m["artist"] != "reel test suite" || m["duration"].(float64) < 31 {
		t.Errorf("ID3 music: %v", m)
	}
	m = c.putMusic(untagged, nil)
	if m["title"] != "Untitled" {
		t.Errorf("untagged music title %v", m["title"])
	}
	// The same bytes again are the same track, stored once: its title
	// stays; headers name a new upload's.
	if again := c.putMusic(untagged, map[string]string{"Music-Title": "My Song"}); again["id"] != m["id"] || again["title"] != "Untitled" {
		t.Errorf("identical upload: %v, want track %v again", again, m["id"])
	}
	m = c.putMusic(append(slices.Clone(untagged), 0), map[string]string{"Music-Title": "My Song", "Music-Artist": "Me"})
	if m["title"] != "My Song" || m["artist"] != "Me" {
		t.Errorf("header music: %v", m)
	}
	for _, k := range []string{"id", "title", "artist", "duration", "url", "preview_url"} {
		if _, ok := m[k]; !ok {
			t.Errorf("music object lacks %q", k)
		}
	}
	list := c.ok(c.do("GET", "/me/musics", nil, nil))["musics"].([]any)
	if len(list) != 3 {
		t.Errorf("%d musics listed", len(list))
	}
}

func TestOtherUsersObjectsAre404(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	a := e.addUser("alice", -1)
	b := e.addUser("bob", -1)
	photo := a.putPhoto(testJPEG(t, 32, 32, 2))
	music := a.putMusic(readTestdata(t, "music/tone22k_mono_cbr.mp3"), nil)["id"].(string)
	video := a.ok(a.form("POST", "/me/videos", "name", "Alice's"))["id"].(string)
	for _, req := range []struct{ method, path string }{
		{"GET", "/me/photos/" + photo}, {"DELETE", "/me/photos/" + photo},
		{"GET", "/me/musics/" + music}, {"DELETE", "/me/musics/" + music},
		{"GET", "/me/videos/" + video}, {"POST", "/me/videos/" + video}, {"DELETE", "/me/videos/" + video},
		{"POST", "/me/videos/" + video + "/render"}, {"POST", "/me/videos/" + video + "/preview"},
		{"POST", "/me/videos/" + video + "/duplicate"},
	} {
		r := b.do(req.method, req.path, nil, nil)
		if r.code != 404 || r.errorStatus(t) != 404 {
			t.Errorf("bob %s %s: %d %s", req.method, req.path, r.code, r.body)
		}
	}
	// Bob cannot put Alice's photo into his video.
	bv := b.ok(b.form("POST", "/me/videos", "name", "Bob's"))["id"].(string)
	r := b.form("POST", "/me/videos/"+bv, "assets", fmt.Sprintf(`[{"name":"image","asset_id":%q}]`, photo))
	if r.code != 400 {
		t.Errorf("foreign asset: %d %s", r.code, r.body)
	}
	// Alice still has everything.
	a.ok(a.do("GET", "/me/photos/"+photo, nil, nil))
	a.ok(a.do("GET", "/me/videos/"+video, nil, nil))
	if len(b.ok(b.do("GET", "/me/videos", nil, nil))["videos"].([]any)) != 1 {
		t.Error("bob sees other videos")
	}
}

func TestDraftSemanticsAndUpdate(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("d")
	photo := c.putPhoto(testJPEG(t, 64, 36, 3))
	v1 := c.ok(c.form("POST", "/me/videos", "name", "First"))
	for _, k := range []string{"id", "name", "status", "style", "quality", "duration", "assets", "credit", "tags", "owner", "video", "thumbnail", "created_on", "modified_on", "view", "comment_count"} {
		if _, ok := v1[k]; !ok {
			t.Errorf("video object lacks %q", k)
		}
	}
	if v1["status"] != "initial" || v1["video"] != nil || v1["quality"].(float64) != 360 {
		t.Fatalf("new video: %v", v1)
	}
	if _, ok := v1["aspect"]; ok {
		t.Errorf("a video without an aspect shows one: %v", v1["aspect"])
	}
	own := v1["owner"].(map[string]any)
	if own["id"] != c.id {
		t.Errorf("owner %v", own)
	}
	// POST /me/videos again returns the same draft, renamed.
	v2 := c.ok(c.form("POST", "/me/videos", "name", "Renamed"))
	if v2["id"] != v1["id"] || v2["name"] != "Renamed" {
		t.Fatalf("draft not reused: %v vs %v", v2["id"], v1["id"])
	}
	// Without a name it is returned unchanged.
	v3 := c.ok(c.do("POST", "/me/videos", nil, nil))
	if v3["id"] != v1["id"] || v3["name"] != "Renamed" {
		t.Fatalf("draft without name: %v", v3)
	}
	id := v1["id"].(string)

	// Form-encoded with JSON strings inside fields; quality as a string;
	// caption in data.caption.
	assets := fmt.Sprintf(`[{"name":"image","asset_id":%q,"data":{"caption":"Hello"}},{"name":"text","data":{"title":null,"text":"Sub"}},{"name":"music","asset_id":"lib-chords"}]`, photo)
	v := c.ok(c.form("POST", "/me/videos/"+id, "style", "vanilla", "quality", "720", "assets", assets, "credit", `[["Music","Reel"],["Photos","Me"]]`))
	if v["style"] != "vanilla" || v["quality"].(float64) != 720 {
		t.Fatalf("update: %v", v)
	}
	as := v["assets"].([]any)
	if len(as) != 3 || as[0].(map[string]any)["data"].(map[string]any)["text"] != "Hello" || as[0].(map[string]any)["asset_id"] != photo {
		t.Fatalf("assets: %v", as)
	}
	if cr := v["credit"].([]any); len(cr) != 2 || cr[0].([]any)[0] != "Music" {
		t.Fatalf("credit: %v", cr)
	}
	// JSON body: quality as a number, assets as an array.
	body := fmt.Sprintf(`{"quality":480,"assets":[{"name":"image","asset_id":%q,"data":{"text":"Hi"}},{"name":"music","asset_id":"lib-demo"}]}`, photo)
	v = c.ok(c.do("POST", "/me/videos/"+id, strings.NewReader(body), map[string]string{"Content-Type": "application/json"}))
	if v["quality"].(float64) != 480 || len(v["assets"].([]any)) != 2 || v["style"] != "vanilla" {
		t.Fatalf("JSON update: %v", v)
	}
	// Multipart.
	var mp bytes.Buffer
	mw := newMultipart(&mp, map[string]string{"name": "Multi", "quality": "360"})
	v = c.ok(c.do("POST", "/me/videos/"+id, &mp, map[string]string{"Content-Type": mw}))
	if v["name"] != "Multi" || v["quality"].(float64) != 360 {
		t.Fatalf("multipart update: %v", v)
	}
	// Invalid input: 400 with a message.
	for _, kv := range [][]string{
		{"quality", "1440"}, {"aspect", "3:2"}, {"aspect", "16/9"}, {"quality", "abc"}, {"quality", "0"}, {"assets", "[{"}, {"assets", `[{"name":"video"}]`},
		{"assets", `[{"name":"image","asset_id":"missing"}]`}, {"credit", `{"a":1}`}, {"assets", `{"name":"image"}`},
	} {
		r := c.form("POST", "/me/videos/"+id, kv...)
		if r.code != 400 || r.errorStatus(t) != 400 {
			t.Errorf("%v: %d %s", kv, r.code, r.body)
		}
	}
	// An unknown style is Picovico's 7401, at update as at render.
	if r := c.form("POST", "/me/videos/"+id, "style", "nope"); r.code != 400 || r.errorStatus(t) != 7401 {
		t.Errorf("style nope: %d %s, want 400/7401", r.code, r.body)
	}
	r := c.do("POST", "/me/videos/"+id, strings.NewReader("<xml/>"), map[string]string{"Content-Type": "text/xml"})
	if r.code != 415 {
		t.Errorf("xml body: %d", r.code)
	}
	r = c.do("POST", "/me/videos/"+id, strings.NewReader(`{"name":"`+strings.Repeat("x", 2<<20)+`"}`), map[string]string{"Content-Type": "application/json"})
	if r.code != 413 || r.errorStatus(t) != 413 {
		t.Errorf("2 MB JSON: %d", r.code)
	}

	// Duplicate makes a new draft; delete removes.
	d := c.ok(c.do("POST", "/me/videos/"+id+"/duplicate", nil, nil))
	if d["id"] == id || d["name"] != "Multi" || d["status"] != "initial" {
		t.Fatalf("duplicate: %v", d)
	}
	del := c.ok(c.do("DELETE", "/me/videos/"+id, nil, nil))
	if del["message"] != "Video deleted" {
		t.Fatalf("delete: %v", del)
	}
	if r := c.do("GET", "/me/videos/"+id, nil, nil); r.code != 404 {
		t.Fatalf("deleted video: %d", r.code)
	}
}

func TestRenderStatusCodes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.Renderer = &render.EngineRenderer{} })
	c := e.loginApp("d")
	photo := c.putPhoto(testJPEG(t, 64, 36, 4))
	img := fmt.Sprintf(`{"name":"image","asset_id":%q}`, photo)
	music := `{"name":"music","asset_id":"lib-chords"}`
	for _, tc := range []struct {
		name   string
		fields []string
		code   int
	}{
		{"no title", []string{"name", "", "style", "vanilla", "assets", "[" + img + "," + music + "]"}, 7404},
		{"no assets", []string{"name", "T", "style", "vanilla", "assets", "[" + music + "]"}, 7403},
		{"no music", []string{"name", "T", "style", "vanilla", "assets", "[" + img + "]"}, 7402},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := c.ok(c.do("POST", "/me/videos/"+c.ok(c.do("POST", "/me/videos", nil, nil))["id"].(string), nil, nil))
			id := v["id"].(string)
			c.ok(c.form("POST", "/me/videos/"+id, tc.fields...))
			r := c.do("POST", "/me/videos/"+id+"/render", nil, nil)
			if r.code != 400 || r.errorStatus(t) != tc.code {
				t.Fatalf("want 400/%d, got %d %s", tc.code, r.code, r.body)
			}
			if got := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))["status"]; got != "initial" {
				t.Fatalf("status after refused render: %v", got)
			}
		})
	}
	// 7405: a user with no credits left.
	poor := e.addUser("poor", 0)
	ph := poor.putPhoto(testJPEG(t, 64, 36, 5))
	id := poor.ok(poor.form("POST", "/me/videos", "name", "T", "style", "vanilla",
		"assets", fmt.Sprintf(`[{"name":"image","asset_id":%q},%s]`, ph, music)))["id"].(string)
	r := poor.do("POST", "/me/videos/"+id+"/render", nil, nil)
	if r.code != 400 || r.errorStatus(t) != 7405 {
		t.Fatalf("want 7405, got %d %s", r.code, r.body)
	}
	if st := poor.ok(poor.do("GET", "/me/videos/"+id, nil, nil))["status"]; st != "initial" {
		t.Fatalf("status %v", st)
	}
}

func TestPagingSameSecond(t *testing.T) {
	t.Parallel()
	fixed := time.Unix(1_700_000_000, 0)
	e := newTestEnv(t, func(c *Config) { c.Now = func() time.Time { return fixed } })
	c := e.loginApp("d")
	want := map[string]bool{}
	ctx := context.Background()
	for i := 0; i < 40; i++ {
		v := &model.Video{ID: auth.NewID(), UserID: c.id, Name: fmt.Sprint("v", i), Status: model.StatusPublished, Quality: 360, CreatedOn: fixed, ModifiedOn: fixed}
		if i >= 35 { // a few in later seconds
			v.CreatedOn = fixed.Add(time.Duration(i-34) * time.Second)
		}
		if err := e.store.CreateVideo(ctx, v); err != nil {
			t.Fatal(err)
		}
		want[v.ID] = true
	}
	for _, count := range []int{1, 7, 15, 40, 100} {
		seen := map[string]bool{}
		var order []map[string]any
		next := fmt.Sprintf("/me/videos?count=%d", count)
		pages := 0
		for next != "" {
			pages++
			if pages > 100 {
				t.Fatal("paging does not end")
			}
			m := c.ok(c.do("GET", next, nil, nil))
			pg := m["paging"].(map[string]any)
			if int(pg["count"].(float64)) != count {
				t.Fatalf("paging.count %v", pg["count"])
			}
			vs := m["videos"].([]any)
			// Past count only to finish the second of its count-th video.
			for i := count; i < len(vs); i++ {
				if vs[i].(map[string]any)["created_on"] != vs[count-1].(map[string]any)["created_on"] {
					t.Fatalf("%d videos in a page of %d, the extra ones from another second", len(vs), count)
				}
			}
			for _, x := range vs {
				v := x.(map[string]any)
				if seen[v["id"].(string)] {
					t.Fatalf("count=%d: %s repeated", count, v["id"])
				}
				seen[v["id"].(string)] = true
				order = append(order, v)
			}
			next, _ = pg["next_url"].(string)
		}
		if len(seen) != 40 {
			t.Fatalf("count=%d: saw %d of 40 videos", count, len(seen))
		}
		for i := 1; i < len(order); i++ {
			a, b := order[i-1], order[i]
			if a["created_on"].(float64) < b["created_on"].(float64) ||
				(a["created_on"] == b["created_on"] && a["id"].(string) < b["id"].(string)) {
				t.Fatalf("not newest first at %d", i)
			}
		}
	}
	// prev_url walks back up without gaps.
	m := c.ok(c.do("GET", "/me/videos?count=2", nil, nil))
	first := m["videos"].([]any)
	m = c.ok(c.do("GET", m["paging"].(map[string]any)["next_url"].(string), nil, nil))
	second := m["videos"].([]any)
	prev := c.ok(c.do("GET", m["paging"].(map[string]any)["prev_url"].(string), nil, nil))
	pv := prev["videos"].([]any)
	if len(pv) != 2 || pv[0].(map[string]any)["id"] != first[0].(map[string]any)["id"] || pv[1].(map[string]any)["id"] != first[1].(map[string]any)["id"] {
		t.Fatalf("prev page differs from first page")
	}
	if len(second) != 2 {
		t.Fatalf("second page %d", len(second))
	}
	if r := c.do("GET", "/me/videos?count=x", nil, nil); r.code != 400 {
		t.Errorf("bad count: %d", r.code)
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.RateLimit = 0.001; c.RateBurst = 3 })
	c := e.loginApp("d")
	var codes []int
	for i := 0; i < 5; i++ {
		codes = append(codes, c.do("GET", "/me", nil, nil).code)
	}
	if fmt.Sprint(codes) != "[200 200 200 429 429]" {
		t.Fatalf("codes %v", codes)
	}
	if r := c.do("GET", "/me", nil, nil); r.errorStatus(t) != 429 {
		t.Fatal("429 body")
	}
	// The bucket is the user's, not the key's: another login of the same
	// user shares it; another user has their own.
	if r := e.loginApp("d2").do("GET", "/me", nil, nil); r.code != 429 {
		t.Fatalf("second key of the same user: %d, want 429", r.code)
	}
	if r := e.addUser("other", -1).do("GET", "/me", nil, nil); r.code != 200 {
		t.Fatalf("another user: %d, want 200", r.code)
	}
}

func TestURLImport(t *testing.T) {
	t.Parallel()
	jpg := testJPEG(t, 40, 30, 9)
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a.jpg":
			w.Write(jpg)
		case "/redirect":
			http.Redirect(w, r, "/a.jpg", http.StatusFound)
		case "/big":
			w.Write(bytes.Repeat([]byte{0xFF}, 300<<10))
		default:
			http.NotFound(w, r)
		}
	}))
	defer origin.Close()

	strict := newTestEnv(t, nil)
	c := strict.loginApp("d")
	for _, u := range []string{origin.URL + "/a.jpg", origin.URL + "/redirect", "http://localhost:1/x.jpg", "http://[::1]:1/x", "http://169.254.169.254/latest"} {
		r := c.form("POST", "/me/photos", "url", u)
		if r.code != 400 {
			t.Errorf("private %s: %d %s", u, r.code, r.body)
		}
	}
	for _, u := range []string{"file:///etc/passwd", "ftp://example.com/x", "gopher://x", "/relative"} {
		if r := c.form("POST", "/me/photos", "url", u); r.code != 400 {
			t.Errorf("%s: %d", u, r.code)
		}
	}

	open := newTestEnv(t, func(c *Config) { c.AllowPrivateURLs = true; c.MaxPhotoBytes = 200 << 10 })
	c = open.loginApp("d")
	p := c.ok(c.form("POST", "/me/photos", "url", origin.URL+"/redirect", "thumbnail_url", origin.URL+"/a.jpg"))
	got := open.do("GET", p["url"].(string), nil, nil)
	if !bytes.Equal(got.body, jpg) {
		t.Fatal("imported photo differs")
	}
	if r := c.form("POST", "/me/photos", "url", origin.URL+"/big"); r.code != 413 {
		t.Errorf("big remote: %d", r.code)
	}
	if r := c.form("POST", "/me/photos", "url", origin.URL+"/missing"); r.code != 400 {
		t.Errorf("404 remote: %d", r.code)
	}
}

func TestPublicAddr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ip   string
		want bool
	}{
		{"8.8.8.8", true}, {"2606:4700::1111", true},
		{"127.0.0.1", false}, {"10.1.2.3", false}, {"172.16.0.1", false}, {"192.168.1.1", false},
		{"169.254.169.254", false}, {"::1", false}, {"fe80::1", false}, {"fc00::1", false},
		{"0.0.0.0", false}, {"100.64.0.1", false}, {"::ffff:127.0.0.1", false}, {"224.0.0.1", false},
	} {
		if got := publicAddr(mustAddr(t, tc.ip)); got != tc.want {
			t.Errorf("%s: %v", tc.ip, got)
		}
	}
}

func TestRequestIDAndErrorShape(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	r := e.do("GET", "/nope", nil, nil)
	if r.code != 404 || r.errorStatus(t) != 404 || len(r.hdr.Get("X-Request-Id")) != 16 {
		t.Fatalf("%d %s %q", r.code, r.body, r.hdr.Get("X-Request-Id"))
	}
	var body httpx.ErrorBody
	if err := json.Unmarshal(r.body, &body); err != nil || body.Error.Message == "" {
		t.Fatal(err)
	}
}

func TestStyleThumbnail(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	st := e.do("GET", "/styles/vanilla", nil, nil).json(t)["data"].([]any)[0].(map[string]any)
	u, _ := st["thumbnail"].(string)
	if !strings.HasSuffix(u, "/styles/vanilla/thumbnail.jpg") {
		t.Fatalf("thumbnail %q", u)
	}
	r := e.do("GET", u, nil, nil)
	if r.code != 200 || sniffImage(r.body) != "image/jpeg" {
		t.Fatalf("thumbnail: %d %s", r.code, r.body[:min(len(r.body), 200)])
	}
	img, err := jpeg.Decode(bytes.NewReader(r.body))
	if err != nil || img.Bounds().Dx() != 640 || img.Bounds().Dy() != 360 {
		t.Fatalf("thumbnail image: %v %v", err, img.Bounds())
	}
	// Not a flat picture: the sample photo shows.
	y0, _, _, _ := img.At(10, 10).RGBA()
	y1, _, _, _ := img.At(320, 340).RGBA()
	if y0 == y1 {
		t.Errorf("flat thumbnail")
	}
	if r := e.do("GET", "/styles/none/thumbnail.jpg", nil, nil); r.code != 404 {
		t.Errorf("unknown style thumbnail: %d", r.code)
	}
}

// otherLastChar returns tok with its last character changed (to a
// different one whatever it was), for a token that is wrong by one
// character.
func otherLastChar(tok string) string {
	last := byte('0')
	if tok[len(tok)-1] == last {
		last = '1'
	}
	return tok[:len(tok)-1] + string(last)
}
