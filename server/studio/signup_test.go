package studio_test

import (
	"context"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/reelkit/reel/server"
	"github.com/reelkit/reel/server/model"
)

// TestStudioNewUserFromSignupToDownload: on a reeld started with signup
// on, a new person creates an account on the sign-in page, starts with an
// empty list, makes a video from two photos with the defaults (720p
// lowered to 360p to keep the test short, the first library track), sees
// the preview play, renders once with no failed render, and downloads an
// MP4. The sign-in, list and editor pages pass axe-core; no console
// errors.
func TestStudioNewUserFromSignupToDownload(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium): skipping the studio browser test")
	}
	e := newEnvWith(t, func(c *server.Config) { c.Signup = true; c.SignupCredits = 3 })
	b := newBrowser(t, chrome, viewport{name: "signup", w: 1280, h: 900})
	b.do("open", chromedp.Navigate(e.url+"/"), chromedp.WaitVisible(chromedp.CSS("#signup")))
	if help := eval[string](b, `document.querySelector('#signin-help').textContent`); !strings.Contains(help, "Create one below") {
		t.Errorf("sign-in help with signup on: %q", help)
	}
	b.axeCheck("sign-in")
	b.do("sign-up",
		chromedp.SendKeys(chromedp.CSS("#signup-username"), "newcomer"),
		chromedp.SendKeys(chromedp.CSS("#signup-name"), "Nia"),
		chromedp.SendKeys(chromedp.CSS("#signup-password"), "long enough"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#new-video")))
	b.wait("empty-list", `document.querySelector('main [role=status]').textContent.includes('No videos yet')`, 10*time.Second)
	b.axeCheck("empty list")
	u, err := e.store.UserByUsername(context.Background(), "newcomer")
	if err != nil || u.Credits == nil || *u.Credits != 3 || u.Name != "Nia" {
		t.Fatalf("the new account: %+v %v", u, err)
	}

	b.do("new-video", chromedp.Click(chromedp.CSS("#new-video")), chromedp.WaitVisible(chromedp.CSS("#video-name")))
	b.wait("editor", `document.querySelectorAll('#styles input[type=radio]').length >= 6`, 20*time.Second)
	if !eval[bool](b, `document.querySelector('#preview').hidden && !document.querySelector('#frame').getAttribute('src')`) {
		t.Error("an empty video shows a preview element (a broken image or an empty player)")
	}
	photos, _ := filepath.Abs("../../testdata/photos")
	b.do("name", chromedp.SendKeys(chromedp.CSS("#video-name"), "My first video"))
	b.do("photos", chromedp.SetUploadFiles(chromedp.CSS("#photo-input"), []string{photos + "/01.jpg", photos + "/02.jpg"}))
	b.wait("uploaded", `document.querySelectorAll('#slides li.slide img').length === 2 && !document.querySelector('.uploads li')`, 60*time.Second)
	eval[chromedp.Void](b, `(() => { const q = document.querySelector('#quality'); q.value = '360'; q.dispatchEvent(new Event('change')); })()`)
	b.wait("preview", `document.querySelector('#preview').currentTime > 1`, 20*time.Second)
	b.wait("ready", `document.querySelector('#save-state').textContent === 'All changes saved' && !document.querySelector('#render').disabled`, 20*time.Second)
	b.axeCheck("editor")
	b.do("render", chromedp.Click(chromedp.CSS("#render")))
	b.wait("rendered", `document.querySelector('a.download') !== null || document.querySelector('#render-status').className === 'error'`, 3*time.Minute)
	if msg := eval[string](b, `document.querySelector('#render-status').textContent`); msg != "Published." {
		t.Fatalf("after the render the page says %q", msg)
	}
	href := eval[string](b, `document.querySelector('a.download').href`)
	res, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || len(body) < 10000 || string(body[4:8]) != "ftyp" {
		t.Fatalf("download: %d, %d bytes", res.StatusCode, len(body))
	}
	vs, err := e.store.ListVideos(context.Background(), u.ID, model.VideoPage{Count: 10})
	if err != nil || len(vs) != 1 || vs[0].Status != model.StatusPublished || vs[0].Error != "" {
		t.Errorf("videos after the flow (one, published, no render error): %+v %v", vs, err)
	}
	if msgs := b.messages(); len(msgs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(msgs, "\n"))
	}
}
