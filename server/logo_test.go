package server

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
)

// solidJPEG is a w x h JPEG of one colour.
func solidJPEG(t testing.TB, w, h int, c color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, 255
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ffmpegFrame decodes the frame at sec of an MP4 with ffmpeg (the test's
// independent oracle) into an RGBA image.
func ffmpegFrame(t *testing.T, mp4 []byte, sec float64, w, h int) *image.RGBA {
	t.Helper()
	bin, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Skip("ffmpeg not installed: it is the test oracle for decoded frames (apt-get install -y ffmpeg)")
	}
	path := filepath.Join(t.TempDir(), "v.mp4")
	if err := os.WriteFile(path, mp4, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "-v", "error", "-ss", fmt.Sprint(sec), "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-")
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil || len(raw) != w*h*3 {
		t.Fatalf("ffmpeg: %v, %d bytes (want %d): %s", err, len(raw), w*h*3, stderr.String())
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < w*h; i++ {
		copy(img.Pix[i*4:], raw[i*3:i*3+3])
		img.Pix[i*4+3] = 255
	}
	return img
}

// TestLogoAssetUpdateChecks: a logo asset is accepted on update when it
// names one of the caller's photos with valid placement data; another
// user's photo is "not found" like any other asset, and missing ids or bad
// data are 400s naming the field.
func TestLogoAssetUpdateChecks(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{} })
	c := e.loginApp("logo-owner")
	other := e.addUser("logo-other", -1)
	mine := c.putPhoto(solidJPEG(t, 64, 32, color.RGBA{0, 200, 0, 255}))
	theirs := other.putPhoto(solidJPEG(t, 64, 32, color.RGBA{200, 0, 0, 255}))
	id := c.ok(c.form("POST", "/me/videos", "name", "L"))["id"].(string)

	ok := fmt.Sprintf(`[{"name":"logo","asset_id":%q,"data":{"corner":"top-left","size":0.25,"opacity":1}}]`, mine)
	v := c.ok(c.form("POST", "/me/videos/"+id, "assets", ok))
	a := v["assets"].([]any)[0].(map[string]any)
	d := a["data"].(map[string]any)
	if a["name"] != "logo" || a["asset_id"] != mine || d["corner"] != "top-left" || d["size"] != 0.25 || d["opacity"] != 1.0 {
		t.Fatalf("stored logo asset %v", a)
	}
	for _, tc := range []struct{ assets, want string }{
		{fmt.Sprintf(`[{"name":"logo","asset_id":%q}]`, theirs), fmt.Sprintf(`assets[0].asset_id: logo %q not found`, theirs)},
		{`[{"name":"logo","data":{"corner":"top-left"}}]`, "assets[0].asset_id: a logo needs the asset_id of one of your photos"},
		{fmt.Sprintf(`[{"name":"logo","asset_id":%q,"data":{"corner":"middle"}}]`, mine), `assets[0].data.corner: must be top-left`},
		{fmt.Sprintf(`[{"name":"logo","asset_id":%q,"data":{"size":2}}]`, mine), `assets[0].data.size: must be a fraction`},
		{fmt.Sprintf(`[{"name":"logo","asset_id":%q,"data":{"opacity":-1}}]`, mine), `assets[0].data.opacity: must be 0..1`},
	} {
		r := c.form("POST", "/me/videos/"+id, "assets", tc.assets)
		if r.code != 400 {
			t.Errorf("%s: %d %s", tc.assets, r.code, r.body)
			continue
		}
		if msg := r.json(t)["error"].(map[string]any)["message"].(string); !strings.Contains(msg, tc.want) {
			t.Errorf("%s: message %q, want %q", tc.assets, msg, tc.want)
		}
	}

	// A logo whose photo was deleted is refused at render time (7403),
	// before a credit is taken.
	img := c.putPhoto(testJPEG(t, 64, 36, 1))
	c.ok(c.form("POST", "/me/videos/"+id, "style", "vanilla", "assets",
		fmt.Sprintf(`[{"name":"image","asset_id":%q},{"name":"music","asset_id":"lib-chords"},{"name":"logo","asset_id":%q}]`, img, mine)))
	c.ok(c.do("DELETE", "/me/photos/"+mine, nil, nil))
	r := c.do("POST", "/me/videos/"+id+"/render", nil, nil)
	if r.code != 400 || r.errorStatus(t) != 7403 || !strings.Contains(string(r.body), "Logo 3") {
		t.Fatalf("render with a deleted logo photo: want 400/7403 naming Logo 3, got %d %s", r.code, r.body)
	}
}

