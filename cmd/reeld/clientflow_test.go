package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// topoApp is the app every process of a multi-process test shares.
const (
	topoAppID     = "topo-app"
	topoAppSecret = "topo-secret-0123456789"
)

// TestClientFlowDefaultProcess walks the Picovico SDK's client flow (the
// steps of the server package's TestClientFlow: app login, photo and
// music uploads, a draft, a partial update with assets and credits, a
// render, the published video, its download, thumbnail, a Range, the
// metrics, the view count) against the embedded default as a real
// process: one `reeld` with no flags (SQLite, files, its bootstrap app).
func TestClientFlowDefaultProcess(t *testing.T) {
	t.Parallel()
	probe := needProbe(t)
	dir := t.TempDir()
	p := startReeld(t, dir)
	b, err := os.ReadFile(filepath.Join(dir, "bootstrap-app.json"))
	if err != nil {
		t.Fatal(err)
	}
	var app bootstrap
	if err := json.Unmarshal(b, &app); err != nil {
		t.Fatal(err)
	}
	clientFlowSteps(t, probe, p.url, app.AppID, app.AppSecret, p.url)
	p.signal(syscall.SIGTERM)
	if err := p.wait(time.Minute); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
}

// clientFlowSteps is the client flow against the API at base; renderer
// is the process whose /metrics must count the render.
func clientFlowSteps(t *testing.T, probe, base, appID, appSecret, renderer string) {
	res, err := http.PostForm(base+"/login/app", url.Values{"app_id": {appID}, "app_secret": {appSecret}, "device_id": {"phone-1"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var lr struct {
		Key   string `json:"access_key"`
		Token string `json:"access_token"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &lr) != nil || len(lr.Token) < 32 {
		t.Fatalf("login/app: %d %s", res.StatusCode, body)
	}
	c := &apiClient{t: t, base: base, key: lr.Key, token: lr.Token}
	p1 := c.obj(c.do("PUT", "/me/photos", bytes.NewReader(gradientJPEG(t, 320, 240, 10)), ""))["id"].(string)
	p2 := c.obj(c.do("PUT", "/me/photos", bytes.NewReader(gradientJPEG(t, 240, 320, 200)), ""))["id"].(string)
	mp3, err := os.ReadFile("../../testdata/music/chords48k_stereo_vbr.mp3")
	if err != nil {
		t.Fatal(err)
	}
	music := c.obj(c.send("PUT", "/me/musics", bytes.NewReader(mp3), map[string]string{"Music-Title": "Chords"}))["id"].(string)
	form := func(kv ...string) io.Reader {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return strings.NewReader(v.Encode())
	}
	const formType = "application/x-www-form-urlencoded"
	id := c.obj(c.do("POST", "/me/videos", form("name", "Holiday"), formType))["id"].(string)
	assets := fmt.Sprintf(`[
		{"name":"image","asset_id":%q,"start_time":0,"end_time":1.5,"data":{"caption":"Beach"}},
		{"name":"image","asset_id":%q,"start_time":1.5,"end_time":3,"data":{"text":"Hills"}},
		{"name":"music","asset_id":%q,"start_time":0,"end_time":0}]`, p1, p2, music)
	v := c.obj(c.do("POST", "/me/videos/"+id, form("style", "vanilla", "quality", "360", "assets", assets, "credit", `[["Music","Chords"]]`), formType))
	if v["status"] != "initial" || len(v["assets"].([]any)) != 3 {
		t.Fatalf("after update: %v", v)
	}
	if r := c.obj(c.do("POST", "/me/videos/"+id+"/render", nil, "")); r["status"] != float64(7201) {
		t.Fatalf("render: %v", r)
	}
	v = waitVideo(t, c, id, "published")
	if v["duration"].(float64) <= 3 {
		t.Fatalf("duration %v", v["duration"])
	}
	rend := v["video"].(map[string]any)["360"].(map[string]any)
	req, _ := http.NewRequest("GET", rend["url"].(string), nil) // no auth headers
	dl, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := io.ReadAll(dl.Body)
	dl.Body.Close()
	if dl.StatusCode != 200 || int64(len(full)) != int64(rend["size"].(float64)) || dl.Header.Get("Content-Type") != "video/mp4" {
		t.Fatalf("download: %d, %d bytes (size %v), %s", dl.StatusCode, len(full), rend["size"], dl.Header.Get("Content-Type"))
	}
	f := filepath.Join(t.TempDir(), "v.mp4")
	if err := os.WriteFile(f, full, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(probe, "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", f).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "h264,640,360") || !strings.Contains(string(out), "aac") {
		t.Fatalf("ffprobe: %v: %s", err, out)
	}
	th := httpGet(t, v["thumbnail"].(map[string]any)["360"].(string), "", http.StatusOK)
	if _, format, err := image.DecodeConfig(bytes.NewReader(th)); err != nil || format != "jpeg" {
		t.Fatalf("thumbnail: %s %v", format, err)
	}
	if part := httpGet(t, rend["url"].(string), "bytes=1000-1999", http.StatusPartialContent); !bytes.Equal(part, full[1000:2000]) {
		t.Fatal("range: wrong bytes")
	}
	if got := metric(t, renderer, `reeld_renders_total{result="published"}`); got != 1 {
		t.Errorf("renders published by %s: %v, want 1", renderer, got)
	}
	list := c.obj(c.do("GET", "/me/videos", nil, ""))["videos"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["view"].(float64) != 1 {
		t.Fatalf("list after one download: %v", list)
	}
}

// send is do with extra request headers.
func (c *apiClient) send(method, path string, body io.Reader, hdr map[string]string) (int, []byte) {
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return 0, []byte(err.Error())
	}
	req.Header.Set("X-Access-Key", c.key)
	req.Header.Set("X-Access-Token", c.token)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// gradientJPEG draws a w x h gradient with a coloured block (the server
// tests' testJPEG).
func gradientJPEG(t *testing.T, w, h int, seed uint8) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), seed, 255})
		}
	}
	for y := h / 4; y < h/2; y++ {
		for x := w / 4; x < w/2; x++ {
			img.Set(x, y, color.RGBA{220, 40, 40, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
