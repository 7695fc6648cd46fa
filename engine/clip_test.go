package engine

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func vol(v float64) *float64 { return &v }

// clipProject: the quick style's title card (1 s), a clip, a photo.
func clipProject(clip Asset) *Project {
	return &Project{
		Name: "Clips", Style: "quick", Quality: 360,
		Assets: []Asset{
			clip,
			{Kind: KindImage, AssetID: "photos/02.jpg"},
		},
	}
}

func clipOptions(t testing.TB, sc *synthClips) Options {
	return Options{Styles: testStyles(t), clipBackend: sc}
}

// TestClipSlideTiming: without start/end a clip lasts its played part
// (trims applied, not the style's slide duration); with them, its slot;
// without trims, the whole clip. (The quick style's 1 s title card gives
// way at frame 20: its window is a third of its 30 frames.)
func TestClipSlideTiming(t *testing.T) {
	sc := &synthClips{}
	clip := synthClip(640, 360, 12*time.Second, 25)
	for _, tc := range []struct {
		name       string
		a          Asset
		frames     int
		from, to   time.Duration
		startFrame int
	}{
		{"trimmed", Asset{Kind: KindVideo, Bytes: clip, Data: AssetData{TrimStart: 2500 * time.Millisecond, TrimEnd: 9 * time.Second}}, 195, 2500 * time.Millisecond, 9 * time.Second, 20},
		{"whole", Asset{Kind: KindVideo, Bytes: clip}, 360, 0, 12 * time.Second, 20},
		{"trim start only", Asset{Kind: KindVideo, Bytes: clip, Data: AssetData{TrimStart: 10 * time.Second}}, 60, 10 * time.Second, 12 * time.Second, 20},
		{"slot", Asset{Kind: KindVideo, Bytes: clip, Start: 5 * time.Second, End: 8 * time.Second, Data: AssetData{TrimStart: 1 * time.Second, TrimEnd: 2 * time.Second}}, 90, time.Second, 2 * time.Second, 150},
		{"trim end rounded up", Asset{Kind: KindVideo, Bytes: clip, Data: AssetData{TrimEnd: 12200 * time.Millisecond}}, 360, 0, 12 * time.Second, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl, err := Validate(context.Background(), clipProject(tc.a), nil, clipOptions(t, sc))
			if err != nil {
				t.Fatal(err)
			}
			s := pl.Slides[1]
			if s.Kind != VideoSlide || s.Clip == nil {
				t.Fatalf("slide 1: kind %v clip %v", s.Kind, s.Clip)
			}
			if s.Frames != tc.frames || s.StartFrame != tc.startFrame {
				t.Errorf("frames %d from %d, want %d from %d", s.Frames, s.StartFrame, tc.frames, tc.startFrame)
			}
			if s.Clip.From != tc.from || s.Clip.To != tc.to {
				t.Errorf("plays %v..%v, want %v..%v", s.Clip.From, s.Clip.To, tc.from, tc.to)
			}
		})
	}
}

