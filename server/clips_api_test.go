package server

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
)

// TestClipUploadListGetDelete: a clip upload answers its object (probed
// fields, file and poster URLs); the file comes back byte for byte, the
// poster is a JPEG of the first frame at the displayed size with the
// longer side cut to 1280; the same bytes again are the same clip;
// listing, getting and deleting follow photos, and another user sees a
// 404.
func TestClipUploadListGetDelete(t *testing.T) {
	t.Parallel()
	e := withFakeClips(newTestEnv(t, nil), fakeClips{})
	c := e.loginApp("clips")
	body := fakeClip(t, fakeInfo)
	obj := c.ok(c.do("PUT", "/me/clips", bytes.NewReader(body), map[string]string{"Content-Type": "video/mp4"}))
	id := obj["id"].(string)
	want := map[string]any{"codec": "h264", "width": 1920.0, "height": 1080.0, "rotation": 0.0, "duration": 12.5, "fps": 29.97,
		"has_audio": true, "size": float64(len(body)),
		"url": e.ts.URL + "/f/clips/" + id + ".mp4", "poster_url": e.ts.URL + "/f/clips/" + id + "/poster.jpg"}
	for k, v := range want {
		if obj[k] != v {
			t.Errorf("clip %s = %v, want %v", k, obj[k], v)
		}
	}
	if created := obj["created"].(float64); time.Since(time.Unix(int64(created), 0)) > time.Minute {
		t.Errorf("created %v", created)
	}
	if r := e.do("GET", obj["url"].(string), nil, nil); r.code != 200 || !bytes.Equal(r.body, body) || r.hdr.Get("Content-Type") != "video/mp4" {
		t.Fatalf("clip file: %d %q, %d bytes", r.code, r.hdr.Get("Content-Type"), len(r.body))
	}
	if r := e.do("GET", obj["url"].(string), nil, map[string]string{"Range": "bytes=0-7"}); r.code != 206 || string(r.body) != string(body[:8]) {
		t.Fatalf("clip range: %d %q", r.code, r.body)
	}
	if r := e.do("GET", "/f/clips/"+id+".mov", nil, nil); r.code != 404 {
		t.Fatalf("clip with another extension: %d", r.code)
	}
	r := e.do("GET", obj["poster_url"].(string), nil, nil)
	if r.code != 200 || r.hdr.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("poster: %d %q", r.code, r.hdr.Get("Content-Type"))
	}
	poster, err := jpeg.Decode(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if b := poster.Bounds(); b.Dx() != 1280 || b.Dy() != 720 || !red(poster.At(640, 360)) {
		t.Fatalf("poster %v, centre %v: want 1280x720 of the first frame", b, poster.At(640, 360))
	}

	if again := c.ok(c.do("PUT", "/me/clips", bytes.NewReader(body), nil)); again["id"] != id {
		t.Fatalf("identical upload: clip %v, want %s again", again["id"], id)
	}
	small := fakeInfo
	small.Width, small.Height, small.Rotation = 240, 320, 90
	second := c.ok(c.do("PUT", "/me/clips", bytes.NewReader(fakeClip(t, small)), nil))
	if r := e.do("GET", second["poster_url"].(string), nil, nil); r.code != 200 {
		t.Fatalf("poster: %d", r.code)
	} else if p, err := jpeg.Decode(bytes.NewReader(r.body)); err != nil || p.Bounds().Dx() != 240 || p.Bounds().Dy() != 320 {
		t.Fatalf("small poster %v %v: want 240x320, the displayed size", p.Bounds(), err)
	}
	list := c.ok(c.do("GET", "/me/clips", nil, nil))["clips"].([]any)
	if len(list) != 2 {
		t.Fatalf("%d clips listed, want 2", len(list))
	}
	if got := c.ok(c.do("GET", "/me/clips/"+id, nil, nil)); got["poster_url"] != obj["poster_url"] || got["duration"] != 12.5 {
		t.Fatalf("GET clip: %v", got)
	}
	if me := c.ok(c.do("GET", "/me", nil, nil)); int(me["storage_used"].(float64)) != len(body)+len(fakeClip(t, small)) {
		t.Fatalf("storage_used %v, want both clips' bytes", me["storage_used"])
	}

	bob := e.addUser("bob", -1)
	for _, m := range []string{"GET", "DELETE"} {
		if r := bob.do(m, "/me/clips/"+id, nil, nil); r.code != 404 || r.errorStatus(t) != 404 {
			t.Fatalf("bob %s alice's clip: %d %s", m, r.code, r.body)
		}
	}
	if l := bob.ok(bob.do("GET", "/me/clips", nil, nil))["clips"].([]any); len(l) != 0 {
		t.Fatalf("bob lists %d clips", len(l))
	}

	files := len(blobFiles(t, e.dir))
	c.ok(c.do("DELETE", "/me/clips/"+id, nil, nil))
	if n := len(blobFiles(t, e.dir)); n != files-2 {
		t.Fatalf("%d files after delete, want %d (the clip and its poster gone)", n, files-2)
	}
	for _, u := range []string{obj["url"].(string), obj["poster_url"].(string), "/me/clips/" + id} {
		if r := c.do("GET", u, nil, nil); r.code != 404 {
			t.Fatalf("%s after delete: %d", u, r.code)
		}
	}
}

