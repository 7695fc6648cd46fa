package studio_test

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/reelkit/reel/internal/testlong"
)

// h264Clip makes a 4 s 320x240 H.264 High-profile clip with AAC sound
// (a pan across a test photo and a tone) with ffmpeg, the test's
// generator; the test skips when ffmpeg is absent.
func h264Clip(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed (apt-get install -y ffmpeg): it makes the test's H.264 clip; skipping the studio clip test")
	}
	f := filepath.Join(t.TempDir(), "beach.mp4")
	photo := filepath.Join("..", "..", "testdata", "photos", "07.jpg")
	out, err := exec.Command("ffmpeg", "-v", "error", "-loop", "1", "-framerate", "25", "-t", "4", "-i", photo,
		"-f", "lavfi", "-i", "sine=frequency=440:duration=4",
		"-vf", "scale=640:400,crop=320:240:x='t*60':y=80,format=yuv420p", "-c:v", "libx264", "-profile:v", "high",
		"-c:a", "aac", "-shortest", "-movflags", "+faststart", f).CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	return f
}

// videoAsset is the video asset of the stored video, as the API answers.
func videoAsset(t *testing.T, api *sessionClient, id string) map[string]any {
	t.Helper()
	for _, a := range api.do("GET", "/me/videos/"+id, "", nil)["assets"].([]any) {
		if a := a.(map[string]any); a["name"] == "video" {
			return a
		}
	}
	t.Fatal("the video has no video asset")
	return nil
}

