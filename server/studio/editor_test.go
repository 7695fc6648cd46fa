package studio_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/reelkit/reel/server/auth"
)

var axeJS = mustRead("testdata/axe/axe.min.js")

// axeCheck runs axe-core in the page and fails on serious or critical
// violations.
func (b *browser) axeCheck(view string) {
	b.t.Helper()
	if !eval[bool](b, `typeof axe !== 'undefined'`) {
		eval[chromedp.Void](b, axeJS)
	}
	type violation struct {
		ID     string   `json:"id"`
		Impact string   `json:"impact"`
		Help   string   `json:"help"`
		Nodes  []string `json:"nodes"`
	}
	vs := eval[[]violation](b, `axe.run(document, {resultTypes: ['violations'], preload: false}).then(r => r.violations
		.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 120))})))`)
	for _, v := range vs {
		b.t.Errorf("axe (%s view): %s %s: %s %q", view, v.Impact, v.ID, v.Help, v.Nodes)
	}
}

// editedVideo makes, through the API, the video the editor tests open:
// three photos with captions, a text slide, the library's first track.
func editedVideo(t *testing.T, e *env, user string) (api *sessionClient, id string) {
	t.Helper()
	if _, err := auth.AddUser(context.Background(), e.store, user, "secret-"+user, "Eve", -1); err != nil {
		t.Fatal(err)
	}
	api = signIn(t, e.url, user, "secret-"+user)
	var assets []any
	for i := range 3 {
		jpg, err := os.ReadFile(filepath.Join("..", "..", "testdata", "photos", fmt.Sprintf("%02d.jpg", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		pid := api.do("PUT", "/me/photos", "image/jpeg", jpg)["id"].(string)
		assets = append(assets, map[string]any{"name": "image", "asset_id": pid, "data": map[string]any{"text": fmt.Sprintf("Photo %d", i+1)}})
	}
	assets = append(assets, map[string]any{"name": "text", "data": map[string]any{"title": "The end"}},
		map[string]any{"name": "music", "asset_id": "lib-demo"})
	body, _ := json.Marshal(map[string]any{"name": "Edited", "style": "vanilla", "quality": 720, "assets": assets})
	id = api.do("POST", "/me/videos", "application/json", body)["id"].(string)
	api.do("POST", "/me/videos/"+id, "application/json", body)
	// One frame first: the server's first drawing of text indexes the
	// machine's fonts (seconds, once per process; reeld shares one font
	// library), which is not what the page's timing is about.
	if res, err := api.hc.Get(e.url + "/me/videos/" + id + "/frame.jpg?t=1"); err == nil {
		res.Body.Close()
	}
	return api, id
}

func (b *browser) signInAndOpen(url, user, id string) {
	b.t.Helper()
	b.do("open", chromedp.Navigate(url+"/"), chromedp.WaitVisible(chromedp.CSS("#signin")))
	b.do("sign-in",
		chromedp.SendKeys(chromedp.CSS("input[name=username]"), user),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), "secret-"+user+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#new-video")))
	b.do("open-video", chromedp.Navigate(url+"/#/v/"+id), chromedp.WaitVisible(chromedp.CSS("#video-name")))
}

// TestStudioPreviewPlaysAndTimelineEdits: opening a video made through
// the API, the preview <video> plays past 2 s within 10 s; an edit points
// it at the new draft, which plays past 2 s within 10 s again; the
// filmstrip reorders by keyboard and by drag, each slide's duration is
// editable and saved as end_time, undo puts the order back; the music
// lane draws the track; axe-core finds nothing serious; no console
// errors.
func TestStudioPreviewPlaysAndTimelineEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium): skipping the studio browser test")
	}
	e := newEnv(t)
	api, id := editedVideo(t, e, "editor")
	b := newBrowser(t, chrome, viewport{name: "editor-desktop", w: 1440, h: 900})
	b.signInAndOpen(e.url, "editor", id)
	start := time.Now()
	b.wait("preview-plays", `(() => { const v = document.querySelector('#preview'); return v && !v.hidden && v.currentTime > 2; })()`, 10*time.Second)
	t.Logf("preview past 2 s after %v", time.Since(start))
	if msg := eval[string](b, `(() => { const v = document.querySelector('#preview'); return v.error ? 'media error ' + v.error.code : ''; })()`); msg != "" {
		t.Fatal(msg)
	}
	// The preview stays in view while scrolling the editing column.
	eval[chromedp.Void](b, `window.scrollTo(0, document.body.scrollHeight / 2)`)
	if top := eval[float64](b, `document.querySelector('#preview-pane').getBoundingClientRect().top`); top < 0 || top > 20 {
		t.Errorf("after scrolling, the preview's top is at %v px: not sticky", top)
	}
	eval[chromedp.Void](b, `window.scrollTo(0, 0)`)
	b.axeCheck("editor")

	// Edit a caption: saved, then the video is pointed at the new draft
	// and plays past 2 s again.
	src0 := eval[string](b, `document.querySelector('#preview').src`)
	b.do("caption", chromedp.SendKeys(chromedp.CSS("#slides li:nth-child(1) input.caption"), " at dawn"))
	b.wait("preview-refreshed", fmt.Sprintf(`document.querySelector('#preview').src !== %q`, src0), 10*time.Second)
	start = time.Now()
	b.wait("preview-plays-again", `document.querySelector('#preview').currentTime > 2`, 10*time.Second)
	t.Logf("edited preview past 2 s after %v", time.Since(start))

	order := func() string {
		return eval[string](b, `[...document.querySelectorAll('#slides li.slide')].map(l => l.querySelector('img') ? l.querySelector('img').src.split('/').slice(-2)[0] : 'text').join(',')`)
	}
	o0 := strings.Split(order(), ",")
	if len(o0) != 4 || o0[3] != "text" {
		t.Fatalf("filmstrip order %v", o0)
	}
	// Keyboard: the first slide's handle, arrow right.
	b.do("reorder-keyboard", chromedp.Focus(chromedp.CSS("#slides li:nth-child(1) .handle")), chromedp.KeyEvent(kb.ArrowRight))
	want := []string{o0[1], o0[0], o0[2], o0[3]}
	if got := order(); got != strings.Join(want, ",") {
		t.Fatalf("arrow right: %s, want %s", got, strings.Join(want, ","))
	}
	// Drag: slide 3's handle onto slide 1.
	b.drag("reorder-drag", 3, 1, false)
	want = []string{want[2], want[0], want[1], want[3]}
	if got := order(); got != strings.Join(want, ",") {
		t.Fatalf("drag: %s, want %s", got, strings.Join(want, ","))
	}
	// Duration of slide 2: 6.5 s, saved as its end_time.
	eval[chromedp.Void](b, `(() => { const d = document.querySelectorAll('#slides input.duration')[1]; d.value = '6.5'; d.dispatchEvent(new Event('change')); })()`)
	b.wait("saved", `document.querySelector('#save-state').textContent === 'All changes saved'`, 15*time.Second)
	v := api.do("GET", "/me/videos/"+id, "", nil)
	as := v["assets"].([]any)
	if a1 := as[1].(map[string]any); a1["end_time"] != 6.5 || !strings.Contains(a1["asset_id"].(string), want[1]) {
		t.Fatalf("slide 2 after the edit: %v", a1)
	}
	// The music lane: the track's waveform is drawn (not one flat colour).
	b.wait("lane", `document.querySelector('#music-info').textContent.includes('beats')`, 10*time.Second)
	b.do("timeline", chromedp.ScrollIntoView(chromedp.CSS("#music-lane")))
	// Undo three times: the duration, the drag, the keyboard move.
	for range 3 {
		b.do("undo", chromedp.Click(chromedp.CSS("#undo")))
	}
	if got := order(); got != strings.Join(o0, ",") {
		t.Fatalf("after undo: %s, want %s", got, strings.Join(o0, ","))
	}
	b.do("redo", chromedp.Click(chromedp.CSS("#redo")))
	b.wait("saved-again", `document.querySelector('#save-state').textContent === 'All changes saved'`, 15*time.Second)
	// The redone draft plays again, into its first photo (the picture of
	// docs/studio-desktop.png).
	eval[chromedp.Void](b, `window.scrollTo(0, 0)`)
	b.wait("playing-photo", `document.querySelector('#preview').currentTime > 6`, 20*time.Second)
	if msgs := b.messages(); len(msgs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(msgs, "\n"))
	}
}