// TestClipValidation: bad data fields and bad clips fail before a frame
// is drawn, naming the asset by index.
func TestClipValidation(t *testing.T) {
	clip := synthClip(640, 360, 6*time.Second, 25)
	for _, tc := range []struct {
		name   string
		a      Asset
		sc     *synthClips
		o      func(*Options)
		status bool
		limit  string
		target error
	}{
		{name: "negative trim", a: Asset{Kind: KindVideo, Bytes: clip, Data: AssetData{TrimStart: -1 * time.Second}}, status: true},
		{name: "end before start", a: Asset{Kind: KindVideo, Bytes: clip, Data: AssetData{TrimStart: 3 * time.Second, TrimEnd: 2 * time.Second}}, status: true},
		{name: "start after the end", a: Asset{Kind: KindVideo, Bytes: clip, Data: AssetData{TrimStart: 7 * time.Second}}, status: true},
		{name: "end after the end", a: Asset{Kind: KindVideo, Bytes: clip, Data: AssetData{TrimEnd: 8 * time.Second}}, status: true},
		{name: "loud", a: Asset{Kind: KindVideo, Bytes: clip, Data: AssetData{Volume: vol(5)}}, status: true},
		{name: "no content", a: Asset{Kind: KindVideo}, status: true},
		{name: "not a clip", a: Asset{Kind: KindVideo, Bytes: []byte("hello")}},
		{name: "absurd size", a: Asset{Kind: KindVideo, Bytes: synthClip(20000, 360, time.Second, 25)}},
		{name: "tiny", a: Asset{Kind: KindVideo, Bytes: synthClip(1, 1, time.Second, 25)}},
		{name: "empty", a: Asset{Kind: KindVideo, Bytes: synthClip(64, 64, 0, 25)}},
		{name: "too long", a: Asset{Kind: KindVideo, Bytes: synthClip(64, 64, 11*time.Minute, 25)}, limit: LimitClipDuration},
		{name: "too long for the options", a: Asset{Kind: KindVideo, Bytes: clip}, o: func(o *Options) { o.MaxClipDuration = 5 * time.Second }, limit: LimitClipDuration},
		{name: "decoder missing", a: Asset{Kind: KindVideo, Bytes: clip}, sc: &synthClips{probeErr: errDecoderMissing}, target: errDecoderMissing},
		{name: "cannot open", a: Asset{Kind: KindVideo, Bytes: clip}, sc: &synthClips{openErr: errDecoderMissing}, target: errDecoderMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := tc.sc
			if sc == nil {
				sc = &synthClips{}
			}
			o := clipOptions(t, sc)
			o.ProbeAssets = true
			if tc.o != nil {
				tc.o(&o)
			}
			p := clipProject(tc.a)
			_, err := Validate(context.Background(), p, nil, o)
			if !errors.Is(err, ErrInvalidProject) {
				t.Fatalf("got %v, want an invalid project", err)
			}
			var ae *AssetError
			if !errors.As(err, &ae) || ae.Index != 0 {
				t.Fatalf("%v: want an *AssetError for assets[0]", err)
			}
			var se *StatusError
			if got := errors.As(err, &se); got != tc.status {
				t.Errorf("%v: status error %v, want %v", err, got, tc.status)
			}
			var le *LimitError
			if tc.limit != "" && (!errors.As(err, &le) || le.Limit != tc.limit) {
				t.Errorf("%v: want a %s limit error", err, tc.limit)
			}
			if tc.target != nil && !errors.Is(err, tc.target) {
				t.Errorf("%v: want %v inside", err, tc.target)
			}
			t.Log(err)
		})
	}
}

var errDecoderMissing = errors.New("clip: h264 needs Cisco's OpenH264 (libopenh264.so.7): install the Debian package libopenh264-7")

// TestClipFeedServesWorkersOutOfOrder: several workers asking for the
// pictures of their frames in any order within the composer's window get
// each frame's own picture, while the feed holds a bounded number of
// pictures and decodes the clip once, in order.
func TestClipFeedServesWorkersOutOfOrder(t *testing.T) {
	sc := &synthClips{}
	fps := Rational{Num: 30, Den: 1}
	c := synthClip(320, 180, 10*time.Second, 30)
	rd, _ := sc.open(context.Background(), nopReaderAt(c), int64(len(c)), 0, 0)
	timing := ClipTiming{From: 2 * time.Second, To: 5 * time.Second}
	const frames, start, workers = 150, 40, 4
	capacity := clipCapacity(workers)
	f := newClipFeed(context.Background(), rd, clipData{c: nopCloser{}}, timing, fps, start, 0, frames, capacity)
	defer f.close()
	window := 2*workers + 2
	jobs := make(chan int)
	results := make(chan [2]int, window)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for k := range jobs {
				time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
				p, err := f.FrameAt(context.Background(), time.Duration(k)*time.Second/30)
				if err != nil {
					t.Error(err)
					results <- [2]int{k, -1}
					continue
				}
				results <- [2]int{k, int(p.Y[0])}
			}
		})
	}
	go func() {
		defer close(jobs)
		for k := range frames {
			jobs <- k
		}
	}()
	pending := map[int]int{}
	maxHeld := 0
	for next := 0; next < frames; {
		r := <-results
		pending[r[0]] = r[1]
		for {
			y, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			src := min(timing.From+time.Duration(next)*time.Second/30, timing.To-time.Microsecond)
			if want := int(synthLuma(src / (time.Second / 30) * (time.Second / 30))); y != want {
				t.Errorf("frame %d: luma %d, want %d", next, y, want)
			}
			maxHeld = max(maxHeld, f.held())
			f.release(start + next)
			next++
		}
	}
	wg.Wait()
	if maxHeld > capacity+2 {
		t.Errorf("held up to %d pictures, capacity %d", maxHeld, capacity)
	}
	calls := sc.frameCalls()
	for i := 1; i < len(calls); i++ {
		if calls[i] < calls[i-1] {
			t.Fatalf("decoder asked for %v after %v: not in order", calls[i], calls[i-1])
		}
	}
	// The first picture (shared with frame 0), frames 1..89 of the 3 s
	// played part, then the last picture (just before 5 s), held: one
	// decode per distinct time.
	if len(calls) != 91 {
		t.Errorf("%d decodes, want 91", len(calls))
	}
	if _, err := f.FrameAt(context.Background(), time.Second); err == nil {
		t.Error("a released frame was served")
	}
}

