package studio_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/reelkit/reel/internal/testlong"
	"github.com/reelkit/reel/server"
	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/render"
	"github.com/reelkit/reel/server/store/sqlite"
	"github.com/reelkit/reel/styles"
)

// The studio end to end: a real reeld (SQLite in a temp dir, the engine
// renderer, its workers) behind httptest, driven by headless Chromium with
// chromedp at a desktop and a phone viewport. Each step takes a screenshot
// into a temp dir that is kept (and named in the log) when the test fails;
// REEL_STUDIO_SHOTS=DIR keeps them in DIR (how docs/studio-*.png were made).

// viewport is one screen the flow runs at.
type viewport struct {
	name    string
	w, h    int64
	mobile  bool
	quality string // the quality the flow picks: its renditions are downloaded
}

func TestStudioEndToEnd(t *testing.T) {
	testlong.Require(t) // an end-to-end run of its own: see README, "Tests and benchmarks"
	if testing.Short() {
		t.Skip("end-to-end browser test skipped in -short mode")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium): skipping the studio end-to-end test")
	}
	env := newEnv(t)
	for _, vp := range []viewport{
		{name: "desktop", w: 1440, h: 900, quality: "480"},
		{name: "phone", w: 390, h: 844, mobile: true, quality: "360"},
	} {
		t.Run(vp.name, func(t *testing.T) { studioFlow(t, env, chrome, vp) })
	}
}

// env is the running server.
type env struct {
	url   string
	store *sqlite.Store
}

func newEnv(t *testing.T) *env { return newEnvWith(t, nil) }

// newEnvWith is newEnv with mod applied to the server's Config.
func newEnvWith(t *testing.T, mod func(*server.Config)) *env {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := sqlite.Open(ctx, filepath.Join(dir, "reel.db"))
	if err != nil {
		t.Fatal(err)
	}
	bl, err := blob.NewFS(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	cfg := server.Config{Store: st, Blobs: bl, Renderer: &render.EngineRenderer{},
		WorkDir: filepath.Join(dir, "work"), RateLimit: 1000, ListenURL: "http://" + ts.Listener.Addr().String()}
	if mod != nil {
		mod(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.Start(ctx)
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		sctx, scancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer scancel()
		srv.Shutdown(sctx)
		cancel()
		st.Close()
	})
	return &env{url: ts.URL, store: st}
}

// browser is one Chromium with one tab, the console messages it logged and
// the screenshots of the steps.
type browser struct {
	t     *testing.T
	ctx   context.Context
	shots string
	n     int

	mu      sync.Mutex
	console []string
}

func newBrowser(t *testing.T, chrome string, vp viewport) *browser {
	t.Helper()
	shots := os.Getenv("REEL_STUDIO_SHOTS")
	if shots != "" {
		shots = filepath.Join(shots, vp.name)
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	} else {
		d, err := os.MkdirTemp("", "reel-studio-"+vp.name+"-")
		if err != nil {
			t.Fatal(err)
		}
		shots = d
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("screenshots of every step: %s", d)
			} else {
				os.RemoveAll(d)
			}
		})
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
	)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		acancel()
	})
	b := &browser{t: t, ctx: ctx, shots: shots}
	if err := chromedp.Listen(ctx, b.onEvent); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	opts := []chromedp.EmulateViewportOption{}
	if vp.mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	b.do("viewport", chromedp.EmulateViewport(vp.w, vp.h, opts...))
	return b
}

// onEvent records console errors, uncaught exceptions, browser log errors
// (failed loads, CSP violations) and any JavaScript dialog (alert(1)).
func (b *browser) onEvent(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			msg = fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError || e.Entry.Level == log.EntryLevelWarning {
			msg = fmt.Sprintf("log %s (%s): %s %s", e.Entry.Level, e.Entry.Source, e.Entry.Text, e.Entry.URL)
		}
	case *page.EventJavascriptDialogOpening:
		msg = "javascript dialog opened: " + e.Message
	}
	if msg != "" {
		b.mu.Lock()
		b.console = append(b.console, msg)
		b.mu.Unlock()
	}
}