// TestStudioPhoneShowsPreviewFirst: at 390x844 the playing preview is
// within the first screen of the editor, and it plays.
func TestStudioPhoneShowsPreviewFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium): skipping the studio browser test")
	}
	e := newEnv(t)
	_, id := editedVideo(t, e, "phone")
	b := newBrowser(t, chrome, viewport{name: "editor-phone", w: 390, h: 844, mobile: true})
	b.signInAndOpen(e.url, "phone", id)
	b.wait("preview-plays", `document.querySelector('#preview').currentTime > 1`, 10*time.Second)
	b.wait("playing-photo", `document.querySelector('#preview').currentTime > 6`, 20*time.Second)
	type rect struct{ Top, Bottom, Width float64 }
	r := eval[rect](b, `(() => { window.scrollTo(0, 0); const r = document.querySelector('#stage').getBoundingClientRect(); return {Top: r.top, Bottom: r.bottom, Width: r.width}; })()`)
	if r.Top < 0 || r.Bottom > 844 || r.Width < 300 {
		t.Errorf("the preview on a phone is at %+v: want it whole in the first 844 px, at least 300 px wide", r)
	}
	if w := eval[float64](b, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page is %v px wide on a 390 px phone", w)
	}
	b.axeCheck("phone editor")
	if msgs := b.messages(); len(msgs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(msgs, "\n"))
	}
}