// TestLogoRendered: a preview frame and a render through the server draw
// the logo photo in its corner: ffmpeg's decode of the MP4 shows the logo's colour there and
// not in the opposite corner.
func TestLogoRendered(t *testing.T) {
	t.Parallel()
	needFFprobe(t)
	e := newTestEnv(t, func(c *Config) { c.Renderer = &render.EngineRenderer{} })
	e.srv.Start(context.Background())
	c := e.loginApp("logo-render")
	green := color.RGBA{20, 220, 40, 255}
	logo := c.putPhoto(solidJPEG(t, 200, 100, green))
	p1 := c.putPhoto(testJPEG(t, 320, 180, 0))
	p2 := c.putPhoto(testJPEG(t, 320, 180, 0))
	id := c.ok(c.form("POST", "/me/videos", "name", "Logo"))["id"].(string)
	assets := fmt.Sprintf(`[
		{"name":"image","asset_id":%q,"start_time":0,"end_time":1.5},
		{"name":"image","asset_id":%q,"start_time":1.5,"end_time":3},
		{"name":"music","asset_id":"lib-chords"},
		{"name":"logo","asset_id":%q,"data":{"corner":"top-left","size":0.25,"opacity":1}}]`, p1, p2, logo)
	c.ok(c.form("POST", "/me/videos/"+id, "style", "vanilla", "quality", "360", "assets", assets))
	// The studio's preview frame (GET frame.jpg) draws it too.
	isGreen := func(c color.RGBA) bool { return c.G > 170 && c.R < 90 && c.B < 100 }
	fr := c.do("GET", "/me/videos/"+id+"/frame.jpg?t=1", nil, nil)
	if fr.code != 200 {
		t.Fatalf("frame.jpg: %d %s", fr.code, fr.body)
	}
	pv, err := jpeg.Decode(bytes.NewReader(fr.body))
	if err != nil {
		t.Fatal(err)
	}
	if b := pv.Bounds(); b.Dx() != 640 || b.Dy() != 360 {
		t.Fatalf("frame.jpg is %v, want 640x360", b)
	}
	if in := color.RGBAModel.Convert(pv.At(14+80, 14+40)).(color.RGBA); !isGreen(in) {
		t.Fatalf("preview frame: logo corner %v, want green", in)
	}
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	v := waitStatus(t, c, id, model.StatusPublished, model.StatusFailed)
	if v["status"] != model.StatusPublished {
		t.Fatalf("render failed: %v", v["reason"])
	}
	dl := e.do("GET", v["video"].(map[string]any)["360"].(map[string]any)["url"].(string), nil, nil)
	if dl.code != 200 {
		t.Fatalf("download: %d", dl.code)
	}
	frame := ffmpegFrame(t, dl.body, 1, 640, 360)
	// 640x360, size 0.25: a 160x80 logo at a margin of 14 px (4% of 360).
	in := frame.RGBAAt(14+80, 14+40)
	out := frame.RGBAAt(640-14-80, 360-14-40)
	below := frame.RGBAAt(14+80, 14+80+30)
	if !isGreen(in) || isGreen(out) || isGreen(below) {
		t.Fatalf("logo corner %v (want green %v), opposite corner %v, below the logo %v (want not green)", in, green, out, below)
	}
}
