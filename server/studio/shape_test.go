package studio_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// regionsJS loads the preview frame at t and answers the mean of each
// channel over its top-left and top-right fifths.
const regionsJS = `(async () => {
	const i = new Image();
	i.src = '/me/videos/%s/frame.jpg?t=%v&n=' + Math.random();
	await i.decode();
	const c = document.createElement('canvas'); c.width = i.naturalWidth; c.height = i.naturalHeight;
	const g = c.getContext('2d', {willReadFrequently: true}); g.drawImage(i, 0, 0);
	const mean = (x0) => {
		const w = Math.round(c.width / 5), h = Math.round(c.height / 5);
		const d = g.getImageData(x0 * (c.width - w), 0, w, h).data;
		const m = [0, 0, 0];
		for (let k = 0; k < d.length; k += 4) { m[0] += d[k]; m[1] += d[k + 1]; m[2] += d[k + 2]; }
		return m.map((v) => v / (d.length / 4));
	};
	return [...mean(0), ...mean(1)];
})()`

// TestStudioLogoAspectAndMusicStart: a logo uploaded on the editor and
// moved to the top-left corner is saved as the video's logo asset and
// drawn there in the preview's frame (the top-right corner unchanged);
// choosing 9:16 is saved and the playing preview turns portrait (its
// stage and the streamed video); the "Music starts at" slider saves the
// music's start_time and says the time; "Skip the track's first" saves its
// data.trim_start and the lane says it; counts are singular for one;
// a caption being typed keeps the focus across its save.
func TestStudioLogoAspectAndMusicStart(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium): skipping the studio browser test")
	}
	e := newEnv(t)
	api, id := editedVideo(t, e, "shaper")
	b := newBrowser(t, chrome, viewport{name: "shape", w: 1440, h: 900})
	b.signInAndOpen(e.url, "shaper", id)
	b.wait("preview", `(() => { const v = document.querySelector('#preview'); return !v.hidden && v.readyState >= 2; })()`, 15*time.Second)
	saved := func(step string) {
		b.wait(step, `document.querySelector('#save-state').textContent === 'All changes saved'`, 15*time.Second)
	}
	if got := eval[string](b, `import('/studio/dom.js').then(m => [0, 1, 2].map(n => m.plural(n, 'beat', 'beats')).join('|'))`); got != "0 beats|1 beat|2 beats" {
		t.Errorf("plural: %q", got)
	}

	// The logo: uploaded, in the top-left corner of the preview's frame.
	const at = 6.0 // in the first photo
	before := eval[[]float64](b, fmt.Sprintf(regionsJS, id, at))
	logo, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "photos", "05.jpg"))
	b.do("logo", chromedp.SetUploadFiles(chromedp.CSS("#logo-input"), []string{logo}))
	b.wait("logo-shown", `(() => { const i = document.querySelector('#logo-box img'); return i && i.complete && i.naturalWidth > 0; })()`, 30*time.Second)
	eval[chromedp.Void](b, `(() => { const s = document.querySelector('#logo-corner'); s.value = 'top-left'; s.dispatchEvent(new Event('change')); })()`)
	saved("logo-saved")
	var corner any
	for _, a := range api.do("GET", "/me/videos/"+id, "", nil)["assets"].([]any) {
		if a := a.(map[string]any); a["name"] == "logo" {
			corner = a["data"].(map[string]any)["corner"]
		}
	}
	if corner != "top-left" {
		t.Fatalf("the video's logo corner after the upload: %v", corner)
	}
	after := eval[[]float64](b, fmt.Sprintf(regionsJS, id, at))
	diff := func(i int) float64 {
		d := 0.0
		for k := i; k < i+3; k++ {
			d += max(before[k]-after[k], after[k]-before[k])
		}
		return d / 3
	}
	if tl, tr := diff(0), diff(3); tl < 8 || tr > 2 {
		t.Errorf("with the logo top-left the frame's top-left fifth changed by %.1f, its top-right by %.1f (want > 8 and < 2)", tl, tr)
	}

	// 9:16: saved, and the preview follows (stage and stream portrait).
	src := eval[string](b, `document.querySelector('#preview').src`)
	eval[chromedp.Void](b, `(() => { const s = document.querySelector('#aspect'); s.value = '9:16'; s.dispatchEvent(new Event('change')); })()`)
	saved("aspect-saved")
	if v := api.do("GET", "/me/videos/"+id, "", nil); v["aspect"] != "9:16" {
		t.Fatalf("aspect after the change: %v", v["aspect"])
	}
	b.wait("portrait-preview", fmt.Sprintf(`(() => { const v = document.querySelector('#preview'); return v.src !== %q && v.videoHeight > v.videoWidth && v.videoWidth > 0; })()`, src), 20*time.Second)
	type box struct{ W, H float64 }
	if r := eval[box](b, `(() => { const r = document.querySelector('#stage').getBoundingClientRect(); return {W: r.width, H: r.height}; })()`); r.H < r.W*1.6 {
		t.Errorf("the 9:16 preview's stage is %.0fx%.0f", r.W, r.H)
	}

	// Music starts at 3 s.
	b.wait("lane", `document.querySelector('#music-info').textContent.endsWith('marked in yellow.')`, 15*time.Second)
	eval[chromedp.Void](b, `(() => { const s = document.querySelector('#music-start'); s.value = '3'; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); })()`)
	saved("music-start-saved")
	if got := eval[string](b, `document.querySelector('#music-start-out').textContent`); got != "0:03.0" {
		t.Errorf("the music start says %q", got)
	}
	var start any
	for _, a := range api.do("GET", "/me/videos/"+id, "", nil)["assets"].([]any) {
		if a := a.(map[string]any); a["name"] == "music" {
			start = a["start_time"]
		}
	}
	if start != 3.0 {
		t.Errorf("the music's start_time after the slider: %v", start)
	}
	// Skip the track's first 2.5 s: saved as the music's data.trim_start,
	// its start_time kept; the lane says where the track starts.
	eval[chromedp.Void](b, `(() => { const s = document.querySelector('#music-trim'); s.value = '2.5'; s.dispatchEvent(new Event('change')); })()`)
	saved("music-trim-saved")
	var trim any
	start = nil
	for _, a := range api.do("GET", "/me/videos/"+id, "", nil)["assets"].([]any) {
		if a := a.(map[string]any); a["name"] == "music" {
			start = a["start_time"]
			if d, ok := a["data"].(map[string]any); ok {
				trim = d["trim_start"]
			}
		}
	}
	if trim != 2.5 || start != 3.0 {
		t.Errorf("the music after skipping 2.5 s: trim_start %v, start_time %v; want 2.5 and 3", trim, start)
	}
	if got := eval[string](b, `document.querySelector('#music-info').textContent`); !strings.Contains(got, "starts 0:02.5 into the track") {
		t.Errorf("the music lane says %q", got)
	}
	// Typing a caption keeps the focus when the saved draft's timeline
	// comes back (the filmstrip is not redrawn under the cursor).
	src = eval[string](b, `document.querySelector('#preview').src`)
	b.do("type-caption", chromedp.Focus(chromedp.CSS("#slides li:nth-child(2) input.caption")), chromedp.SendKeys(chromedp.CSS("#slides li:nth-child(2) input.caption"), " and more"))
	b.wait("caption-previewed", fmt.Sprintf(`document.querySelector('#preview').src !== %q`, src), 15*time.Second)
	if got := eval[string](b, `(() => { const a = document.activeElement; return a.className + ' ' + a.value + ' ' + a.closest('li').dataset.index; })()`); got != "caption Photo 2 and more 1" {
		t.Errorf("after the caption's save the focus is on %q, want the caption being typed", got)
	}
	if msgs := b.messages(); len(msgs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(msgs, "\n"))
	}
}