// TestClipRefusals: a clip past a limit, of another type, corrupt, or
// needing a decoder this machine lacks is refused with a 4xx that says
// why, and leaves no row and no file.
func TestClipRefusals(t *testing.T) {
	t.Parallel()
	e := withFakeClips(newTestEnv(t, func(c *Config) { c.MaxClipBytes = 4 << 10; c.MaxClipDuration = time.Minute }), fakeClips{})
	c := e.loginApp("refused")
	with := func(f func(*clipInfo)) []byte {
		info := fakeInfo
		f(&info)
		return fakeClip(t, info)
	}
	for _, tc := range []struct {
		name string
		body []byte
		code int
		msg  string
	}{
		{"too large", append(fakeClip(t, fakeInfo), bytes.Repeat([]byte(" "), 4<<10)...), 413, "body larger than 4096 bytes"},
		{"too long", with(func(i *clipInfo) { i.Duration = 61 * time.Second }), 413, "clip of 1m1s is longer than the limit of 1m0s"},
		{"a PNG", testPNG(t, 16, 16), 415, "unsupported clip type"},
		{"text", []byte("not a video at all, just words"), 415, "unsupported clip type"},
		{"a clip cut short", fakeClip(t, fakeInfo)[:30], 400, "corrupt or truncated clip: moov box cut short"},
		{"no picture", with(func(i *clipInfo) { i.Width, i.Height = 0, 0 }), 400, "corrupt clip"},
		{"absurd size", with(func(i *clipInfo) { i.Width, i.Height = 16384, 16384 }), 413, "exceeds the limit of 8192 pixels per side"},
		{"no duration", with(func(i *clipInfo) { i.Duration = 0 }), 400, "no duration"},
		{"unknown container", with(func(i *clipInfo) { i.Container = "avi" }), 415, "unsupported clip type"},
		{"empty", nil, 400, "empty body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do("PUT", "/me/clips", bytes.NewReader(tc.body), nil)
			if r.code != tc.code || r.errorStatus(t) != tc.code || !strings.Contains(string(r.body), tc.msg) {
				t.Fatalf("want %d %q, got %d %s", tc.code, tc.msg, r.code, r.body)
			}
		})
	}
	// A codec whose decoder library is missing names the package.
	e.srv.clips = fakeClips{frameErr: &clipMissingDecoderError{Msg: "clip: hevc needs libde265 (libde265.so.0): install the Debian package libde265-0"}}
	r := c.do("PUT", "/me/clips", bytes.NewReader(fakeClip(t, fakeInfo)), nil)
	if r.code != 415 || !strings.Contains(string(r.body), "install the Debian package libde265-0") {
		t.Fatalf("missing decoder: %d %s", r.code, r.body)
	}
	if files := blobFiles(t, e.dir); len(files) != 0 {
		t.Fatalf("refused clips left files %v", files)
	}
	var rows int
	e.store.DB().QueryRow(`SELECT COUNT(*) FROM clips`).Scan(&rows)
	if rows != 0 {
		t.Fatalf("refused clips left %d rows", rows)
	}
}

// TestClipQuota: clips count in the storage quota with photos; one past
// it is a 413 that keeps nothing.
func TestClipQuota(t *testing.T) {
	t.Parallel()
	photo := testJPEG(t, 64, 48, 1)
	clip := fakeClip(t, fakeInfo)
	e := withFakeClips(newTestEnv(t, func(c *Config) { c.StorageQuota = int64(len(photo) + len(clip) + 10) }), fakeClips{})
	c := e.loginApp("q")
	c.putPhoto(photo)
	c.ok(c.do("PUT", "/me/clips", bytes.NewReader(clip), nil))
	other := fakeInfo
	other.Codec = "hevc"
	r := c.do("PUT", "/me/clips", bytes.NewReader(fakeClip(t, other)), nil)
	if r.code != 413 || !strings.Contains(string(r.body), "storage quota exceeded") {
		t.Fatalf("clip past the quota: %d %s", r.code, r.body)
	}
	if files := blobFiles(t, e.dir); len(files) != 4 { // photo + thumbnail, clip + poster
		t.Fatalf("files %v, want the photo's two and the first clip's two", files)
	}
}

