package engine

import (
	"context"
	"errors"
	"image"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/styles"
)

func TestFramingTimesPickKeyframesAcrossThePlayedPart(t *testing.T) {
	s := func(v float64) time.Duration { return time.Duration(v * float64(time.Second)) }
	every := func(step, end float64) []time.Duration {
		var ks []time.Duration
		for v := 0.0; v <= end; v += step {
			ks = append(ks, s(v))
		}
		return ks
	}
	for _, tc := range []struct {
		name      string
		from, end float64
		keys      []time.Duration
		want      []time.Duration
	}{
		{"a keyframe a second, 4 s", 0, 4, every(1, 4), []time.Duration{s(1), s(3)}},
		{"trimmed, 2..8 s: a quarter, half, three quarters", 2, 8, every(1, 10), []time.Duration{s(3), s(5), s(6)}},
		{"one keyframe: the first picture alone", 0, 4, every(10, 4), nil},
		{"keyframes past the played part are not used", 0, 3, []time.Duration{0, s(5)}, nil},
		{"a keyframe next to the first picture adds nothing", 1, 3, []time.Duration{0, s(1.1)}, nil},
		{"nearest keyframe shared by two targets, once", 0, 6, []time.Duration{0, s(3)}, []time.Duration{s(3)}},
		{"shorter than a second", 0, 0.9, every(0.1, 1), nil},
	} {
		got := framingTimes(s(tc.from), s(tc.end), tc.keys)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

// noKeyframes is the clip library with its readers' keyframes hidden:
// clips framed from their first picture alone, as before framing
// pictures.
type noKeyframes struct{ clipLibrary }

func (b noKeyframes) open(ctx context.Context, r io.ReaderAt, size int64, w, h int) (clipReader, error) {
	rd, err := b.clipLibrary.open(ctx, r, size, w, h)
	if err != nil {
		return nil, err
	}
	return struct{ clipReader }{rd}, nil
}

// faceClip makes a 4 s 640x360 H.264 clip (25 fps, a keyframe a second)
// of testdata/photos/01.jpg with the head of compose's test face pasted
// at its right edge (the face about 110 px a side at x 509..617) from
// clip time from on.
func faceClip(t *testing.T, dir string, from float64) {
	t.Helper()
	td := testdataDir(t)
	makeClip(t, dir, "face.mp4",
		"-loop", "1", "-t", "4", "-i", filepath.Join(td, "photos", "01.jpg"),
		"-loop", "1", "-t", "4", "-i", filepath.Join(td, "..", "compose", "testdata", "faces", "sample.jpg"),
		"-filter_complex", "[0]scale=640:360:force_original_aspect_ratio=increase,crop=640:360,format=yuv420p[bg];"+
			"[1]crop=280:340:16:40,scale=126:153[hd];[bg][hd]overlay=500:20:enable='gte(t,"+strconv.FormatFloat(from, 'f', 2, 64)+")'",
		"-r", "25", "-g", "25", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-t", "4")
}

// cropStyles is vanilla plus "cropquick": quick, cropping every picture,
// clips not moved.
func cropStyles(t *testing.T) *styles.Registry {
	t.Helper()
	v, _ := styles.Builtin().Lookup("vanilla")
	q := v.Clone()
	q.MachineName = "cropquick"
	q.TitleCard.Duration = 1
	q.TitleCard.AnimDuration = 0.3
	q.Transitions.Duration = 0.5
	q.Credits.Duration = 1.5
	q.Fill.Mode = styles.FillCrop
	q.Motion.Clips = false
	r, err := styles.NewRegistry(v, q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// faceFrame renders the 9:16 frame 3 s into the clip slide of dir's
// face.mp4 with backend b (nil: compose/clip) and returns the faces
// found in it.
func faceFrame(t *testing.T, dir string, b clipBackend, at float64) []image.Rectangle {
	t.Helper()
	p := &Project{Name: "Walk in", Style: "cropquick", Quality: 360, Aspect: Aspect9x16, Assets: []Asset{
		{Kind: KindVideo, AssetID: "face.mp4"},
	}}
	o := Options{Styles: cropStyles(t), clipBackend: b}
	r := &FileResolver{Dir: dir}
	pl, err := Validate(context.Background(), p, r, o)
	if err != nil {
		if errors.Is(err, errNoClipSupport) || strings.Contains(err.Error(), "install the Debian package") {
			t.Skipf("clips not readable here: %v", err)
		}
		t.Fatal(err)
	}
	var s *PlannedSlide
	for i := range pl.Slides {
		if pl.Slides[i].Kind == VideoSlide {
			s = &pl.Slides[i]
		}
	}
	fr, err := RenderFrame(context.Background(), p, r, o, seconds(pl.Seconds(s.StartFrame)+at))
	if err != nil {
		t.Fatal(err)
	}
	return compose.NewPhoto(fr.Image, compose.DecodeOptions{WorkWidth: 360, WorkHeight: 640}).Faces()
}

// wholeFace reports whether faces holds one at least 120 px a side (the
// 110 px face is shown at about 1.8 times its size) inside 360x640.
func wholeFace(faces []image.Rectangle) bool {
	for _, f := range faces {
		if f.Dx() >= 120 && f.In(image.Rect(0, 0, 360, 640)) {
			return true
		}
	}
	return false
}

// TestClipCropHoldsAFaceThatWalksInLater: a 16:9 clip whose face appears
// at its right edge only from 2 s on, cropped into a 9:16 frame: the crop
// (fixed for the slide) holds the face, found whole in the frame 3 s in,
// both in a single frame (RenderFrame) and in the rendered video; framed
// from the first picture alone, the crop shows none of it.
func TestClipCropHoldsAFaceThatWalksInLater(t *testing.T) {
	dir := t.TempDir()
	faceClip(t, dir, 2)
	if f := faceFrame(t, dir, noKeyframes{}, 3); wholeFace(f) {
		t.Fatalf("test set-up: the first picture's crop already shows the face (%v)", f)
	}
	if f := faceFrame(t, dir, nil, 3); !wholeFace(f) {
		t.Errorf("3 s in: no whole face in the frame (found %v)", f)
	}
	p := &Project{Name: "Walk in", Style: "cropquick", Quality: 360, Aspect: Aspect9x16, Assets: []Asset{
		{Kind: KindVideo, AssetID: "face.mp4"},
	}}
	out := filepath.Join(dir, "out.mp4")
	o := Options{Styles: cropStyles(t), Output: ToFile(out), Renditions: []Quality{Quality360}}
	r := &FileResolver{Dir: dir}
	pl, err := Validate(context.Background(), p, r, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Render(context.Background(), p, r, o); err != nil {
		t.Fatal(err)
	}
	var s PlannedSlide
	for _, sl := range pl.Slides {
		if sl.Kind == VideoSlide {
			s = sl
		}
	}
	n := s.StartFrame + int(3*pl.FrameRate.Float())
	b, err := exec.Command("ffmpeg", "-v", "error", "-i", out, "-vf", "select='eq(n\\,"+strconv.Itoa(n)+")'", "-fps_mode", "passthrough",
		"-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-").Output()
	if err != nil || len(b) != 360*640*4 {
		t.Fatalf("ffmpeg: %v (%d bytes)", err, len(b))
	}
	m := &image.RGBA{Pix: b, Stride: 360 * 4, Rect: image.Rect(0, 0, 360, 640)}
	if f := compose.NewPhoto(m, compose.DecodeOptions{WorkWidth: 360, WorkHeight: 640}).Faces(); !wholeFace(f) {
		t.Errorf("rendered video, frame %d: no whole face (found %v)", n, f)
	}
}

// TestClipCropWithFaceFromTheStartIsFramedAsBefore: a clip whose face is
// there from its first picture is framed as from that picture alone:
// the frames are the same pixel for pixel, and the face is whole in them.
func TestClipCropWithFaceFromTheStartIsFramedAsBefore(t *testing.T) {
	dir := t.TempDir()
	faceClip(t, dir, 0)
	for _, at := range []float64{0.5, 3} {
		if f := faceFrame(t, dir, nil, at); !wholeFace(f) {
			t.Errorf("%.1f s in: no whole face in the frame (found %v)", at, f)
		}
	}
	p := &Project{Name: "Face", Style: "cropquick", Quality: 360, Aspect: Aspect9x16, Assets: []Asset{
		{Kind: KindVideo, AssetID: "face.mp4"},
	}}
	r := &FileResolver{Dir: dir}
	var frames [2]*image.RGBA
	for i, b := range []clipBackend{nil, noKeyframes{}} {
		o := Options{Styles: cropStyles(t), clipBackend: b}
		fr, err := RenderFrame(context.Background(), p, r, o, 2500*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		frames[i] = fr.Image
	}
	diff := 0
	for i := range frames[0].Pix {
		if frames[0].Pix[i] != frames[1].Pix[i] {
			diff++
		}
	}
	if diff != 0 {
		t.Errorf("%d bytes differ from the frame framed by the first picture alone", diff)
	}
}

// BenchmarkClipFraming: RenderFrame of a 1080x1920 frame 0.5 s into a
// cropped 4 s H.264 clip (a keyframe a second) made by ffmpeg, framed
// from its first picture alone ("first") and from the pictures across
// its played part ("across"); the difference is the framing pictures'
// cost (two keyframes decoded and searched for faces).
func BenchmarkClipFraming(b *testing.B) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		b.Skip("ffmpeg not installed")
	}
	for _, size := range []string{"1280x720", "1920x1080"} {
		dir := b.TempDir()
		cmd := exec.Command("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s="+size+":r=30:d=4",
			"-g", "30", "-c:v", "libx264", "-pix_fmt", "yuv420p", filepath.Join(dir, "face.mp4"))
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Skipf("ffmpeg: %v\n%s", err, out)
		}
		p := &Project{Name: "Bench", Style: "cropquick", Quality: 1080, Aspect: Aspect9x16, Assets: []Asset{
			{Kind: KindVideo, AssetID: "face.mp4"},
		}}
		r := &FileResolver{Dir: dir}
		st := cropStyles(&testing.T{})
		for _, bc := range []struct {
			name string
			be   clipBackend
		}{{"first", noKeyframes{}}, {"across", nil}} {
			b.Run(size+"/"+bc.name, func(b *testing.B) {
				o := Options{Styles: st, clipBackend: bc.be}
				c0 := processCPU()
				for b.Loop() {
					if _, err := RenderFrame(context.Background(), p, r, o, 1500*time.Millisecond); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(processCPU()-c0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// processCPU is the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
