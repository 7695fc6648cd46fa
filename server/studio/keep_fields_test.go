package studio_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/reelkit/reel/server/auth"
)

// sessionClient is the API as the studio page uses it: a session cookie
// and the CSRF header.
type sessionClient struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func signIn(t *testing.T, base, user, pass string) *sessionClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &sessionClient{t: t, base: base, hc: &http.Client{Jar: jar}}
	res, err := c.hc.PostForm(base+"/studio/session", url.Values{"username": {user}, "password": {pass}})
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		CSRF string `json:"csrf_token"`
	}
	json.NewDecoder(res.Body).Decode(&s)
	res.Body.Close()
	if res.StatusCode != 200 || s.CSRF == "" {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	c.csrf = s.CSRF
	return c
}

func (c *sessionClient) do(method, path, ctype string, body []byte) map[string]any {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	req.Header.Set("X-CSRF-Token", c.csrf)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || res.StatusCode != 200 {
		c.t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	return m
}

func photoBytes(t *testing.T, shade uint8) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = shade + uint8(i%7)
	}
	img.Set(0, 0, color.RGBA{R: shade, A: 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gifClip is a two-second animated GIF (ten frames of 0.2 s), a clip
// the server reads without any decoder library.
func gifClip(t *testing.T) []byte {
	t.Helper()
	var g gif.GIF
	for i := range 10 {
		img := image.NewPaletted(image.Rect(0, 0, 64, 48), palette.Plan9)
		for k := range img.Pix {
			img.Pix[k] = uint8(20*i + k%40)
		}
		g.Image = append(g.Image, img)
		g.Delay = append(g.Delay, 20)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestStudioKeepsWhatItDoesNotShow: a video made through the API with
// every field set — slide timings, a caption in data.caption, a text
// slide, a video clip with its trims, volume and mute, per-slide
// transitions and caption positions, music placed at
// 2 s with its first 1.5 s skipped, a logo with its corner, size and opacity, credits, the 9:16
// aspect and 480p — is opened in the studio, renamed there, saved; the
// API then answers the same video but for its name.
func TestStudioKeepsWhatItDoesNotShow(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test skipped in -short mode")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium): skipping the studio end-to-end test")
	}
	e := newEnv(t)
	ctx := context.Background()
	if _, err := auth.AddUser(ctx, e.store, "keeper", "secret-keep", "Kim", -1); err != nil {
		t.Fatal(err)
	}
	api := signIn(t, e.url, "keeper", "secret-keep")
	var photos []string
	for i := range 3 {
		photos = append(photos, api.do("PUT", "/me/photos", "image/jpeg", photoBytes(t, uint8(40*i+20)))["id"].(string))
	}
	clip := api.do("PUT", "/me/clips", "image/gif", gifClip(t))["id"].(string)
	project := map[string]any{
		"name": "Before", "style": "vanilla", "quality": 480, "aspect": "9:16",
		"assets": []any{
			map[string]any{"name": "music", "asset_id": "lib-chords", "start_time": 2, "end_time": 0, "data": map[string]any{"trim_start": 1.5}},
			map[string]any{"name": "image", "asset_id": photos[0], "start_time": 0, "end_time": 5, "data": map[string]any{"caption": "First light", "transition": "push-left", "text_position": "top"}},
			map[string]any{"name": "image", "asset_id": photos[1], "start_time": 5, "end_time": 15, "data": map[string]any{"text": "Long look"}},
			map[string]any{"name": "video", "asset_id": clip, "start_time": 15, "end_time": 17.5,
				"data": map[string]any{"caption": "Waves", "trim_start": 0.4, "trim_end": 1.6, "volume": 0.6, "mute": true, "text_position": "middle"}},
			map[string]any{"name": "text", "start_time": 17.5, "end_time": 21, "data": map[string]any{"title": "Day two", "text": "Hills", "transition": "dip-to-colour"}},
			map[string]any{"name": "logo", "asset_id": photos[2], "data": map[string]any{"corner": "top-left", "size": 0.2, "opacity": 0.7}},
		},
		"credit": [][]string{{"Music", "Someone"}, {"Photos", "Kim"}},
	}
	body, _ := json.Marshal(project)
	id := api.do("POST", "/me/videos", "application/json", body)["id"].(string)
	body, _ = json.Marshal(project) // POST /me/videos makes the draft; set every field on it
	api.do("POST", "/me/videos/"+id, "application/json", body)
	before := api.do("GET", "/me/videos/"+id, "", nil)

	b := newBrowser(t, chrome, viewport{name: "keep", w: 1280, h: 900, quality: "480"})
	b.do("open", chromedp.Navigate(e.url+"/"), chromedp.WaitVisible(chromedp.CSS("#signin")))
	b.do("sign-in",
		chromedp.SendKeys(chromedp.CSS("input[name=username]"), "keeper"),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), "secret-keep"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#new-video")))
	b.do("open-video", chromedp.Navigate(e.url+"/#/v/"+id), chromedp.WaitVisible(chromedp.CSS("#video-name")))
	b.wait("loaded", `document.querySelector('#video-name').value === 'Before'`, 10*time.Second)
	eval[chromedp.Void](b, `document.querySelector('#video-name').select()`)
	b.do("rename", chromedp.SendKeys(chromedp.CSS("#video-name"), "After"))
	b.wait("saved", `document.querySelector('#save-state').textContent === 'All changes saved'`, 15*time.Second)

	after := api.do("GET", "/me/videos/"+id, "", nil)
	if after["name"] != "After" {
		t.Fatalf("name after the edit: %v", after["name"])
	}
	for _, k := range []string{"name", "modified_on"} {
		delete(before, k)
		delete(after, k)
	}
	if !reflect.DeepEqual(before, after) {
		bj, _ := json.MarshalIndent(before, "", " ")
		aj, _ := json.MarshalIndent(after, "", " ")
		t.Fatalf("renaming in the studio changed the video beyond its name:\nbefore %s\nafter %s", bj, aj)
	}
	for _, want := range []string{`"start_time":2`, `"trim_start":1.5`, `"corner":"top-left"`, `"text":"First light"`, `"aspect":"9:16"`,
		`"trim_start":0.4`, `"trim_end":1.6`, `"volume":0.6`, `"mute":true`, `"text":"Waves"`,
		`"transition":"push-left"`, `"text_position":"top"`, `"text_position":"middle"`, `"transition":"dip-to-colour"`} {
		if aj, _ := json.Marshal(after); !strings.Contains(string(aj), want) {
			t.Errorf("the video lacks %s: %s", want, aj)
		}
	}
}
