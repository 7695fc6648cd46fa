package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"net/http"
	"testing"
)

// studioProject creates a video with n photos, a text slide and a caption
// and returns the video id.
func studioProject(t testing.TB, c *client, n int) string {
	t.Helper()
	var assets []map[string]any
	for i := 0; i < n; i++ {
		id := c.putPhoto(testJPEG(t, 320, 240, uint8(40*i+20)))
		assets = append(assets, map[string]any{"name": "image", "asset_id": id, "data": map[string]string{"text": fmt.Sprintf("Photo %d", i+1)}})
	}
	assets = append(assets, map[string]any{"name": "text", "data": map[string]string{"title": "The end", "text": "of the trip"}})
	b, _ := json.Marshal(assets)
	v := c.ok(c.form("POST", "/me/videos", "name", "Frames", "style", "vanilla", "quality", "720", "assets", string(b)))
	return v["id"].(string)
}

func decodeFrame(t testing.TB, r resp) image.Image {
	t.Helper()
	if r.code != 200 || r.hdr.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("frame: %d %s %.200s", r.code, r.hdr.Get("Content-Type"), r.body)
	}
	img, err := jpeg.Decode(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestStudioFrameAndTimeline(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.addUser("fr", -1)
	vid := studioProject(t, c, 2)

	tl := c.ok(c.do("GET", "/me/videos/"+vid+"/timeline", nil, nil))
	dur := tl["duration"].(float64)
	slides := tl["slides"].([]any)
	// title card + 2 photos + text slide.
	if len(slides) != 4 || dur < 8 || dur > 30 {
		t.Fatalf("timeline %v", tl)
	}
	kinds := ""
	for _, s := range slides {
		kinds += s.(map[string]any)["kind"].(string) + " "
	}
	if kinds != "title photo photo text " {
		t.Fatalf("kinds %q", kinds)
	}

	// Default preview size is 360p; the frame index follows t.
	r1 := c.do("GET", "/me/videos/"+vid+"/frame.jpg?t=0.5", nil, nil)
	img := decodeFrame(t, r1)
	if b := img.Bounds(); b.Dx() != 640 || b.Dy() != 360 {
		t.Fatalf("frame size %v", b)
	}
	if r1.hdr.Get("X-Frame-Index") != "15" || r1.hdr.Get("X-Frame-Cache") != "miss" {
		t.Fatalf("headers %v", r1.hdr)
	}
	// The same frame again is a cache hit with identical bytes.
	r2 := c.do("GET", "/me/videos/"+vid+"/frame.jpg?t=0.51", nil, nil)
	if r2.hdr.Get("X-Frame-Cache") != "hit" || !bytes.Equal(r1.body, r2.body) {
		t.Fatalf("second request: cache %q, same bytes %v", r2.hdr.Get("X-Frame-Cache"), bytes.Equal(r1.body, r2.body))
	}
	// A frame in a photo slide differs from the title card.
	mid := slides[1].(map[string]any)
	tm := (mid["start"].(float64) + mid["end"].(float64)) / 2
	r3 := c.do("GET", fmt.Sprintf("/me/videos/%s/frame.jpg?t=%.2f", vid, tm), nil, nil)
	decodeFrame(t, r3)
	if bytes.Equal(r1.body, r3.body) {
		t.Fatal("title card and photo slide frames are identical")
	}
	// Editing the project changes the cached frame (new content, new key).
	c.ok(c.form("POST", "/me/videos/"+vid, "name", "Renamed"))
	r4 := c.do("GET", "/me/videos/"+vid+"/frame.jpg?t=0.5", nil, nil)
	if r4.hdr.Get("X-Frame-Cache") != "miss" || bytes.Equal(r1.body, r4.body) {
		t.Fatalf("after rename: cache %q, same bytes %v", r4.hdr.Get("X-Frame-Cache"), bytes.Equal(r1.body, r4.body))
	}
	if img := decodeFrame(t, c.do("GET", "/me/videos/"+vid+"/frame.jpg?t=1&quality=720", nil, nil)); img.Bounds().Dx() != 1280 {
		t.Fatalf("720 frame %v", img.Bounds())
	}

	for _, bad := range []string{"", "?t=abc", "?t=-1", "?t=NaN", "?t=1&quality=100"} {
		if r := c.do("GET", "/me/videos/"+vid+"/frame.jpg"+bad, nil, nil); r.code != http.StatusBadRequest {
			t.Errorf("frame.jpg%s: %d", bad, r.code)
		}
	}
	// Another user's video is a 404; no auth is a 401.
	other := e.addUser("other", -1)
	if r := other.do("GET", "/me/videos/"+vid+"/frame.jpg?t=1", nil, nil); r.code != 404 {
		t.Errorf("other user's frame: %d", r.code)
	}
	if r := e.do("GET", "/me/videos/"+vid+"/frame.jpg?t=1", nil, nil); r.code != 401 {
		t.Errorf("no auth: %d", r.code)
	}
	// An empty project answers 400 with the Picovico code.
	empty := c.ok(c.form("POST", "/me/videos/"+studioProject(t, c, 0)+"/duplicate"))
	c.ok(c.form("POST", "/me/videos/"+empty["id"].(string), "assets", "[]"))
	r := c.do("GET", "/me/videos/"+empty["id"].(string)+"/timeline", nil, nil)
	if r.code != 400 || r.errorStatus(t) != 7403 {
		t.Errorf("empty timeline: %d %s", r.code, r.body)
	}
}
