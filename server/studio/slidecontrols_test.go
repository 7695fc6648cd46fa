package studio_test

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestStudioSlideTransitionAndCaptionPosition: on slide 2's card the
// transition select ("into this slide") and the caption position select
// are set to push-left and Top; the API then holds data.transition and
// data.text_position on that slide only, the preview is pointed at the
// new draft, and choosing "Style's choice" again removes both fields.
// The text slide has a transition select but no caption position.
// axe-core finds nothing serious or critical; no console errors.
func TestStudioSlideTransitionAndCaptionPosition(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium): skipping the studio browser test")
	}
	e := newEnv(t)
	api, id := editedVideo(t, e, "controls")
	b := newBrowser(t, chrome, viewport{name: "slide-controls", w: 1440, h: 900})
	b.signInAndOpen(e.url, "controls", id)
	b.wait("preview-src", `!!document.querySelector('#preview').src`, 15*time.Second)

	if n := eval[int](b, `document.querySelectorAll('#slides li.slide select.transition').length`); n != 4 {
		t.Errorf("%d transition selects, want one per slide (4)", n)
	}
	if n := eval[int](b, `document.querySelectorAll('#slides li.slide select.text-position').length`); n != 3 {
		t.Errorf("%d caption position selects, want one per photo (3)", n)
	}
	if got := eval[string](b, `document.querySelector('#slides li:nth-child(2) select.transition').selectedOptions[0].textContent`); got != "Style's choice" {
		t.Errorf("default transition option %q, want Style's choice", got)
	}
	set := func(sel, value string) {
		eval[chromedp.Void](b, fmt.Sprintf(`(() => { const s = document.querySelector('#slides li:nth-child(2) select.%s');
			s.focus(); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); })()`, sel, value))
	}
	src0 := eval[string](b, `document.querySelector('#preview').src`)
	set("transition", "push-left")
	set("text-position", "top")
	b.wait("saved", `document.querySelector('#save-state').textContent === 'All changes saved'`, 15*time.Second)
	b.wait("preview-refreshed", fmt.Sprintf(`document.querySelector('#preview').src !== %q`, src0), 10*time.Second)
	assets := api.do("GET", "/me/videos/"+id, "", nil)["assets"].([]any)
	for i, a := range assets {
		d, _ := a.(map[string]any)["data"].(map[string]any)
		tr, pos := d["transition"], d["text_position"]
		if i == 1 {
			if tr != "push-left" || pos != "top" || d["text"] != "Photo 2" {
				t.Errorf("slide 2's data after the edit: %v", d)
			}
		} else if tr != nil || pos != nil {
			t.Errorf("asset %d gained transition %v, text_position %v", i, tr, pos)
		}
	}
	// The new draft plays into slide 2 (its caption at the top), paused
	// there for the picture of docs/studio-slide-controls.png.
	b.wait("playing-slide-2", `document.querySelector('#preview').currentTime > 8.3`, 25*time.Second)
	eval[chromedp.Void](b, `document.querySelector('#preview').pause()`)
	b.do("card", chromedp.ScrollIntoView(chromedp.CSS("#slides li:nth-child(2) select.text-position")))
	b.axeCheck("editor with slide controls")

	set("transition", "")
	set("text-position", "")
	b.wait("saved-again", `document.querySelector('#save-state').textContent === 'All changes saved'`, 15*time.Second)
	d := api.do("GET", "/me/videos/"+id, "", nil)["assets"].([]any)[1].(map[string]any)["data"].(map[string]any)
	if _, ok := d["transition"]; ok {
		t.Errorf("Style's choice left data.transition: %v", d)
	}
	if _, ok := d["text_position"]; ok {
		t.Errorf("Style's choice left data.text_position: %v", d)
	}
	if msgs := b.messages(); len(msgs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(msgs, "\n"))
	}
}