// TestClipImport: POST /me/clips/external imports a clip from a URL with
// the photo imports' address rules (no private addresses unless
// allowed) and size limit.
func TestClipImport(t *testing.T) {
	t.Parallel()
	body := fakeClip(t, fakeInfo)
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/c.mp4":
			w.Write(body)
		case "/big.mp4":
			w.Write(bytes.Repeat([]byte{0}, 8<<10))
		default:
			http.NotFound(w, r)
		}
	}))
	defer origin.Close()
	strict := withFakeClips(newTestEnv(t, nil), fakeClips{})
	c := strict.loginApp("d")
	for _, u := range []string{origin.URL + "/c.mp4", "http://169.254.169.254/latest", "file:///etc/passwd"} {
		if r := c.form("POST", "/me/clips/external", "url", u); r.code != 400 {
			t.Errorf("%s: %d %s, want 400", u, r.code, r.body)
		}
	}
	if r := c.form("POST", "/me/clips/external"); r.code != 400 || !strings.Contains(string(r.body), "url is required") {
		t.Errorf("no url: %d %s", r.code, r.body)
	}
	open := withFakeClips(newTestEnv(t, func(c *Config) { c.AllowPrivateURLs = true; c.MaxClipBytes = 4 << 10 }), fakeClips{})
	c = open.loginApp("d")
	obj := c.ok(c.form("POST", "/me/clips/external", "url", origin.URL+"/c.mp4"))
	if got := open.do("GET", obj["url"].(string), nil, nil); !bytes.Equal(got.body, body) {
		t.Fatal("imported clip differs")
	}
	var src string
	open.store.DB().QueryRow(`SELECT source_url FROM clips`).Scan(&src)
	if src != origin.URL+"/c.mp4" {
		t.Fatalf("source_url %q", src)
	}
	if r := c.form("POST", "/me/clips/external", "url", origin.URL+"/big.mp4"); r.code != 413 {
		t.Errorf("big remote clip: %d %s", r.code, r.body)
	}
}

// TestVideoAssetsNameOwnClips: a video asset must name one of the
// user's clips: another user's clip is refused at update (400 naming the
// field, as for photos) and a clip deleted since is refused at render
// with 7403 before any credit is taken.
func TestVideoAssetsNameOwnClips(t *testing.T) {
	t.Parallel()
	e := withFakeClips(newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{} }), fakeClips{})
	alice := e.addUser("alice", 1)
	bob := e.addUser("bob", -1)
	theirs := bob.ok(bob.do("PUT", "/me/clips", bytes.NewReader(fakeClip(t, fakeInfo)), nil))["id"].(string)
	mine := alice.ok(alice.do("PUT", "/me/clips", bytes.NewReader(fakeClip(t, fakeInfo)), nil))["id"].(string)
	if mine == theirs {
		t.Fatal("two users' identical clips share an id")
	}
	id := alice.ok(alice.do("POST", "/me/videos", nil, nil))["id"].(string)
	for _, tc := range []struct{ assets, msg string }{
		{fmt.Sprintf(`[{"name":"video","asset_id":%q}]`, theirs), `assets[0].asset_id: video \"` + theirs + `\" not found`},
		{`[{"name":"video"}]`, `assets[0].asset_id: a video needs the asset_id of one of your clips`},
		{`[{"name":"movie","asset_id":"x"}]`, `must be image, video, text, music or logo`},
	} {
		r := alice.form("POST", "/me/videos/"+id, "assets", tc.assets)
		if r.code != 400 || !strings.Contains(string(r.body), tc.msg) {
			t.Errorf("%s: %d %s, want 400 %q", tc.assets, r.code, r.body, tc.msg)
		}
	}
	v := alice.ok(alice.form("POST", "/me/videos/"+id, "name", "Clip", "style", "vanilla",
		"assets", fmt.Sprintf(`[{"name":"video","asset_id":%q,"data":{"caption":"hello"}},{"name":"music","asset_id":"lib-chords"}]`, mine)))
	a := v["assets"].([]any)[0].(map[string]any)
	if a["name"] != "video" || a["asset_id"] != mine || a["data"].(map[string]any)["text"] != "hello" {
		t.Fatalf("stored video asset %v", a)
	}
	alice.ok(alice.do("DELETE", "/me/clips/"+mine, nil, nil))
	r := alice.do("POST", "/me/videos/"+id+"/render", nil, nil)
	if r.code != 400 || r.errorStatus(t) != 7403 || !strings.Contains(string(r.body), "Video clip 1") || !strings.Contains(string(r.body), mine+`\") cannot be found`) {
		t.Fatalf("render with a deleted clip: %d %s, want 400/7403", r.code, r.body)
	}
	if got := alice.ok(alice.do("GET", "/me/videos/"+id, nil, nil)); got["status"] != model.StatusInitial {
		t.Fatalf("status %v after a refused render", got["status"])
	}
	if me := alice.ok(alice.do("GET", "/me", nil, nil)); me["credits"].(float64) != 1 {
		t.Fatalf("credits %v after a refused render", me["credits"])
	}
}
