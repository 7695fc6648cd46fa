package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reelkit/reel/server/model"
)

// TestPublicFilesServedHardened: public files are served
// with nosniff, an opaque ETag and revalidating caching; bytes=-0 is a
// 416 with a proper Content-Range and a JSON body; repeated downloads by
// one client count one view; a photo URL needs the photo's own extension;
// error answers carry nosniff too, style thumbnails follow the same range
// rules, an unknown studio file is a JSON 404;
// deleting a video leaves no empty folder; without BaseURL the Host header
// does not leak into URLs; a concatenated MP3 reports (and plays) the
// length its first header announces.
func TestPublicFilesServedHardened(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{} })
	e.srv.Start(context.Background())
	c := e.loginApp("f10")
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	v := waitStatus(t, c, id, model.StatusPublished)
	rend := e.srv.mustVideo(t, id).Renditions[360]
	ph := c.putPhoto(testJPEG(t, 64, 36, 3))
	m := c.putMusic(readTestdata(t, "music/demo.mp3"), nil)

	for _, u := range []string{"/v/" + id + "/q.mp4", "/t/" + id + "/360.jpg", "/f/photos/" + ph + ".jpg",
		"/f/photos/" + ph + "/thumbnail.jpg", "/f/musics/" + m["id"].(string) + ".mp3", "/f/musics/lib-chords.mp3"} {
		r := e.do("GET", u, nil, nil)
		if r.code != 200 || r.hdr.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %d, nosniff %q", u, r.code, r.hdr.Get("X-Content-Type-Options"))
		}
		if et := r.hdr.Get("ETag"); et == "" || strings.Contains(et, "/") || strings.Contains(et, "videos") || strings.Contains(et, "photos") {
			t.Errorf("%s: ETag %q exposes the blob key", u, et)
		}
		if cc := r.hdr.Get("Cache-Control"); strings.Contains(cc, "public") || !strings.Contains(cc, "no-cache") {
			t.Errorf("%s: Cache-Control %q, want revalidation (no-cache)", u, cc)
		}
	}
	u := "/v/" + id + "/q.mp4"
	r := e.do("GET", u, nil, map[string]string{"Range": "bytes=-0"})
	if r.code != 416 || r.hdr.Get("Content-Range") != "bytes */"+strconv.FormatInt(rend.Size, 10) || r.errorStatus(t) != 416 {
		t.Errorf("bytes=-0: %d Content-Range %q %s", r.code, r.hdr.Get("Content-Range"), r.body)
	}
	r = e.do("GET", u, nil, map[string]string{"Range": "bytes=99999999-"})
	if r.code != 416 || !strings.HasPrefix(r.hdr.Get("Content-Type"), "application/json") || r.errorStatus(t) != 416 {
		t.Errorf("unsatisfiable range: %d %q %s", r.code, r.hdr.Get("Content-Type"), r.body)
	}
	if r := e.do("GET", u, nil, map[string]string{"Range": "bytes=-0,0-9"}); r.code != 206 || len(r.body) != 10 {
		t.Errorf("bytes=-0,0-9: %d with %d bytes, want 206 with the satisfiable part", r.code, len(r.body))
	}
	// Error answers are never sniffed either, and the style thumbnails
	// (drawn on demand) follow the same range rules.
	for _, path := range []string{u, "/styles/vanilla/thumbnail.jpg"} {
		r := e.do("GET", path, nil, map[string]string{"Range": "bytes=-0"})
		if r.code != 416 || r.hdr.Get("X-Content-Type-Options") != "nosniff" || r.errorStatus(t) != 416 {
			t.Errorf("%s bytes=-0: %d nosniff %q %s, want a JSON 416 with nosniff", path, r.code, r.hdr.Get("X-Content-Type-Options"), r.body)
		}
	}
	if r := e.do("GET", "/styles/vanilla/thumbnail.jpg", nil, nil); r.code != 200 || r.hdr.Get("Content-Type") != "image/jpeg" || r.hdr.Get("Cache-Control") != "public, max-age=86400" {
		t.Errorf("style thumbnail: %d %v", r.code, r.hdr)
	}
	// An unknown studio file is the API's JSON 404.
	if r := e.do("GET", "/studio/nope.js", nil, nil); r.code != 404 || r.errorStatus(t) != 404 {
		t.Errorf("/studio/nope.js: %d %q", r.code, r.body)
	}

	// Views: the same client downloading again is one view.
	before := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))["view"].(float64)
	for range 3 {
		e.do("GET", u, nil, nil)
	}
	if after := c.ok(c.do("GET", "/me/videos/"+id, nil, nil))["view"].(float64); after > before+1 {
		t.Errorf("3 downloads by one client: views %v -> %v, want at most one more", before, after)
	}

	// The extension must be the photo's (or music's) own.
	for _, bad := range []string{"/f/photos/" + ph + ".exe", "/f/photos/" + ph + ".png", "/f/photos/" + ph, "/f/musics/" + m["id"].(string) + ".html"} {
		if r := e.do("GET", bad, nil, nil); r.code != 404 {
			t.Errorf("%s: %d, want 404", bad, r.code)
		}
	}

	// Host header: URLs name the server's own address.
	req, _ := http.NewRequest("GET", e.ts.URL+"/me/videos/"+id, nil)
	req.Host = "evil.example"
	req.Header.Set("X-Access-Key", c.key)
	req.Header.Set("X-Access-Token", c.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if bytes.Contains(body, []byte("evil.example")) || !bytes.Contains(body, []byte(e.ts.URL+"/v/")) {
		t.Errorf("URLs with Host: evil.example: %s", body)
	}
	_ = v

	// Deleting the video leaves no empty folder behind.
	c.ok(c.do("DELETE", "/me/videos/"+id, nil, nil))
	if _, err := os.Stat(filepath.Join(e.dir, "blobs", "videos", id)); !os.IsNotExist(err) {
		t.Errorf("videos/%s still exists after delete: %v", id, err)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "blobs")); err != nil {
		t.Errorf("the blob root itself must stay: %v", err)
	}

	// A concatenation of MP3 files: the first header's length, which is
	// also what the engine plays (documented in the README).
	one := readTestdata(t, "music/demo.mp3")
	single := c.putMusic(one, nil)["duration"].(float64)
	triple := c.putMusic(bytes.Repeat(one, 3), nil)["duration"].(float64)
	if triple != single {
		t.Errorf("concatenated MP3: duration %v, single %v (decision: the first header's length)", triple, single)
	}
}
