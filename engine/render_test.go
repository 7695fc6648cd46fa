package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/encode"
	"github.com/reelkit/reel/styles"
)

// testStyles has "quick": vanilla with a 1 s title card, 1.5 s slides,
// a 0.5 s crossfade and 1.5 s credits, so end-to-end videos stay short.
func testStyles(t testing.TB) *styles.Registry {
	t.Helper()
	v, _ := styles.Builtin().Lookup("vanilla")
	q := v.Clone()
	q.MachineName = "quick"
	q.TitleCard.Duration = 1
	q.TitleCard.AnimDuration = 0.3
	q.SlideDuration = 1.5
	q.Transitions.Duration = 0.5
	q.Credits.Duration = 1.5
	r, err := styles.NewRegistry(v, q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// quickProject: title, two photos (one portrait), a text slide, credits.
func quickProject() *Project {
	return &Project{
		Name: "End to end", Style: "quick", Quality: 360,
		Assets: []Asset{
			{Kind: KindImage, AssetID: "photos/02.jpg", Data: AssetData{Caption: "First photo"}},
			{Kind: KindText, Data: AssetData{Title: "Interlude", Text: "a text slide"}},
			{Kind: KindImage, AssetID: "photos/portrait.jpg", Data: AssetData{Text: "Portrait"}},
			{Kind: KindMusic, AssetID: "music/chords48k_stereo_vbr.mp3"},
		},
		Credit: []Credit{{"Music", "Reel Synth"}},
	}
}

func testResolver() *FileResolver { return &FileResolver{Dir: filepath.Join("..", "testdata")} }

func needFFmpeg(t *testing.T) {
	t.Helper()
	for _, b := range []string{"ffprobe", "ffmpeg"} {
		if _, err := exec.LookPath(b); err != nil {
			t.Skipf("%s not installed (apt-get install ffmpeg): end-to-end oracle unavailable", b)
		}
	}
}

type probeStream struct {
	CodecType  string `json:"codec_type"`
	CodecName  string `json:"codec_name"`
	Profile    string `json:"profile"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	NbFrames   string `json:"nb_frames"`
	Duration   string `json:"duration"`
	StartTime  string `json:"start_time"`
	AvgRate    string `json:"avg_frame_rate"`
	Channels   int    `json:"channels"`
	SampleRate string `json:"sample_rate"`
}

func ffprobe(t *testing.T, path string) []probeStream {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-show_streams", "-of", "json", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var v struct{ Streams []probeStream }
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	return v.Streams
}

func render(t *testing.T, p *Project, o Options) *Result {
	t.Helper()
	if o.Styles == nil {
		o.Styles = testStyles(t)
	}
	res, err := Render(context.Background(), p, testResolver(), o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRenderRenditions(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	dir := t.TempDir()
	var last Progress
	calls := 0
	o := Options{Output: ToFile(filepath.Join(dir, "out.mp4")), Renditions: []Quality{720, 360, 480},
		Progress: func(p Progress) { last = p; calls++ }}
	res := render(t, quickProject(), o)
	pl, err := Validate(context.Background(), quickProject(), nil, Options{Styles: testStyles(t), Renditions: o.Renditions})
	if err != nil {
		t.Fatal(err)
	}
	if res.Frames != pl.Frames || len(res.Renditions) != 3 {
		t.Fatalf("result %+v, plan %d frames", res, pl.Frames)
	}
	if calls == 0 || last.Frames != last.Total || last.Total != pl.Frames {
		t.Errorf("progress: %d calls, last %+v", calls, last)
	}
	frameDur := 1 / pl.FrameRate.Float()
	for i, want := range []Quality{360, 480, 720} {
		r := res.Renditions[i]
		w, h := want.Size()
		if r.Quality != want || r.Path != filepath.Join(dir, fmt.Sprintf("out-%d.mp4", want)) {
			t.Fatalf("rendition %d = %+v", i, r)
		}
		var v, a *probeStream
		streams := ffprobe(t, r.Path)
		for i := range streams {
			switch streams[i].CodecType {
			case "video":
				v = &streams[i]
			case "audio":
				a = &streams[i]
			}
		}
		if v == nil || a == nil {
			t.Fatalf("%s: streams %+v", r.Path, streams)
		}
		if v.CodecName != "h264" || v.Width != w || v.Height != h || v.AvgRate != "30/1" || v.NbFrames != strconv.Itoa(pl.Frames) {
			t.Errorf("%s video stream %+v", r.Path, *v)
		}
		vd, _ := strconv.ParseFloat(v.Duration, 64)
		ad, _ := strconv.ParseFloat(a.Duration, 64)
		if math.Abs(vd-pl.Duration()) > frameDur+1e-6 {
			t.Errorf("%s: video lasts %v s, planned %v", r.Path, vd, pl.Duration())
		}
		if a.CodecName != "aac" || a.Channels != 2 || math.Abs(ad-pl.Duration()) > 1024.0/44100+frameDur {
			t.Errorf("%s audio stream %+v (planned %v s)", r.Path, *a, pl.Duration())
		}
		checkThumbnail(t, r.Thumbnail, w, h)
		if fi, err := os.Stat(r.Path); err != nil || fi.Size() != r.Size {
			t.Errorf("size %d, stat %v %v", r.Size, fi, err)
		}
	}
	// Decoded frames against compose's own frames at the same instants:
	// mid-title, mid-transition, a photo with Ken Burns, the text slide,
	// the credits.
	frames := []int{10, pl.Transitions[0].StartFrame + 5, pl.Slides[1].StartFrame + 25,
		pl.Slides[2].StartFrame + 30, pl.Frames - 3}
	for i, q := range []Quality{360, 480, 720} {
		comparePSNR(t, res.Renditions[i].Path, pl, q.SizeFor(Aspect16x9), frames)
	}
}

func checkThumbnail(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("thumbnail: %v", err)
	}
	defer f.Close()
	cfg, err := jpeg.DecodeConfig(f)
	if err != nil || cfg.Width != w || cfg.Height != h {
		t.Errorf("thumbnail %s: %+v %v", path, cfg, err)
	}
}

// comparePSNR decodes frames of path with ffmpeg and compares them with
// compose's rendering of the same scenes (all three planes).
func comparePSNR(t *testing.T, path string, pl *Plan, sz Size, frames []int) {
	t.Helper()
	w, h := sz.Width, sz.Height
	var sel []string
	for _, f := range frames {
		sel = append(sel, fmt.Sprintf("eq(n\\,%d)", f))
	}
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-vf", "select='"+strings.Join(sel, "+")+"'",
		"-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg decode: %v", err)
	}
	cw, ch := (w+1)/2, (h+1)/2
	size := w*h + 2*cw*ch
	if len(out) != size*len(frames) {
		t.Fatalf("decoded %d bytes, want %d frames of %d", len(out), len(frames), size)
	}
	slides := composeSlides(pl)
	for i := range slides {
		if pl.Slides[i].Kind == PhotoSlide {
			p, err := decodePhoto(context.Background(), testResolver(), 0, *pl.Slides[i].Asset, photoDecodeOptions(1280, 720, 0))
			if err != nil {
				t.Fatal(err)
			}
			slides[i].Photo = p
		}
	}
	rd := compose.NewRenderer(pl.Style, w, h, compose.Options{})
	for k, f := range frames {
		want := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		if err := rd.Render(want, composeScene(pl.Scene(f), slides)); err != nil {
			t.Fatal(err)
		}
		got := out[k*size : (k+1)*size]
		ref := append(append(append([]byte{}, want.Y...), want.Cb...), want.Cr...)
		if p := psnr(got, ref); p < 35 {
			t.Errorf("%v frame %d: PSNR %.1f dB < 35", sz, f, p)
		} else {
			t.Logf("%v frame %d: PSNR %.1f dB", sz, f, p)
		}
	}
}

func psnr(a, b []byte) float64 {
	var se float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		se += d * d
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/(se/float64(len(a))))
}

// TestRenderDeterministic: two renders of one project are byte-identical
// with the bundled x264, the library that promises it
// (encode.X264Info.Deterministic); the system libx264 does not.
func TestRenderDeterministic(t *testing.T) {
	if x, err := encode.X264For(X264Bundled); err != nil || !x.Deterministic {
		t.Skipf("no deterministic x264 in this build: %v %v", x, err)
	}
	dir := t.TempDir()
	var outs [2][]byte
	var thumbs [2][]byte
	for i := range outs {
		p := filepath.Join(dir, fmt.Sprintf("run%d.mp4", i))
		res := render(t, quickProject(), Options{Output: ToFile(p), X264: X264Bundled})
		var err error
		if outs[i], err = os.ReadFile(p); err != nil {
			t.Fatal(err)
		}
		if thumbs[i], err = os.ReadFile(res.Renditions[0].Thumbnail); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(outs[0], outs[1]) || !bytes.Equal(thumbs[0], thumbs[1]) {
		t.Fatalf("two renders of the same project differ (%d vs %d bytes)", len(outs[0]), len(outs[1]))
	}
}

// listDir returns the names in dir (temporary files included).
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestRenderCancel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	var cancelled time.Time
	o := Options{Styles: testStyles(t), Output: ToFile(filepath.Join(dir, "out.mp4")), Renditions: []Quality{360, 480, 720},
		Progress: func(p Progress) {
			if p.Frames >= 5 {
				once.Do(func() { cancelled = time.Now(); cancel() })
			}
		}}
	p := quickProject()
	p.Assets[0].End = 30 * time.Second // long enough never to finish first
	_, err := Render(ctx, p, testResolver(), o)
	t.Logf("Render returned %v after the cancel", time.Since(cancelled))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Render returned %v, want context.Canceled", err)
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Fatalf("cancelled render left files: %v", names)
	}
}

func TestRenderFailureLeavesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := quickProject()
	p.Assets[2].AssetID = "photos/does-not-exist.jpg"
	_, err := Render(context.Background(), p, testResolver(), Options{Styles: testStyles(t), Output: ToFile(filepath.Join(dir, "out.mp4"))})
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want a not-exist error", err)
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Fatalf("failed render left files: %v", names)
	}
	// A photo that is not an image fails the same way.
	p.Assets[2].AssetID = "music/tone22k_mono_cbr.mp3"
	if _, err := Render(context.Background(), p, testResolver(), Options{Styles: testStyles(t), Output: ToFile(filepath.Join(dir, "out.mp4"))}); err == nil {
		t.Fatal("rendering an MP3 as a photo succeeded")
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Fatalf("failed render left files: %v", names)
	}
}

func TestRenderValidationError(t *testing.T) {
	t.Parallel()
	p := quickProject()
	p.Assets[3].AssetID = "music/missing.mp3"
	_, err := Render(context.Background(), p, testResolver(), Options{Styles: testStyles(t), Output: ToFile(filepath.Join(t.TempDir(), "o.mp4"))})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != CodeMusicNotDefined {
		t.Fatalf("err = %v, want status 7402", err)
	}
}

func TestRenderPreview(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	dir := t.TempDir()
	res := render(t, quickProject(), Options{Output: ToFile(filepath.Join(dir, "p.mp4")), Preview: true})
	if len(res.Renditions) != 1 || res.Renditions[0].Quality != QualityPreview || res.FrameRate != (Rational{Num: 10, Den: 1}) {
		t.Fatalf("preview result %+v", res)
	}
	for _, s := range ffprobe(t, res.Renditions[0].Path) {
		if s.CodecType == "video" && (s.Width != 256 || s.Height != 144 || s.AvgRate != "10/1") {
			t.Errorf("preview stream %+v", s)
		}
	}
}

// TestStaticFramesReallyRepeat checks the static-frame shortcut against
// compose: every frame the engine does not recompose is pixel-identical to
// the previous one when composed anyway.
// TestStaticFramesReallyRepeat draws every frame of a project with a
// settling text slide and several pages of credits, and checks that each
// frame flagged as a repeat is pixel-identical to the one before, in the
// text slide and the credits alike.
func TestStaticFramesReallyRepeat(t *testing.T) {
	t.Parallel()
	t.Run("fade", func(t *testing.T) { staticFramesRepeat(t, testStyles(t), nil) })
	// Words popping in on the beat: the text slide settles only once its
	// last word is in.
	t.Run("words", func(t *testing.T) {
		q, _ := testStyles(t).Lookup("quick")
		w := q.Clone()
		w.TextSlide.Animation, w.TextSlide.AnimDuration = styles.AnimWords, 0.2
		w.Caption.Animation = styles.AnimWords
		reg, err := styles.NewRegistry(w)
		if err != nil {
			t.Fatal(err)
		}
		var beats []float64
		for b := 0.05; b < 3; b += 0.4 {
			beats = append(beats, b)
		}
		staticFramesRepeat(t, reg, beats)
	})
}

// staticFramesRepeat is TestStaticFramesReallyRepeat in the style "quick"
// of reg, the slides given beats (nil: none).
func staticFramesRepeat(t *testing.T, reg *styles.Registry, beats []float64) {
	p := quickProject()
	p.Assets[1].End = 3 * time.Second // a text slide long enough to settle
	p.Assets[1].Data.Text = "a text slide of several words"
	p.Credit = nil
	for i := range 9 {
		p.Credit = append(p.Credit, Credit{fmt.Sprintf("Role %d", i+1), fmt.Sprintf("Name number %d", i+1)})
	}
	pl, err := Validate(context.Background(), p, nil, Options{Styles: reg})
	if err != nil {
		t.Fatal(err)
	}
	slides := composeSlides(pl)
	for i := range slides {
		slides[i].Beats = beats
		if pl.Slides[i].Kind == PhotoSlide {
			p, err := decodePhoto(context.Background(), testResolver(), 0, *pl.Slides[i].Asset, photoDecodeOptions(640, 360, 0))
			if err != nil {
				t.Fatal(err)
			}
			slides[i].Photo = p
		}
	}
	st := newStaticFrames(pl, pl.Style, [][2]int{{640, 360}}, nil)
	if len(st.creditPages) != 1 || st.creditPages[0] < 2 {
		t.Fatalf("credit pages %v, want several at 360p", st.creditPages)
	}
	rd := compose.NewRenderer(pl.Style, 640, 360, compose.Options{})
	prev := image.NewYCbCr(image.Rect(0, 0, 640, 360), image.YCbCrSubsampleRatio420)
	cur := image.NewYCbCr(image.Rect(0, 0, 640, 360), image.YCbCrSubsampleRatio420)
	repeats := map[SlideKind]int{}
	for f := 0; f < pl.Frames; f++ {
		if err := rd.Render(cur, composeScene(pl.Scene(f), slides)); err != nil {
			t.Fatal(err)
		}
		if st.repeats(f) {
			repeats[pl.Slides[pl.Scene(f).Current].Kind]++
			if !bytes.Equal(cur.Y, prev.Y) || !bytes.Equal(cur.Cb, prev.Cb) || !bytes.Equal(cur.Cr, prev.Cr) {
				t.Fatalf("frame %d flagged as a repeat but differs from frame %d", f, f-1)
			}
		}
		prev, cur = cur, prev
	}
	// (quick's 1 s title card is in its transition before it settles.)
	for _, k := range []SlideKind{TextSlide, CreditsSlide} {
		if repeats[k] == 0 {
			t.Errorf("no static frames found in the %v slide", k)
		}
	}
	t.Logf("repeats per slide kind: %v of %d frames", repeats, pl.Frames)
}

// TestCreditsRepeatAcrossRenditions: a credits frame repeats only when it
// does at every rendition size (pagination depends on the size), and
// rolling credits never do.
func TestCreditsRepeatAcrossRenditions(t *testing.T) {
	t.Parallel()
	p := quickProject()
	for i := range 9 {
		p.Credit = append(p.Credit, Credit{fmt.Sprintf("Role %d", i+1), fmt.Sprintf("Name number %d", i+1)})
	}
	pl, err := Validate(context.Background(), p, nil, Options{Styles: testStyles(t)})
	if err != nil {
		t.Fatal(err)
	}
	credits := len(pl.Slides) - 1
	if pl.Slides[credits].Kind != CreditsSlide {
		t.Fatal("no credits slide last")
	}
	count := func(st *staticFrames) int {
		n := 0
		for f := pl.Slides[credits].StartFrame; f < pl.Frames; f++ {
			if st.repeats(f) {
				n++
			}
		}
		return n
	}
	sizes := [][2]int{{640, 360}, {854, 480}, {1280, 720}}
	all := newStaticFrames(pl, pl.Style, sizes, nil)
	for _, sz := range sizes {
		one := newStaticFrames(pl, pl.Style, [][2]int{sz}, nil)
		for f := pl.Slides[credits].StartFrame; f < pl.Frames; f++ {
			if all.repeats(f) && !one.repeats(f) {
				t.Fatalf("frame %d repeats for all sizes but not at %v", f, sz)
			}
		}
	}
	if count(all) == 0 {
		t.Errorf("no credits frame repeats (pages %v)", all.creditPages)
	}
	roll := pl.Style.Clone()
	roll.Credits.Mode = styles.CreditsRolling
	if n := count(newStaticFrames(pl, roll, sizes, nil)); n != 0 {
		t.Errorf("%d rolling credits frames flagged as repeats", n)
	}
}

var _ = io.EOF

// countingResolver counts how often each asset is opened.
type countingResolver struct {
	Resolver
	mu    sync.Mutex
	opens map[string]int
}

func (c *countingResolver) Open(ctx context.Context, a Asset) (io.ReadCloser, error) {
	c.mu.Lock()
	c.opens[a.AssetID]++
	c.mu.Unlock()
	return c.Resolver.Open(ctx, a)
}

// TestRenderPhotosDecodedOnceAndReleased renders twelve photo slides in
// preview mode: every photo is opened once, and no more than maxLivePhotos
// are held at a time.
func TestRenderPhotosDecodedOnceAndReleased(t *testing.T) {
	t.Parallel()
	p := &Project{Name: "Many photos", Style: "quick"}
	for i := range 12 {
		p.Assets = append(p.Assets, Asset{Kind: KindImage, AssetID: fmt.Sprintf("photos/%02d.jpg", i+1), End: 1 * time.Second})
	}
	p.Assets = append(p.Assets, Asset{Kind: KindMusic, AssetID: "music/tone22k_mono_cbr.mp3"})
	cr := &countingResolver{Resolver: testResolver(), opens: map[string]int{}}
	res, err := Render(context.Background(), p, cr, Options{Styles: testStyles(t), Preview: true, Output: ToFile(filepath.Join(t.TempDir(), "p.mp4"))})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		if n := cr.opens[fmt.Sprintf("photos/%02d.jpg", i+1)]; n != 1 {
			t.Errorf("photo %d opened %d times", i+1, n)
		}
	}
	if res.Stats.PeakPhotos < 1 || res.Stats.PeakPhotos > maxLivePhotos {
		t.Errorf("peak photos held %d, want 1..%d", res.Stats.PeakPhotos, maxLivePhotos)
	}
	t.Logf("peak photos held at once: %d of 12", res.Stats.PeakPhotos)
}

// TestRenderRepeatedFramesDecoded renders a project with static stretches
// (settled title card, text slide) and checks with ffmpeg that every frame
// encoded again without being recomposed decodes as compose draws it: the
// pictures of the last drawn frame are not recycled while they repeat.
func TestRenderRepeatedFramesDecoded(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	p := quickProject()
	p.Assets[1].End = 3 * time.Second
	out := filepath.Join(t.TempDir(), "rep.mp4")
	res := render(t, p, Options{Output: ToFile(out), Renditions: []Quality{Quality360}})
	if res.Stats.Repeated == 0 {
		t.Fatal("no repeated frames in a project with a settled title card and text slide")
	}
	pl, err := Validate(context.Background(), p, nil, Options{Styles: testStyles(t)})
	if err != nil {
		t.Fatal(err)
	}
	st := newStaticFrames(pl, pl.Style, [][2]int{{640, 360}}, nil)
	var frames []int
	for f := range pl.Frames {
		// Each repeat and the drawn frame after a run of repeats.
		if st.repeats(f) || (f > 0 && st.repeats(f-1)) {
			frames = append(frames, f)
		}
	}
	comparePSNR(t, out, pl, Quality360.SizeFor(Aspect16x9), frames)
}

// TestComposerRepeatsKeepPictures runs the composer over a project with
// static stretches, emitting slowly so that workers run ahead, and checks
// that the pictures a repeated frame encodes again still hold exactly the
// frame compose draws at that instant (they must not be recycled and drawn
// over while they repeat).
func TestComposerRepeatsKeepPictures(t *testing.T) {
	t.Parallel()
	p := quickProject()
	p.Assets[1].End = 3 * time.Second
	pl, err := Validate(context.Background(), p, nil, Options{Styles: testStyles(t)})
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 320, 180
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rds := []*compose.Renderer{compose.NewRenderer(pl.Style, w, h, compose.Options{})}
	slides := composeSlides(pl)
	loader := newPhotoLoader(pl, slides, testResolver(), photoDecodeOptions(w, h, 0), maxLivePhotos, rds)
	go loader.run(ctx)
	comp := newComposer(pl, pl.Style, slides, rds, [][2]int{{w, h}}, loader, 2, nil)

	// Reference frames, drawn one by one with photos decoded up front.
	refSlides := composeSlides(pl)
	for i := range refSlides {
		if pl.Slides[i].Kind == PhotoSlide {
			ph, err := decodePhoto(ctx, testResolver(), 0, *pl.Slides[i].Asset, photoDecodeOptions(w, h, 0))
			if err != nil {
				t.Fatal(err)
			}
			refSlides[i].Photo = ph
		}
	}
	ref := compose.NewRenderer(pl.Style, w, h, compose.Options{})
	want := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	var shown *image.YCbCr
	repeats := 0
	err = comp.run(ctx, func(fr frameResult) error {
		if fr.pics != nil {
			shown = fr.pics[0]
		} else {
			repeats++
			time.Sleep(2 * time.Millisecond) // let the workers draw ahead
		}
		if err := ref.Render(want, composeScene(pl.Scene(fr.f), refSlides)); err != nil {
			return err
		}
		if !bytes.Equal(shown.Y, want.Y) || !bytes.Equal(shown.Cb, want.Cb) || !bytes.Equal(shown.Cr, want.Cr) {
			return fmt.Errorf("frame %d (repeat: %v): picture differs from compose's frame", fr.f, fr.pics == nil)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if repeats == 0 {
		t.Fatal("no repeated frames")
	}
}
