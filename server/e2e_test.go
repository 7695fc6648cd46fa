package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

func needFFprobe(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ffprobe")
	if err != nil {
		t.Skip("ffprobe not installed: it is the test oracle for rendered files (apt-get install -y ffmpeg)")
	}
	return p
}

// probeInfo is the part of ffprobe's JSON the tests check.
type probeInfo struct {
	Streams []struct {
		CodecType string `json:"codec_type"`
		CodecName string `json:"codec_name"`
		Width     int    `json:"width"`
		Height    int    `json:"height"`
		Duration  string `json:"duration"`
	} `json:"streams"`
	Format struct {
		Duration string `json:"duration"`
	} `json:"format"`
}

func ffprobe(t *testing.T, bin string, data []byte) probeInfo {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v.mp4")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-v", "error", "-print_format", "json", "-show_streams", "-show_format", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("ffprobe: %v: %s", err, stderr.String())
	}
	var info probeInfo
	if err := json.Unmarshal(out, &info); err != nil {
		t.Fatal(err)
	}
	return info
}

func checkMP4(t *testing.T, info probeInfo, w, h int) {
	t.Helper()
	var video, audio bool
	for _, s := range info.Streams {
		switch s.CodecType {
		case "video":
			video = s.CodecName == "h264" && s.Width == w && s.Height == h
		case "audio":
			audio = s.CodecName == "aac"
		}
	}
	if !video || !audio {
		t.Fatalf("streams %+v, want h264 %dx%d + aac", info.Streams, w, h)
	}
	if info.Format.Duration == "" || strings.HasPrefix(info.Format.Duration, "0.0") {
		t.Fatalf("duration %q", info.Format.Duration)
	}
}

// TestClientFlow walks a Picovico client through the whole flow against a
// real listener, SQLite and the real engine.
func TestClientFlow(t *testing.T) {
	t.Parallel()
	clientFlow(t, nil)
}

// clientFlow is TestClientFlow's walk; mod adjusts the Config (e.g. another
// Store). It returns the rendered video's id.
func clientFlow(t *testing.T, mod func(*Config)) string {
	probe := needFFprobe(t)
	e := newTestEnv(t, func(c *Config) {
		c.Renderer = &render.EngineRenderer{}
		if mod != nil {
			mod(c)
		}
	})
	e.srv.Start(context.Background())
	c := e.loginApp("phone-1")
	p1 := c.putPhoto(testJPEG(t, 320, 240, 10))
	p2 := c.putPhoto(testJPEG(t, 240, 320, 200))
	music := c.putMusic(readTestdata(t, "music/chords48k_stereo_vbr.mp3"), map[string]string{"Music-Title": "Chords"})["id"].(string)
	id := c.ok(c.form("POST", "/me/videos", "name", "Holiday"))["id"].(string)
	assets := fmt.Sprintf(`[
		{"name":"image","asset_id":%q,"start_time":0,"end_time":1.5,"data":{"caption":"Beach"}},
		{"name":"image","asset_id":%q,"start_time":1.5,"end_time":3,"data":{"text":"Hills"}},
		{"name":"music","asset_id":%q,"start_time":0,"end_time":0}]`, p1, p2, music)
	v := c.ok(c.form("POST", "/me/videos/"+id, "style", "vanilla", "quality", "360", "assets", assets, "credit", `[["Music","Chords"]]`))
	if v["status"] != "initial" || len(v["assets"].([]any)) != 3 {
		t.Fatalf("after update: %v", v)
	}
	r := c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	if r["status"].(float64) != 7201 {
		t.Fatalf("render: %v", r)
	}
	v = waitStatus(t, c, id, model.StatusPublished, model.StatusFailed)
	if v["status"] != model.StatusPublished {
		t.Fatalf("render failed: %v", v["reason"])
	}
	if v["duration"].(float64) <= 3 {
		t.Fatalf("duration %v", v["duration"])
	}
	rend := v["video"].(map[string]any)["360"].(map[string]any)
	dl := e.do("GET", rend["url"].(string), nil, nil) // no auth headers
	if dl.code != 200 || int64(len(dl.body)) != int64(rend["size"].(float64)) || dl.hdr.Get("Content-Type") != "video/mp4" {
		t.Fatalf("download: %d, %d bytes (size %v)", dl.code, len(dl.body), rend["size"])
	}
	checkMP4(t, ffprobe(t, probe, dl.body), 640, 360)
	th := e.do("GET", v["thumbnail"].(map[string]any)["360"].(string), nil, nil)
	if th.code != 200 || sniffImage(th.body) != "image/jpeg" {
		t.Fatalf("thumbnail: %d", th.code)
	}
	// Seeking works in a browser: a Range in the middle.
	part := e.do("GET", rend["url"].(string), nil, map[string]string{"Range": "bytes=1000-1999"})
	if part.code != 206 || !bytes.Equal(part.body, dl.body[1000:2000]) {
		t.Fatalf("range: %d", part.code)
	}
	met := string(e.do("GET", "/metrics", nil, nil).body)
	if !strings.Contains(met, `reeld_renders_total{result="published"} 1`) || strings.Contains(met, "reeld_render_fps 0\n") ||
		strings.Contains(met, "reeld_render_frames_total 0\n") {
		t.Fatalf("metrics after a render:\n%s", met)
	}
	list := c.ok(c.do("GET", "/me/videos", nil, nil))["videos"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["view"].(float64) != 1 {
		t.Fatalf("list after one download: %v", list)
	}
	return id
}

func TestStyleSample(t *testing.T) {
	t.Parallel()
	probe := needFFprobe(t)
	e := newTestEnv(t, nil)
	st := e.do("GET", "/styles/vanilla", nil, nil).json(t)["data"].([]any)[0].(map[string]any)
	u := st["sample_url"].(string)
	first := e.do("GET", u, nil, nil)
	if first.code != 200 || first.hdr.Get("Content-Type") != "video/mp4" {
		t.Fatalf("sample: %d %s", first.code, first.body[:min(200, len(first.body))])
	}
	checkMP4(t, ffprobe(t, probe, first.body), 640, 360)
	// Cached: the same bytes again, and Range works.
	again := e.do("GET", u, nil, map[string]string{"Range": "bytes=0-9"})
	if again.code != 206 || !bytes.Equal(again.body, first.body[:10]) {
		t.Fatalf("cached sample: %d", again.code)
	}
}