// TestClipFeedCancel: closing a feed (a render that fails) releases a
// worker waiting for a picture, with an error.
func TestClipFeedCancel(t *testing.T) {
	sc := &synthClips{}
	c := synthClip(64, 64, 10*time.Second, 30)
	rd, _ := sc.open(context.Background(), nopReaderAt(c), int64(len(c)), 0, 0)
	ctx, cancel := context.WithCancel(context.Background())
	f := newClipFeed(ctx, rd, clipData{c: nopCloser{}}, ClipTiming{To: 10 * time.Second}, Rational{Num: 30, Den: 1}, 0, 0, 300, 4)
	done := make(chan error, 1)
	go func() {
		_, err := f.FrameAt(context.Background(), 5*time.Second) // beyond the capacity: waits
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("no error after cancel")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("worker still waiting after cancel")
	}
	f.close()
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

type byteReaderAt []byte

func (b byteReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(b)) {
		return 0, errEOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, errEOF
	}
	return n, nil
}

var errEOF = errors.New("EOF")

func nopReaderAt(b []byte) byteReaderAt { return byteReaderAt(b) }

// decodeLuma decodes the given frames of an MP4 with ffmpeg and returns
// the luma at (x, y) of each.
func decodeLuma(t *testing.T, path string, w, h int, frames []int, x, y int) []int {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg decode: %v", err)
	}
	size := w*h + 2*((w+1)/2)*((h+1)/2)
	var got []int
	for _, f := range frames {
		o := f*size + y*w + x
		if o >= len(out) {
			t.Fatalf("frame %d beyond the %d decoded", f, len(out)/size)
		}
		got = append(got, int(out[o]))
	}
	return got
}