// shot saves a screenshot of the viewport as NN-name.png.
func (b *browser) shot(name string) {
	b.n++
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.WriteFile(filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name)), png, 0o644)
}

// do runs one named step, then screenshots it.
func (b *browser) do(name string, acts ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	b.doTimeout(name, 60*time.Second, acts...)
}

func (b *browser) doTimeout(name string, d time.Duration, acts ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, d)
	err := chromedp.Do(ctx, acts...)
	cancel()
	b.shot(name)
	if err != nil {
		b.t.Fatalf("step %q: %v (console: %v)", name, err, b.messages())
	}
}

// wait polls a JavaScript predicate until it is truthy.
func (b *browser) wait(name, pred string, d time.Duration) {
	b.t.Helper()
	b.doTimeout(name, d+5*time.Second, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[chromedp.Void](pred, chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(100*time.Millisecond))(ctx, t)
		if err != nil {
			return fmt.Errorf("waiting for %s: %w", pred, err)
		}
		return nil
	}))
}

// drag presses slide from's handle (1-based), moves in steps onto slide
// to (its part on screen) and releases: mouse events, or touch events
// when touch is set.
func (b *browser) drag(name string, from, to int, touch bool) {
	b.t.Helper()
	type pt struct{ X, Y float64 }
	pts := eval[[]pt](b, fmt.Sprintf(`(() => {
		const s = document.querySelectorAll('#slides li.slide');
		const from = s[%d], to = s[%d];
		// The filmstrip scrolls sideways: show the target at the edge
		// the slide moves towards, so both are on screen.
		to.scrollIntoView({block: 'center', inline: %d < %d ? 'start' : 'end'});
		const strip = document.querySelector('#slides').getBoundingClientRect();
		const c = (el) => {
			const r = el.getBoundingClientRect();
			const l = Math.max(r.left, strip.left), rt = Math.min(r.right, strip.right);
			return {X: (l + rt) / 2, Y: r.top + r.height / 2};
		};
		return [c(from.querySelector('.handle')), c(to)];
	})()`, from-1, to-1, to, from))
	p0, p1 := pts[0], pts[1]
	const steps = 8
	var acts []chromedp.Action[chromedp.Void]
	at := func(k int) (float64, float64) {
		return p0.X + (p1.X-p0.X)*float64(k)/steps, p0.Y + (p1.Y-p0.Y)*float64(k)/steps
	}
	if touch {
		ev := func(typ input.DispatchTouchEventType, x, y float64, up bool) chromedp.Action[chromedp.Void] {
			return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				p := input.DispatchTouchEventParams{Type: typ, TouchPoints: []*input.TouchPoint{{X: x, Y: y}}}
				if up {
					p.TouchPoints = []*input.TouchPoint{}
				}
				_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, p)
				return err
			})
		}
		acts = append(acts, ev(input.DispatchTouchEventTypeTouchStart, p0.X, p0.Y, false))
		for k := 1; k <= steps; k++ {
			x, y := at(k)
			acts = append(acts, ev(input.DispatchTouchEventTypeTouchMove, x, y, false))
		}
		acts = append(acts, ev(input.DispatchTouchEventTypeTouchEnd, 0, 0, true))
	} else {
		acts = append(acts, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, p0.X, p0.Y),
			chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, p0.X, p0.Y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
		for k := 1; k <= steps; k++ {
			x, y := at(k)
			acts = append(acts, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y, chromedp.ButtonLeft))
		}
		acts = append(acts, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, p1.X, p1.Y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	}
	b.do(name, acts...)
}

// eval evaluates js and decodes its value into T.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("eval %s: %v", js, err)
	}
	return v
}

// forgive drops the first recorded message containing every one of subs:
// an error the test provoked on purpose.
func (b *browser) forgive(subs ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, m := range b.console {
		all := true
		for _, s := range subs {
			all = all && strings.Contains(m, s)
		}
		if all {
			b.console = append(b.console[:i], b.console[i+1:]...)
			return
		}
	}
	b.t.Errorf("expected a console message with %q, got %v", subs, b.console)
}

func (b *browser) messages() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.console...)
}