// TestStudioClipSlides: on the editor of a video with photos, a file
// that is no clip is refused with the server's words next to its
// upload; an H.264 clip uploads through the file picker and becomes a
// slide showing its poster and a "video 0:04.0" badge; the trim fields
// and a dragged handle write data.trim_start and data.trim_end (the
// badge follows), the mute toggle data.mute; the timeline times the
// slide by its trimmed length; the page passes axe-core. With
// REEL_TEST_LONG=1 the preview plays into the clip, and the video
// renders: the MP4's duration (ffprobe) is the timeline's, with the clip
// at its trimmed length. No console errors.
func TestStudioClipSlides(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium): skipping the studio browser test")
	}
	clip := h264Clip(t)
	e := newEnv(t)
	api, id := editedVideo(t, e, "clipper")
	b := newBrowser(t, chrome, viewport{name: "clips", w: 1440, h: 900})
	b.signInAndOpen(e.url, "clipper", id)
	b.wait("loaded", `document.querySelectorAll('#slides li.slide').length === 4`, 10*time.Second)

	// An SVG renamed .mp4 is refused by the server; its words are shown.
	notClip := filepath.Join(t.TempDir(), "holiday.mp4")
	svg, err := os.ReadFile(filepath.Join("static", "icon.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(notClip, svg, 0o644); err != nil {
		t.Fatal(err)
	}
	b.do("not-a-clip", chromedp.SetUploadFiles(chromedp.CSS("#photo-input"), []string{notClip}))
	b.wait("refused", `[...document.querySelectorAll('.uploads .error')].some(e => e.textContent.startsWith('holiday.mp4 was not added: Unsupported clip type'))`, 20*time.Second)
	b.forgive("status of 415", "/me/clips")
	b.do("dismiss", chromedp.Click(chromedp.CSS(".uploads button")))

	// The clip: uploaded, a slide with its poster and badge.
	b.do("clip", chromedp.SetUploadFiles(chromedp.CSS("#photo-input"), []string{clip}))
	b.wait("clip-slide", `(() => { const i = document.querySelector('#slides li[data-kind=video] img.thumb'); return i && i.complete && i.naturalWidth > 0; })()`, 60*time.Second)
	type poster struct {
		Src   string  `json:"src"`
		W     int     `json:"w"`
		H     int     `json:"h"`
		Std   float64 `json:"std"`
		Badge string  `json:"badge"`
	}
	p := eval[poster](b, `(() => {
		const li = document.querySelector('#slides li[data-kind=video]');
		const i = li.querySelector('img.thumb');
		const c = document.createElement('canvas'); c.width = 32; c.height = 24;
		const g = c.getContext('2d'); g.drawImage(i, 0, 0, 32, 24);
		const d = g.getImageData(0, 0, 32, 24).data;
		let s = 0, s2 = 0, n = 0;
		for (let k = 0; k < d.length; k++) if (k % 4 !== 3) { s += d[k]; s2 += d[k] * d[k]; n++; }
		const m = s / n;
		return {src: i.src, w: i.naturalWidth, h: i.naturalHeight, std: Math.sqrt(s2 / n - m * m), badge: li.querySelector('.clipbadge').textContent};
	})()`)
	if !strings.HasSuffix(p.Src, "/poster.jpg") || p.W != 320 || p.H != 240 || p.Std < 20 {
		t.Errorf("the clip slide's poster: %+v: want the clip's 320x240 poster of the photo", p)
	}
	if p.Badge != "video 0:04.0" {
		t.Errorf("the clip's badge says %q, want %q", p.Badge, "video 0:04.0")
	}
	if got := eval[string](b, `document.querySelector('#slide-count').textContent`); got != "5 slides: 3 photos, 1 video clip, 1 text slide." {
		t.Errorf("slide count %q", got)
	}
	saved := func(step string) {
		b.wait(step, `document.querySelector('#save-state').textContent === 'All changes saved'`, 15*time.Second)
	}
	saved("clip-saved")
	if a := videoAsset(t, api, id); a["data"].(map[string]any)["trim_start"] != nil {
		t.Errorf("a new clip slide plays the whole clip: %v", a)
	}
	// It moves like any slide: three places left, to second.
	for range 3 {
		b.do("move-clip", chromedp.Focus(chromedp.CSS("#slides li[data-kind=video] .handle")), chromedp.KeyEvent(kb.ArrowLeft))
	}
	if got := eval[string](b, `[...document.querySelectorAll('#slides li.slide')].map(l => l.dataset.kind).join()`); got != "image,video,image,image,text" {
		t.Fatalf("slide kinds after moving the clip: %s", got)
	}

	// Trims by the fields.
	setField := func(sel, v string) {
		eval[chromedp.Void](b, fmt.Sprintf(`(() => { const f = document.querySelector('#slides li[data-kind=video] %s'); f.value = %q; f.dispatchEvent(new Event('change')); })()`, sel, v))
	}
	setField("input.trim-start", "0.5")
	setField("input.trim-end", "3.5")
	saved("trims-saved")
	d := videoAsset(t, api, id)["data"].(map[string]any)
	if d["trim_start"] != 0.5 || d["trim_end"] != 3.5 {
		t.Fatalf("after the trim fields: data %v, want trim_start 0.5, trim_end 3.5", d)
	}
	if got := eval[string](b, `document.querySelector('#slides li[data-kind=video] .clipbadge').textContent`); got != "video 0:03.0" {
		t.Errorf("badge after trimming to 0.5-3.5 s: %q", got)
	}
	// A start after the end is refused, the field put back.
	setField("input.trim-start", "3.45")
	if got := eval[string](b, `document.querySelector('#slides li[data-kind=video] input.trim-start').value`); got != "0.5" {
		t.Errorf("a start 0.05 s before the end was taken: the field shows %q", got)
	}

	// Drag the end handle to 60 % of the bar: the clip ends at 2.4 s.
	type pt struct{ X, Y, X2 float64 }
	q := eval[pt](b, `(() => {
		const li = document.querySelector('#slides li[data-kind=video]');
		li.scrollIntoView({block: 'center', inline: 'center'});
		const bar = li.querySelector('.trimbar').getBoundingClientRect();
		const h = li.querySelector('.trim-handle.end').getBoundingClientRect();
		return {X: h.left + h.width / 2, Y: h.top + h.height / 2, X2: bar.left + bar.width * 0.6};
	})()`)
	acts := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, q.X, q.Y),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, q.X, q.Y, chromedp.ButtonLeft, chromedp.ClickCount(1))}
	for k := 1; k <= 6; k++ {
		acts = append(acts, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, q.X+(q.X2-q.X)*float64(k)/6, q.Y, chromedp.ButtonLeft))
	}
	acts = append(acts, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, q.X2, q.Y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	b.do("drag-trim-end", acts...)
	saved("drag-saved")
	d = videoAsset(t, api, id)["data"].(map[string]any)
	if end, _ := d["trim_end"].(float64); d["trim_start"] != 0.5 || math.Abs(end-2.4) > 0.1 {
		t.Fatalf("after dragging the end handle to 60 %%: data %v, want trim_start 0.5, trim_end 2.4", d)
	}
	if got := eval[string](b, `document.querySelector('#slides li[data-kind=video] input.trim-end').value`); got != fmt.Sprint(math.Round(d["trim_end"].(float64)*10)/10) {
		t.Errorf("the end field shows %q after the drag to %v", got, d["trim_end"])
	}

	// Mute.
	b.do("mute", chromedp.Click(chromedp.CSS("#slides li[data-kind=video] input.mute")))
	saved("mute-saved")
	d = videoAsset(t, api, id)["data"].(map[string]any)
	if d["mute"] != true {
		t.Fatalf("after the mute toggle: data %v", d)
	}

	// The timeline times the clip slide by its trimmed part.
	played := d["trim_end"].(float64) - d["trim_start"].(float64)
	tl := api.do("GET", "/me/videos/"+id+"/timeline", "", nil)
	var span float64
	for _, s := range tl["slides"].([]any) {
		if s := s.(map[string]any); s["kind"] == "video" {
			span = s["end"].(float64) - s["start"].(float64)
		}
	}
	if math.Abs(span-played) > 0.05 {
		t.Errorf("the clip slide spans %.3f s of the timeline, its trimmed part %.3f s", span, played)
	}
	b.axeCheck("editor with a clip slide")

	if testlong.Enabled() {
		// The preview plays on into the clip slide.
		var clipAt float64
		for _, s := range tl["slides"].([]any) {
			if s := s.(map[string]any); s["kind"] == "video" {
				clipAt = s["start"].(float64)
			}
		}
		b.wait("preview-plays-clip", fmt.Sprintf(`document.querySelector('#preview').currentTime > %.2f`, clipAt+0.5), 40*time.Second)
		// The picture of docs/studio-clip.png: the preview paused in the
		// clip, the filmstrip in view.
		eval[chromedp.Void](b, `document.querySelector('#preview').pause()`)
		eval[chromedp.Void](b, `window.scrollTo(0, document.querySelector('#slide-count').getBoundingClientRect().top + window.scrollY - 200)`)
		b.do("clip-desktop")
		phoneClipView(t, e.url, chrome, id, clipAt)
		// Render at 360p: the MP4 lasts what the timeline says.
		eval[chromedp.Void](b, `(() => { const q = document.querySelector('#quality'); q.value = '360'; q.dispatchEvent(new Event('change')); })()`)
		saved("quality-saved")
		tl = api.do("GET", "/me/videos/"+id+"/timeline", "", nil)
		b.do("render", chromedp.Click(chromedp.CSS("#render")))
		b.wait("rendered", `document.querySelector('a.download') !== null || document.querySelector('#render-status').className === 'error'`, 4*time.Minute)
		if msg := eval[string](b, `document.querySelector('#render-status').textContent`); msg != "Published." {
			t.Fatalf("after the render the page says %q", msg)
		}
		href := eval[string](b, `document.querySelector('a.download').href`)
		probe(t, href, "360", tl["duration"].(float64))
	} else {
		t.Logf("render and ffprobe of the clip video skipped: set %s=1", testlong.Env)
	}
	if msgs := b.messages(); len(msgs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(msgs, "\n"))
	}
}

// phoneClipView opens the clip video at 390x844: the preview plays into
// the clip; the clip's card scrolled into view is the picture of
// docs/studio-phone-clip.png; axe-core finds nothing serious.
func phoneClipView(t *testing.T, url, chrome, id string, clipAt float64) {
	b := newBrowser(t, chrome, viewport{name: "clips-phone", w: 390, h: 844, mobile: true})
	b.signInAndOpen(url, "clipper", id)
	b.wait("preview-plays-clip", fmt.Sprintf(`document.querySelector('#preview').currentTime > %.2f`, clipAt+0.8), 40*time.Second)
	eval[chromedp.Void](b, `document.querySelector('#preview').pause()`)
	eval[chromedp.Void](b, `(() => { const li = document.querySelector('#slides li[data-kind=video]'); li.scrollIntoView({block: 'end', inline: 'start'}); window.scrollBy(0, 40); })()`)
	b.do("clip-phone")
	if w := eval[float64](b, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page is %v px wide on a 390 px phone", w)
	}
	b.axeCheck("phone editor with a clip slide")
	if msgs := b.messages(); len(msgs) > 0 {
		t.Errorf("phone: console errors:\n%s", strings.Join(msgs, "\n"))
	}
}