// TestRenderClipPlaysTheTrimmedSeconds: a rendered clip shows, at each
// output frame, the clip's picture of trim_start plus the time since the
// slide began; a clip shorter than its slot holds its last picture; the
// feed decoded in order and the clip was released.
func TestRenderClipPlaysTheTrimmedSeconds(t *testing.T) {
	needFFmpeg(t)
	sc := &synthClips{}
	clip := synthClip(1280, 720, 8*time.Second, 30)
	p := clipProject(Asset{Kind: KindVideo, Bytes: clip, Start: 500 * time.Millisecond, End: 5500 * time.Millisecond, Data: AssetData{TrimStart: 2 * time.Second, TrimEnd: 5 * time.Second}})
	o := clipOptions(t, sc)
	o.Workers = 3
	out := filepath.Join(t.TempDir(), "clip.mp4")
	o.Output = ToFile(out)
	pl, err := Validate(context.Background(), p, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	s := pl.Slides[1]
	if _, err := Render(context.Background(), p, testResolver(), o); err != nil {
		t.Fatal(err)
	}
	w, h := 640, 360
	// Outside the transitions: the slide's frames 20..130; after 90 frames
	// (3 s) the clip is over and holds its last picture (4.967 s).
	var frames, want []int
	for _, k := range []int{20, 30, 45, 60, 89, 95, 120, 130} {
		frames = append(frames, s.StartFrame+k)
		src := min(2*time.Second+time.Duration(k)*time.Second/30, 5*time.Second-time.Microsecond)
		want = append(want, int(synthLuma(src/(time.Second/30)*(time.Second/30))))
	}
	got := decodeLuma(t, out, w, h, frames, w/2, h/2)
	for i := range frames {
		if d := got[i] - want[i]; d < -2 || d > 2 {
			t.Errorf("frame %d (slide frame %d): luma %d, want %d", frames[i], frames[i]-s.StartFrame, got[i], want[i])
		}
	}
	calls := sc.frameCalls()
	for i := 1; i < len(calls); i++ {
		if calls[i] < calls[i-1] && calls[i] != 2*time.Second {
			t.Fatalf("decoder went back from %v to %v", calls[i-1], calls[i])
		}
	}
}

// TestRenderFrameShowsTheClip: RenderFrame opens the clip on screen and
// draws its picture of that moment.
func TestRenderFrameShowsTheClip(t *testing.T) {
	sc := &synthClips{}
	p := clipProject(Asset{Kind: KindVideo, Bytes: synthClip(640, 360, 8*time.Second, 30), Data: AssetData{TrimStart: 1 * time.Second}})
	o := clipOptions(t, sc)
	pl, err := Validate(context.Background(), p, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	at := seconds(pl.Seconds(pl.Slides[1].StartFrame + 60)) // 2 s into the slide: clip time 3 s
	fr, err := RenderFrame(context.Background(), p, testResolver(), o, at)
	if err != nil {
		t.Fatal(err)
	}
	c := fr.Image.RGBAAt(320, 180)
	// Luma 76 limited range is grey (76-16)*255/219 = 70 in RGB.
	if d := int(c.G) - 70; d < -2 || d > 2 {
		t.Errorf("centre %v, want grey 70", c)
	}
}

// TestRenderSplitStartsInsideAClip: a split render whose second segment
// starts inside a clip shows the same clip pictures as a single render.
func TestRenderSplitStartsInsideAClip(t *testing.T) {
	needFFmpeg(t)
	sc := &synthClips{}
	p := clipProject(Asset{Kind: KindVideo, Bytes: synthClip(640, 360, 8*time.Second, 30), Data: AssetData{TrimStart: 1 * time.Second, TrimEnd: 6 * time.Second}})
	o := clipOptions(t, sc)
	o.Renditions = []Quality{Quality360}
	dir := t.TempDir()
	splitOut := filepath.Join(dir, "split.mp4")
	o.Output = ToFile(splitOut)
	if _, err := RenderSplit(context.Background(), p, testResolver(), o, 2, nil); err != nil {
		t.Fatal(err)
	}
	pl, err := Validate(context.Background(), p, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := SegmentRanges(pl.Frames, pl.FrameRate, 2)
	if err != nil {
		t.Fatal(err)
	}
	s := pl.Slides[1]
	if rs[1].From <= s.StartFrame+20 || rs[1].From >= s.EndFrame()-20 {
		t.Fatalf("segment 1 starts at %d, not inside the clip %d..%d", rs[1].From, s.StartFrame, s.EndFrame())
	}
	var frames, want []int
	for _, f := range []int{rs[1].From - 1, rs[1].From, rs[1].From + 1, rs[1].From + 30} {
		frames = append(frames, f)
		k := f - s.StartFrame
		src := min(time.Second+time.Duration(k)*time.Second/30, 6*time.Second-time.Microsecond)
		want = append(want, int(synthLuma(src/(time.Second/30)*(time.Second/30))))
	}
	got := decodeLuma(t, splitOut, 640, 360, frames, 320, 180)
	for i := range frames {
		if d := got[i] - want[i]; d < -2 || d > 2 {
			t.Errorf("frame %d: luma %d, want %d", frames[i], got[i], want[i])
		}
	}
}

// TestVideoAssetJSON: the project format's video asset decodes with its
// data fields, and encodes back to the same fields (unset ones left out).
func TestVideoAssetJSON(t *testing.T) {
	const js = `{"name": "Clips", "style": "vanilla", "quality": 720, "assets": [
	  {"name": "video", "asset_id": "clips/beach.mp4", "start_time": 0, "end_time": 0,
	   "data": {"text": "caption", "trim_start": 2.5, "trim_end": 9.0, "volume": 0.5, "mute": true}},
	  {"name": "video", "asset_id": "clips/b.mp4", "start_time": 0, "end_time": 0, "data": {}}]}`
	p, err := DecodeProject(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	a, b := p.Assets[0], p.Assets[1]
	if a.Kind != KindVideo || a.AssetID != "clips/beach.mp4" || a.Data.CaptionText() != "caption" ||
		a.Data.TrimStart != 2500*time.Millisecond || a.Data.TrimEnd != 9*time.Second || a.Data.Volume == nil || *a.Data.Volume != 0.5 || !a.Data.Mute {
		t.Errorf("decoded %+v", a)
	}
	if a.Data.ClipVolume() != 0 || b.Data.ClipVolume() != 1 {
		t.Errorf("volumes %v %v, want 0 (muted) and 1 (default)", a.Data.ClipVolume(), b.Data.ClipVolume())
	}
	out, err := json.Marshal(p.Assets[1].Data)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "{}" {
		t.Errorf("unset clip data encodes as %s", out)
	}
	out, _ = json.Marshal(p.Assets[0].Data)
	if want := `{"text":"caption","trim_start":2.5,"trim_end":9,"volume":0.5,"mute":true}`; string(out) != want {
		t.Errorf("encoded %s, want %s", out, want)
	}
}

// TestClipDecodeSize: a clip compose shows covering is decoded to cover
// the frame; one it contains, to the contained picture's size; one at
// most 1.5 times larger than that, at its own size (the warp alone
// reduces it).
func TestClipDecodeSize(t *testing.T) {
	st, _ := testStyles(t).Lookup("quick")
	pl := &Plan{Style: st}
	for _, tc := range []struct {
		cw, ch       int
		wantW, wantH int
	}{
		{3840, 2160, 1920, 1080}, // same aspect: cover
		{1440, 1080, 1440, 1080}, // 4:3 is 25 % off 16:9: contained, full height
		{2160, 3840, 608, 1080},  // portrait: contained, 607.5 wide
		{0, 0, 1920, 1080},       // unknown size: the frame
		{2880, 1620, 2880, 1620}, // 1.5 times the frame: its own size
		{2882, 1621, 1920, 1080}, // a little more: the reader reduces it
		{1280, 720, 1280, 720},   // smaller: its own size (never enlarged)
		{900, 1600, 900, 1600},   // portrait, 1.48 times the contained 608x1080
		{2160, 3840, 608, 1080},  // portrait 4K: reduced to the contained size
	} {
		w, h := clipDecodeSize(pl, &ClipTiming{Width: tc.cw, Height: tc.ch}, 1920, 1080)
		if w != tc.wantW || h != tc.wantH {
			t.Errorf("%dx%d clip: decoded to cover %dx%d, want %dx%d", tc.cw, tc.ch, w, h, tc.wantW, tc.wantH)
		}
	}
}

// TestRenderClipsBackToBack: three clips in a row render (the third
// opens once the first is released), with at most two open at once and
// every one closed at the end.
func TestRenderClipsBackToBack(t *testing.T) {
	sc := &synthClips{}
	p := &Project{Name: "Three", Style: "quick", Assets: []Asset{
		{Kind: KindVideo, Bytes: synthClip(320, 180, 1500*time.Millisecond, 30)},
		{Kind: KindVideo, Bytes: synthClip(180, 320, 1200*time.Millisecond, 30), Data: AssetData{Text: "portrait"}},
		{Kind: KindVideo, Bytes: synthClip(320, 180, 2*time.Second, 30), Data: AssetData{TrimStart: 500 * time.Millisecond}},
	}}
	o := clipOptions(t, sc)
	o.Preview = true
	o.Workers = 2
	o.Output = ToFile(filepath.Join(t.TempDir(), "three.mp4"))
	res, err := Render(context.Background(), p, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.live != 0 || sc.peak > 2 {
		t.Errorf("%d readers left open, %d open at once (want 0 and at most 2)", sc.live, sc.peak)
	}
	if res.Stats.PeakPhotos > 2 {
		t.Errorf("peak slides held %d", res.Stats.PeakPhotos)
	}
}

// TestBeatSyncKeepsClipLength: beat sync may move the cut into a clip,
// moving the whole clip (the next slide gives the frames), never the
// clip's length; the cut after it moves only with it.
func TestBeatSyncKeepsClipLength(t *testing.T) {
	sc := &synthClips{}
	p := &Project{Name: "Beats", Style: "bold", Assets: []Asset{
		{Kind: KindImage, AssetID: "photos/02.jpg"},
		{Kind: KindVideo, Bytes: synthClip(640, 360, 3*time.Second, 30)},
		{Kind: KindImage, AssetID: "photos/03.jpg"},
		{Kind: KindImage, AssetID: "photos/04.jpg"},
	}}
	o := Options{clipBackend: sc}
	pl, err := Validate(context.Background(), p, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	before := append([]PlannedSlide(nil), pl.Slides...)
	clip := 2
	if pl.Slides[clip].Kind != VideoSlide {
		t.Fatalf("slide %d is %v", clip, pl.Slides[clip].Kind)
	}
	// A beat grid that pulls every cut 4 frames later than planned.
	var grid []float64
	for i := 1; i < len(pl.Slides); i++ {
		x := pl.Transitions[i-1].Len()
		grid = append(grid, (float64(pl.Slides[i].StartFrame)+float64(x)/2+4)/30)
	}
	syncToBeats(pl, grid, 0.5, 0)
	c, c0 := pl.Slides[clip], before[clip]
	if c.Frames != c0.Frames {
		t.Errorf("clip length %d frames, was %d", c.Frames, c0.Frames)
	}
	if c.StartFrame != c0.StartFrame+4 {
		t.Errorf("clip starts at %d, want %d (moved onto the beat)", c.StartFrame, c0.StartFrame+4)
	}
	// The slide after the clip starts 4 frames later (and, its own end
	// also pulled 4 frames later by the next beat, keeps its length).
	n, n0 := pl.Slides[clip+1], before[clip+1]
	if n.StartFrame != n0.StartFrame+4 {
		t.Errorf("slide after the clip starts at %d, was %d", n.StartFrame, n0.StartFrame)
	}
	if pl.Frames != pl.Slides[len(pl.Slides)-1].EndFrame() || pl.Slides[len(pl.Slides)-1].EndFrame() != before[len(before)-1].EndFrame() {
		t.Error("the video's length changed")
	}
	for i := range pl.Transitions {
		if w := pl.Transitions[i]; w.StartFrame != pl.Slides[i+1].StartFrame || w.EndFrame != pl.Slides[i].EndFrame() {
			t.Errorf("window %d %v does not match slides %d..%d", i, w, pl.Slides[i+1].StartFrame, pl.Slides[i].EndFrame())
		}
	}
	// A beat near the cut after the clip alone moves nothing.
	pl2, err := Validate(context.Background(), p, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	x := pl2.Transitions[clip].Len()
	syncToBeats(pl2, []float64{(float64(pl2.Slides[clip+1].StartFrame) + float64(x)/2 + 4) / 30}, 0.5, 0)
	for i := range pl2.Slides {
		if pl2.Slides[i].StartFrame != before[i].StartFrame || pl2.Slides[i].Frames != before[i].Frames {
			t.Errorf("slide %d moved to %d+%d (was %d+%d) for a beat after the clip", i, pl2.Slides[i].StartFrame, pl2.Slides[i].Frames, before[i].StartFrame, before[i].Frames)
		}
	}
}