// a11yCheck runs the page audit (see audit.js in this test's testdata) and
// fails on any finding.
func (b *browser) a11yCheck(view string) {
	b.t.Helper()
	problems := eval[[]string](b, auditJS)
	for _, p := range problems {
		b.t.Errorf("accessibility (%s view): %s", view, p)
	}
	// Keyboard focus is visible: tab through a few controls and check each
	// shows a focus ring of at least 2 px.
	for i := 0; i < 4; i++ {
		b.do("tab", chromedp.KeyEvent(kb.Tab))
		got := eval[string](b, focusJS)
		if got != "" {
			b.t.Errorf("focus (%s view): %s", view, got)
		}
	}
}

var auditJS = mustRead("testdata/audit.js")
var focusJS = mustRead("testdata/focus.js")

func mustRead(p string) string {
	b, err := os.ReadFile(p)
	if err != nil {
		panic(err)
	}
	return string(b)
}

const xss = `<img src=x onerror=alert(1)>`

// frameState is the preview image as the page shows it.
type frameState struct {
	Hash   string  `json:"hash"`
	Frame  string  `json:"frame"`
	Width  int     `json:"width"`
	StdDev float64 `json:"std"`
}

func studioFlow(t *testing.T, e *env, chrome string, vp viewport) {
	ctx := context.Background()
	user := "user-" + vp.name
	u, err := auth.AddUser(ctx, e.store, user, "secret-"+vp.name, "Ada "+vp.name, -1)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, chrome, vp)
	abs := func(rel string) string {
		p, err := filepath.Abs(filepath.Join("..", "..", "testdata", rel))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}

	// Sign in (keyboard: type, then Enter).
	b.do("open", chromedp.Navigate(e.url+"/"), chromedp.WaitVisible(chromedp.CSS("#signin")))
	if help := eval[string](b, `document.querySelector('#signin-help').textContent`); !strings.Contains(help, "reeld user add") {
		t.Errorf("the sign-in page does not say how to get an account: %q", help)
	}
	b.a11yCheck("sign-in")
	b.do("wrong-password",
		chromedp.SendKeys(chromedp.CSS("input[name=username]"), user),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), "nope"+kb.Enter))
	b.wait("wrong-password-message", `document.querySelector('#signin .error').textContent.includes('Wrong username or password')`, 10*time.Second)
	// The wrong password's 401 is the one failed request the browser may log.
	b.forgive("status of 401", "/studio/session")
	eval[chromedp.Void](b, `document.querySelector('input[name=password]').value = ''`)
	b.do("sign-in",
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), "secret-"+vp.name+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#new-video")))
	if s := eval[string](b, `document.cookie`); strings.Contains(s, "reel_session") || !strings.Contains(s, "reel_csrf") {
		t.Errorf("document.cookie = %q: the session cookie must be HttpOnly, the CSRF cookie readable", s)
	}
	if n := eval[int](b, `localStorage.length + sessionStorage.length`); n != 0 {
		t.Errorf("the studio stored %d items in web storage", n)
	}
	b.a11yCheck("empty list")

	// New video: name it (with markup that must stay text).
	b.do("new-video", chromedp.Click(chromedp.CSS("#new-video")), chromedp.WaitVisible(chromedp.CSS("#video-name")))
	b.wait("editor-loaded", `document.querySelectorAll('#styles input[type=radio]').length >= 6`, 20*time.Second)
	vid := strings.TrimPrefix(eval[string](b, `location.hash`), "#/v/")
	// A new video's defaults render as they are: 720p, the first library
	// track.
	b.wait("defaults", `document.querySelector('#quality').value === '720' && (document.querySelector('#musics input:checked') || {}).value === 'lib-demo'`, 10*time.Second)
	// Every problem that stops a render is listed at once, in words, and
	// Render waits for them to be fixed.
	if got := eval[string](b, `document.querySelector('#render-problems').innerText`); !strings.Contains(got, "Give the video a name.") || !strings.Contains(got, "Add a photo, a video clip or a text slide.") || strings.Contains(got, "music") {
		t.Errorf("problems of a new video: %q", got)
	}
	if !eval[bool](b, `document.querySelector('#render').disabled`) {
		t.Error("Render is enabled on a video with no name and no slides")
	}
	name := "Trip " + vp.name + " " + xss
	b.do("name", chromedp.SendKeys(chromedp.CSS("#video-name"), name))

	// Photos: an unsupported file is refused with a clear message, then
	// four photos arrive through the file picker.
	b.do("bad-file", chromedp.SetUploadFiles(chromedp.CSS("#photo-input"), []string{abs("music/demo.mp3")}))
	b.wait("bad-file-error", `[...document.querySelectorAll('.uploads .error')].some(e => e.textContent.includes('not a supported photo or clip'))`, 10*time.Second)
	// An oversized photo dropped on the drop zone is refused before upload.
	eval[chromedp.Void](b, `(() => {
		const dt = new DataTransfer();
		dt.items.add(new File([new Uint8Array(26e6)], 'huge.jpg', {type: 'image/jpeg'}));
		document.querySelector('#dropzone').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
	})()`)
	b.wait("too-big-error", `[...document.querySelectorAll('.uploads .error')].some(e => e.textContent.includes('over the 25 MB limit'))`, 10*time.Second)
	b.do("dismiss", chromedp.Click(chromedp.CSS(".uploads button")), chromedp.Click(chromedp.CSS(".uploads button")))
	// Photos arrive by drop (01), paste (02) and the file picker (03, 04).
	eval[chromedp.Void](b, fmt.Sprintf(`(() => {
		const file = (b64, name) => {
			const dt = new DataTransfer();
			dt.items.add(new File([Uint8Array.from(atob(b64), c => c.charCodeAt(0))], name, {type: 'image/jpeg'}));
			return dt;
		};
		document.querySelector('#dropzone').dispatchEvent(new DragEvent('drop', {dataTransfer: file(%q, 'dropped.jpg'), bubbles: true, cancelable: true}));
		document.dispatchEvent(new ClipboardEvent('paste', {clipboardData: file(%q, 'pasted.jpg'), bubbles: true, cancelable: true}));
	})()`, b64File(t, abs("photos/01.jpg")), b64File(t, abs("photos/02.jpg"))))
	b.do("photos", chromedp.SetUploadFiles(chromedp.CSS("#photo-input"), []string{abs("photos/03.jpg"), abs("photos/04.jpg")}))
	b.wait("photos-uploaded", `document.querySelectorAll('#slides li.slide img').length === 4 && !document.querySelector('.uploads li')`, 60*time.Second)
	order := func() []string {
		return eval[[]string](b, `[...document.querySelectorAll('#slides li.slide img')].map(i => i.src)`)
	}
	before := order()

	// Reorder by keyboard: the first slide's handle, arrow down.
	b.do("reorder-keyboard", chromedp.Focus(chromedp.CSS("#slides li:nth-child(1) .handle")), chromedp.KeyEvent(kb.ArrowDown))
	after := order()
	if after[0] != before[1] || after[1] != before[0] || after[2] != before[2] {
		t.Fatalf("arrow down did not swap slides 1 and 2:\n%v\n%v", before, after)
	}
	if f := eval[string](b, `document.activeElement.getAttribute('aria-label')`); !strings.HasPrefix(f, "Reorder slide 2") {
		t.Errorf("focus after the keyboard move is on %q, want the moved slide's handle", f)
	}
	// Reorder by mouse: "Move slide 4 up".
	b.do("reorder-button", chromedp.Click(chromedp.CSS("#slides li:nth-child(4) .up")))
	after = order()
	want := []string{before[1], before[0], before[3], before[2]}
	if strings.Join(after, ",") != strings.Join(want, ",") {
		t.Fatalf("order after moves:\n%v\nwant\n%v", after, want)
	}
	// Reorder by drag: slide 3's handle onto slide 2, with the mouse on the
	// desktop and a finger on the phone.
	b.drag("reorder-drag", 3, 2, vp.mobile)
	after = order()
	want = []string{want[0], want[2], want[1], want[3]}
	if strings.Join(after, ",") != strings.Join(want, ",") {
		t.Fatalf("order after the drag:\n%v\nwant\n%v", after, want)
	}

	// Captions: one with markup, one plain; the style limit is counted.
	b.do("captions",
		chromedp.SendKeys(chromedp.CSS("#slides li:nth-child(1) input.caption"), xss),
		chromedp.SendKeys(chromedp.CSS("#slides li:nth-child(2) input.caption"), "Sunset over the bay"))
	if c := eval[string](b, `document.querySelector('#slides li:nth-child(1) .count').textContent`); c != fmt.Sprintf("%d / 100 characters", len(xss)) {
		t.Errorf("caption counter %q", c)
	}

	// A text slide. While it is still empty the project is not valid (7403):
	// once that is saved the page says what to write instead of asking for
	// a timeline the server refuses (a 400 would be a console error).
	b.do("text-slide-empty", chromedp.Click(chromedp.CSS("#add-text")))
	b.wait("text-slide-empty-saved", `document.querySelector('#save-state').textContent === 'All changes saved' &&
		document.querySelector('#preview-msg').textContent === 'Write a title or a text for slide 5 to see the preview.'`, 20*time.Second)
	b.do("text-slide",
		chromedp.SendKeys(chromedp.CSS("#slides li:nth-child(5) input.text-title"), "Day two"),
		chromedp.SendKeys(chromedp.CSS("#slides li:nth-child(5) input.text-body"), "Into the hills"))

	// Style: bold (3 s slides keep the render short); its limits show.
	b.do("style", chromedp.Click(chromedp.CSS("#style-bold")))
	if l := eval[string](b, `document.querySelector('#style-limits').textContent`); !strings.Contains(l, "captions up to 100 characters") {
		t.Errorf("style limits %q", l)
	}
	if n, want := eval[int](b, `document.querySelectorAll('#styles img').length + document.querySelectorAll('#styles button').length`), 2*len(styles.Builtin().List()); n != want {
		t.Errorf("style gallery: %d thumbnails + sample buttons, want %d (one of each per built-in style)", n, want)
	}

	// Music: the library offers listening; upload our own and it is chosen.
	if n := eval[int](b, `document.querySelectorAll('#musics audio').length`); n < 1 {
		t.Errorf("no music to listen to in the library")
	}
	b.do("music", chromedp.SetUploadFiles(chromedp.CSS("#music-input"), []string{abs("music/demo.mp3")}))
	b.wait("music-chosen", `(() => { const r = document.querySelector('#musics input:checked'); return r && r.labels[0].textContent.startsWith('Uploaded:'); })()`, 30*time.Second)

	// Credits and quality.
	b.do("credits", chromedp.Click(chromedp.CSS("#add-credit")),
		chromedp.SendKeys(chromedp.CSS("#credits .credit-role"), "Photos"),
		chromedp.SendKeys(chromedp.CSS("#credits .credit-who"), "Marco"))
	eval[chromedp.Void](b, fmt.Sprintf(`(() => { const q = document.querySelector('#quality'); q.value = %q; q.dispatchEvent(new Event('change')); })()`, vp.quality))
	b.wait("saved", `document.querySelector('#save-state').textContent === 'All changes saved'`, 20*time.Second)

	// What the page saved is what the database holds.
	v, err := e.store.Video(ctx, u.ID, vid)
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != name || v.Style != "bold" || fmt.Sprint(v.Quality) != vp.quality || len(v.Assets) != 6 || len(v.Credit) != 1 {
		t.Fatalf("stored video: name %q style %q quality %d, %d assets, credits %v", v.Name, v.Style, v.Quality, len(v.Assets), v.Credit)
	}
	if v.Assets[0].Data.Text != xss || v.Assets[1].Data.Text != "Sunset over the bay" || v.Assets[4].Data.Title != "Day two" || v.Assets[5].Kind != "music" {
		t.Fatalf("stored assets %+v", v.Assets)
	}
	for i, src := range want {
		if !strings.Contains(src, v.Assets[i].AssetID) {
			t.Errorf("slide %d: page shows %s, database has %s", i+1, src, v.Assets[i].AssetID)
		}
	}
	b.a11yCheck("editor")

	// Preview: the frame at the start, then in the middle (slider moved),
	// then at the end (keyboard End on the slider): each a different picture.
	frame := func() frameState { return eval[frameState](b, frameJS) }
	b.wait("preview-plays", `document.querySelector('#preview').currentTime > 2`, 20*time.Second)
	eval[chromedp.Void](b, `(() => { const s = document.querySelector('#scrub'); s.value = '1.5'; s.dispatchEvent(new Event('input')); })()`)
	b.wait("preview-ready", `!document.querySelector('#scrub').disabled && document.querySelector('#frame').dataset.frame !== undefined && !document.querySelector('#frame').hidden`, 30*time.Second)
	f0 := frame()
	if f0.Width != 640 || f0.StdDev < 5 {
		t.Fatalf("first preview frame %+v: want a 640-wide picture with detail", f0)
	}
	eval[chromedp.Void](b, `(() => { const s = document.querySelector('#scrub'); s.value = String(s.max * 0.45); s.dispatchEvent(new Event('input')); })()`)
	b.wait("scrub-middle", fmt.Sprintf(`document.querySelector('#frame').dataset.frame !== %q`, f0.Frame), 30*time.Second)
	f1 := frame()
	b.do("scrub-end", chromedp.Focus(chromedp.CSS("#scrub")), chromedp.KeyEvent(kb.End))
	b.wait("scrub-end-frame", fmt.Sprintf(`document.querySelector('#frame').dataset.frame !== %q`, f1.Frame), 30*time.Second)
	f2 := frame()
	if f0.Hash == f1.Hash || f1.Hash == f2.Hash || f0.Hash == f2.Hash {
		t.Fatalf("scrubbing did not change the picture: %+v %+v %+v", f0, f1, f2)
	}
	duration := eval[float64](b, `Number(document.querySelector('#scrub').max)`)

	// Aspect: 9:16 is saved and the preview turns portrait (360x640); back
	// to 16:9 for the render below.
	for _, as := range []struct {
		aspect string
		w, h   int
	}{{"9:16", 360, 640}, {"16:9", 640, 360}} {
		eval[chromedp.Void](b, fmt.Sprintf(`(() => { const q = document.querySelector('#aspect'); q.value = %q; q.dispatchEvent(new Event('change')); })()`, as.aspect))
		b.wait("aspect-"+strings.ReplaceAll(as.aspect, ":", "x")+"-saved", `document.querySelector('#save-state').textContent === 'All changes saved'`, 20*time.Second)
		v, err := e.store.Video(ctx, u.ID, vid)
		if err != nil {
			t.Fatal(err)
		}
		if v.Aspect != as.aspect {
			t.Fatalf("stored aspect %q, want %q", v.Aspect, as.aspect)
		}
		eval[chromedp.Void](b, `(() => { const s = document.querySelector('#scrub'); s.dispatchEvent(new Event('input')); })()`)
		b.wait("aspect-"+strings.ReplaceAll(as.aspect, ":", "x")+"-frame", fmt.Sprintf(`(() => { const i = document.querySelector('#frame'); return i.naturalWidth === %d && i.naturalHeight === %d; })()`, as.w, as.h), 30*time.Second)
	}

	// Render, watch progress, wait for published. With a name, slides
	// and music nothing is listed and Render is enabled.
	if got := eval[string](b, `document.querySelector('#slide-count').textContent`); got != "5 slides: 4 photos, 1 text slide." {
		t.Errorf("slide count %q, want %q", got, "5 slides: 4 photos, 1 text slide.")
	}
	b.wait("no-problems", `document.querySelector('#render-problems').hidden && !document.querySelector('#render').disabled`, 10*time.Second)
	b.do("render", chromedp.Click(chromedp.CSS("#render")))
	b.wait("rendered", `document.querySelector('#player') !== null`, 4*time.Minute)
	if v, err := e.store.Video(ctx, u.ID, vid); err != nil || v.Status != model.StatusPublished {
		t.Fatalf("after render: %v %v", v.Status, err)
	}

	// Play the <video>: time advances, no media error.
	eval[chromedp.Void](b, `(() => { const v = document.querySelector('#player'); v.muted = true; return v.play(); })()`)
	b.wait("playing", `document.querySelector('#player').currentTime > 0.5`, 30*time.Second)
	if msg := eval[string](b, `(() => { const v = document.querySelector('#player'); return v.error ? 'media error ' + v.error.code + ' ' + v.error.message : ''; })()`); msg != "" {
		t.Fatal(msg)
	}
	eval[chromedp.Void](b, `document.querySelector('#player').pause()`)

	// Download every rendition the page offers and probe each.
	type link struct {
		Q    string `json:"q"`
		Href string `json:"href"`
	}
	links := eval[[]link](b, `[...document.querySelectorAll('a.download')].map(a => ({q: a.dataset.quality, href: a.href}))`)
	wantQ := map[string][]string{"480": {"480", "360"}, "360": {"360"}}[vp.quality]
	if len(links) != len(wantQ) {
		t.Fatalf("download links %v, want qualities %v", links, wantQ)
	}
	for i, l := range links {
		if l.Q != wantQ[i] {
			t.Errorf("download %d is %sp, want %sp", i, l.Q, wantQ[i])
		}
		probe(t, l.Href, l.Q, duration)
	}

	// Copy the public link (the clipboard may be refused headless: either
	// way the person is told).
	b.do("copy-link", chromedp.Click(chromedp.CSS("#copy-link")))
	b.wait("copy-told", `/copied|copy the selected link/i.test(document.querySelector('#toast').textContent)`, 5*time.Second)
	if pl := eval[string](b, `document.querySelector('#public-link').value`); pl != links[0].Href {
		t.Errorf("public link %q, want %q", pl, links[0].Href)
	}
	b.a11yCheck("published")

	// Twelve older drafts make a second page of the list (12 per page).
	for i := range 12 {
		at := time.Now().Add(-time.Duration(i+1) * time.Hour)
		old := &model.Video{ID: fmt.Sprintf("old%02d%s", i, vp.name), UserID: u.ID, Name: fmt.Sprintf("Older %02d", i+1),
			Status: model.StatusInitial, Style: "vanilla", Quality: 360, CreatedOn: at, ModifiedOn: at}
		if err := e.store.CreateVideo(ctx, old); err != nil {
			t.Fatal(err)
		}
	}
	// The name with markup is text in the list, and no element came of it.
	b.do("list", chromedp.Navigate(e.url+"/#/"), chromedp.WaitVisible(chromedp.CSS(".video-card")))
	b.wait("list-thumb", `document.querySelector('.video-card img') !== null`, 10*time.Second)
	if got := eval[string](b, `document.querySelector('.video-card .title').textContent`); got != name {
		t.Errorf("list shows %q, want %q", got, name)
	}
	if n := eval[int](b, `document.querySelectorAll('img[src="x"]').length`); n != 0 {
		t.Errorf("user text became %d <img> elements", n)
	}
	b.a11yCheck("list")
	titles := func() []string {
		return eval[[]string](b, `[...document.querySelectorAll('.video-card .title')].map(e => e.textContent)`)
	}
	page1 := titles()
	if len(page1) != 12 || page1[0] != name || page1[1] != "Older 01" || page1[11] != "Older 11" {
		t.Fatalf("first page, newest first: %q", page1)
	}
	b.do("older", chromedp.Click(chromedp.Search("//button[text()='Older']")))
	b.wait("page-2", `[...document.querySelectorAll('.video-card .title')].map(e => e.textContent).join() === 'Older 12'`, 10*time.Second)
	b.do("newer", chromedp.Click(chromedp.Search("//button[text()='Newer']")))
	b.wait("page-1-again", `document.querySelectorAll('.video-card').length === 12`, 10*time.Second)
	if got := titles(); strings.Join(got, "|") != strings.Join(page1, "|") {
		t.Fatalf("back to the first page: %q", got)
	}

	// Duplicate, then delete the copy.
	b.do("open-video", chromedp.Click(chromedp.CSS(".video-card a")), chromedp.WaitVisible(chromedp.CSS("#duplicate")))
	b.wait("editor-again", `document.querySelectorAll('#slides li.slide').length === 5`, 20*time.Second)
	if got := eval[string](b, `document.querySelector('#slides li:nth-child(1) input.caption').value`); got != xss {
		t.Errorf("caption field shows %q", got)
	}
	b.do("duplicate", chromedp.Click(chromedp.CSS("#duplicate")))
	b.wait("duplicated", fmt.Sprintf(`location.hash.startsWith('#/v/') && location.hash !== '#/v/%s' && document.querySelectorAll('#slides li.slide').length === 5`, vid), 20*time.Second)
	dup := strings.TrimPrefix(eval[string](b, `location.hash`), "#/v/")
	b.do("delete", chromedp.Click(chromedp.CSS("#delete")), chromedp.Click(chromedp.CSS("#delete-confirm")))
	b.wait("deleted", `location.hash === '#/' && document.querySelector('#new-video') !== null`, 20*time.Second)
	if _, err := e.store.Video(ctx, u.ID, dup); err == nil {
		t.Errorf("the deleted duplicate %s is still in the database", dup)
	}
	if _, err := e.store.Video(ctx, u.ID, vid); err != nil {
		t.Errorf("the original video is gone: %v", err)
	}

	// Sign out: the session cookie is gone.
	b.do("sign-out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin")))
	if s := eval[bool](b, `fetch('/studio/session').then(r => r.json()).then(j => j.signed_in)`); s {
		t.Error("still signed in after sign out")
	}

	if msgs := b.messages(); len(msgs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(msgs, "\n"))
	}
}

