package server

import (
	"context"
	"fmt"
	"testing"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

// TestAspectRender: a client that sends aspect 9:16 gets portrait
// renditions under the same quality keys, and the aspect back in the
// video object (also after a reload from the store and in a duplicate).
func TestAspectRender(t *testing.T) {
	t.Parallel()
	probe := needFFprobe(t)
	e := newTestEnv(t, func(c *Config) { c.Renderer = &render.EngineRenderer{} })
	e.srv.Start(context.Background())
	c := e.loginApp("phone-9x16")
	p1 := c.putPhoto(testJPEG(t, 320, 240, 10))
	music := c.putMusic(readTestdata(t, "music/chords48k_stereo_vbr.mp3"), nil)["id"].(string)
	id := c.ok(c.form("POST", "/me/videos", "name", "Tall"))["id"].(string)
	assets := fmt.Sprintf(`[{"name":"image","asset_id":%q,"start_time":0,"end_time":1.5,"data":{"caption":"Beach"}},
		{"name":"music","asset_id":%q}]`, p1, music)
	v := c.ok(c.form("POST", "/me/videos/"+id, "style", "vanilla", "quality", "360", "aspect", "9:16", "assets", assets))
	if v["aspect"] != "9:16" {
		t.Fatalf("aspect after update: %v", v["aspect"])
	}
	// An update without the field leaves it alone.
	if v = c.ok(c.form("POST", "/me/videos/"+id, "name", "Tall one")); v["aspect"] != "9:16" {
		t.Fatalf("aspect after a name update: %v", v["aspect"])
	}
	if r := c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil)); r["status"].(float64) != 7201 {
		t.Fatalf("render: %v", r)
	}
	v = waitStatus(t, c, id, model.StatusPublished, model.StatusFailed)
	if v["status"] != model.StatusPublished || v["aspect"] != "9:16" {
		t.Fatalf("after render: status %v aspect %v reason %v", v["status"], v["aspect"], v["reason"])
	}
	rend := v["video"].(map[string]any)["360"].(map[string]any)
	dl := e.do("GET", rend["url"].(string), nil, nil)
	if dl.code != 200 {
		t.Fatalf("download: %d", dl.code)
	}
	checkMP4(t, ffprobe(t, probe, dl.body), 360, 640)
	if d := c.ok(c.do("POST", "/me/videos/"+id+"/duplicate", nil, nil)); d["aspect"] != "9:16" {
		t.Errorf("duplicate lost the aspect: %v", d["aspect"])
	}
}

// TestStylesList1080: /styles says every built-in style makes 1080 and
// lays out every aspect.
func TestStylesList1080(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	r := e.do("GET", "/styles", nil, nil)
	if r.code != 200 {
		t.Fatalf("/styles: %d", r.code)
	}
	for _, st := range r.json(t)["data"].([]any) {
		q := st.(map[string]any)["quality"].([]any)[0].(map[string]any)
		if q["res"] != "1080" || q["supported"] != true {
			t.Errorf("%v: 1080 entry %v", st.(map[string]any)["machine_name"], q)
		}
		if sz := fmt.Sprint(st.(map[string]any)["size"]); sz != "[16:9 9:16 1:1 4:5]" {
			t.Errorf("%v: size %s, want [16:9 9:16 1:1 4:5]", st.(map[string]any)["machine_name"], sz)
		}
	}
}

// TestFrameAspect: the studio's preview frame takes the video's aspect,
// at 360 by default and at quality=1080.
func TestFrameAspect(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.addUser("fraspect", -1)
	vid := studioProject(t, c, 1)
	for _, tc := range []struct {
		aspect, quality string
		w, h            int
	}{{"", "", 640, 360}, {"9:16", "", 360, 640}, {"4:5", "", 360, 450}, {"1:1", "1080", 1080, 1080}, {"16:9", "1080", 1920, 1080}} {
		if tc.aspect != "" {
			c.ok(c.form("POST", "/me/videos/"+vid, "aspect", tc.aspect))
		}
		url := "/me/videos/" + vid + "/frame.jpg?t=1"
		if tc.quality != "" {
			url += "&quality=" + tc.quality
		}
		if b := decodeFrame(t, c.do("GET", url, nil, nil)).Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
			t.Errorf("aspect %q quality %q: frame %dx%d, want %dx%d", tc.aspect, tc.quality, b.Dx(), b.Dy(), tc.w, tc.h)
		}
	}
}