// b64File returns the base64 of a file, for building File objects in the page.
func b64File(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// frameJS reads the preview image's pixels through a canvas.
const frameJS = `(() => {
  const i = document.querySelector('#frame');
  const c = document.createElement('canvas');
  c.width = 64; c.height = 36;
  const g = c.getContext('2d');
  g.drawImage(i, 0, 0, 64, 36);
  const d = g.getImageData(0, 0, 64, 36).data;
  let h = 0, s = 0, s2 = 0, n = 0;
  for (let k = 0; k < d.length; k++) {
    h = (Math.imul(h, 31) + d[k]) >>> 0;
    if (k % 4 !== 3) { s += d[k]; s2 += d[k] * d[k]; n++; }
  }
  const m = s / n;
  return {hash: String(h), frame: i.dataset.frame || '', width: i.naturalWidth, std: Math.sqrt(Math.max(0, s2 / n - m * m))};
})()`

// probe downloads url and checks it with ffprobe: H.264 of the quality's
// size, AAC, and the previewed duration.
func probe(t *testing.T, url, q string, duration float64) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "video/mp4" {
		t.Fatalf("download %s: %d %s", url, res.StatusCode, res.Header.Get("Content-Type"))
	}
	f := filepath.Join(t.TempDir(), q+".mp4")
	out, err := os.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, res.Body); err != nil {
		t.Fatal(err)
	}
	out.Close()
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Logf("ffprobe not installed: downloaded %s but not probed", f)
		return
	}
	js, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height:format=duration",
		"-of", "json", f).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", f, err)
	}
	var p struct {
		Streams []struct {
			Codec  string `json:"codec_name"`
			Width  int    `json:"width"`
			Height int    `json:"height"`
		} `json:"streams"`
		Format struct {
			Duration string `json:"duration"`
		} `json:"format"`
	}
	if err := json.Unmarshal(js, &p); err != nil {
		t.Fatal(err)
	}
	wantH := map[string]int{"360": 360, "480": 480}[q]
	codecs := ""
	for _, s := range p.Streams {
		codecs += s.Codec + " "
		if s.Codec == "h264" && s.Height != wantH {
			t.Errorf("%sp download is %dx%d", q, s.Width, s.Height)
		}
	}
	if codecs != "h264 aac " {
		t.Errorf("%sp download streams: %q", q, codecs)
	}
	var d float64
	fmt.Sscan(p.Format.Duration, &d)
	if d < duration-0.3 || d > duration+0.3 {
		t.Errorf("%sp download lasts %.2f s, the preview timeline %.2f s", q, d, duration)
	}
}
