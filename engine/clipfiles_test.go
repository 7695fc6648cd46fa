package engine

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// makeClip runs ffmpeg with args (inputs and encoder settings) to write
// dir/name, skipping the test when ffmpeg is missing or cannot make it.
func makeClip(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	needFFmpeg(t)
	out := filepath.Join(dir, name)
	cmd := exec.Command("ffmpeg", append(append([]string{"-v", "error", "-y"}, args...), out)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("ffmpeg cannot make %s here: %v\n%s", name, err, b)
	}
	return out
}

// renderClipFiles renders p (assets relative to dir) into dir/out.mp4
// with the quick style at 640x360, skipping when this build or machine
// cannot read the clip (its decoder library missing).
func renderClipFiles(t *testing.T, dir string, p *Project) (string, *Plan) {
	t.Helper()
	out := filepath.Join(dir, "out.mp4")
	o := Options{Styles: testStyles(t), Output: ToFile(out), Renditions: []Quality{Quality360}}
	r := &FileResolver{Dir: dir}
	pl, err := Validate(context.Background(), p, r, o)
	if err == nil {
		_, err = Render(context.Background(), p, r, o)
	}
	if errors.Is(err, errNoClipSupport) {
		t.Skip("this build cannot read clips yet")
	}
	if err != nil && strings.Contains(err.Error(), "install the Debian package") {
		t.Skipf("decoder missing: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out, pl
}

// lumaTrack decodes an MP4's video and returns the mean luma of the
// centre 16x16 block of every frame.
func lumaTrack(t *testing.T, path string, w, h int) []float64 {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg decode: %v", err)
	}
	size := w*h + 2*((w+1)/2)*((h+1)/2)
	var lum []float64
	for o := 0; o+size <= len(out); o += size {
		var s float64
		for y := h/2 - 8; y < h/2+8; y++ {
			for x := w/2 - 8; x < w/2+8; x++ {
				s += float64(out[o+y*w+x])
			}
		}
		lum = append(lum, s/256)
	}
	return lum
}

// TestRenderGIFClipPlaysTheTrimmedSeconds: a GIF whose brightness
// encodes its own time (10 pictures a second), trimmed to 1.0-3.0 s,
// shows at each output frame of its slide the picture of trim_start
// plus the time since the slide began, then holds its last picture to
// the end of its 3 s slot.
func TestRenderGIFClipPlaysTheTrimmedSeconds(t *testing.T) {
	dir := t.TempDir()
	makeClip(t, dir, "ramp.gif", "-f", "lavfi", "-i", "nullsrc=s=160x90:r=10:d=4,format=gray,geq=lum='20+50*T'", "-f", "gif")
	p := &Project{Name: "GIF", Style: "quick", Quality: 360, Assets: []Asset{
		{Kind: KindVideo, AssetID: "ramp.gif", Start: 1 * time.Second, End: 4 * time.Second, Data: AssetData{TrimStart: 1 * time.Second, TrimEnd: 3 * time.Second}},
	}}
	out, pl := renderClipFiles(t, dir, p)
	s := pl.Slides[1]
	if s.Kind != VideoSlide || s.Frames != 90 {
		t.Fatalf("slide %v of %d frames, want a 90-frame video slide", s.Kind, s.Frames)
	}
	lum := lumaTrack(t, out, 640, 360)
	x := pl.Transitions[0].Len()
	for k := x + 2; k < s.Frames-pl.Transitions[len(pl.Transitions)-1].Len(); k += 7 {
		// The GIF's picture at clip time 1 + k/30 (rounded down to its
		// tenths), held at its last one (2.9 s) from 2 s into the slide.
		ct := math.Min(1+float64(k)/30, 2.9)
		ct = math.Floor(ct*10+1e-6) / 10
		want := 16 + (20+50*ct)*219/255 // full-range grey in limited range
		if got := lum[s.StartFrame+k]; math.Abs(got-want) > 4 {
			t.Errorf("slide frame %d: luma %.1f, want %.1f (clip time %.1f s)", k, got, want, ct)
		}
	}
}

// TestRenderRotatedClipIsUpright: a landscape clip stored with a 90°
// display rotation (the tkhd matrix) plays as a portrait clip, contained
// in the 16:9 frame, turned the way ffmpeg turns it for display.
func TestRenderRotatedClipIsUpright(t *testing.T) {
	dir := t.TempDir()
	// Top half white, bottom half black: turned for display the white
	// half is on one side.
	src := makeClip(t, dir, "src.mp4", "-f", "lavfi", "-i", "color=c=black:s=320x180:r=30:d=2,drawbox=c=white:t=fill:h=90",
		"-c:v", "libx264", "-pix_fmt", "yuv420p")
	rot := makeClip(t, dir, "rot.mp4", "-i", src, "-c", "copy", "-metadata:s:v", "rotate=90")
	up, err := exec.Command("ffmpeg", "-v", "error", "-i", rot, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-").Output()
	if err != nil || len(up) != 180*320 {
		t.Fatalf("ffmpeg's upright picture: %v (%d bytes)", err, len(up))
	}
	whiteLeft := up[160*180+40] > 128 // ffmpeg's display: 180 wide, 320 tall
	if whiteLeft == (up[160*180+140] > 128) {
		t.Fatal("ffmpeg's upright picture is not split left/right")
	}
	p := &Project{Name: "Rotated", Style: "quick", Quality: 360, Assets: []Asset{
		{Kind: KindVideo, AssetID: "rot.mp4"},
	}}
	out, pl := renderClipFiles(t, dir, p)
	s := pl.Slides[1]
	b, err := exec.Command("ffmpeg", "-v", "error", "-i", out, "-vf", "select='eq(n\\,"+strconv.Itoa(s.StartFrame+30)+")'", "-fps_mode", "passthrough",
		"-f", "rawvideo", "-pix_fmt", "gray", "-").Output()
	if err != nil || len(b) < 640*360 {
		t.Fatalf("ffmpeg: %v (%d bytes)", err, len(b))
	}
	// The contained clip is about 202 wide in the middle (x 219..421).
	left, right := b[180*640+270] > 128, b[180*640+370] > 128
	if left != whiteLeft || right == whiteLeft {
		t.Errorf("white on the left %v, on the right %v; ffmpeg shows it on the left: %v", left, right, whiteLeft)
	}
	for _, y := range []int{20, 340} {
		if v := b[y*640+320+50*map[bool]int{true: -1, false: 1}[whiteLeft]] > 128; !v {
			t.Errorf("row %d: the white half does not span the frame's height", y)
		}
	}
}

// TestRenderClipSoundInSync: the sound of an MP4 clip (AAC, decoded by
// the audio package) plays from its slide's first frame, trimmed as its
// picture is: a click 2 s into the clip, trimmed from 0.5 s, lands within
// one output frame of the picture shown for that clip time (here a
// synthetic white picture at 2.0 s, where compose/clip would show the
// clip's own). A muted copy adds no sound at all.
func TestRenderClipSoundInSync(t *testing.T) {
	dir := t.TempDir()
	makeClip(t, dir, "click.mp4",
		"-f", "lavfi", "-i", "color=c=black:s=320x180:r=30:d=4",
		"-f", "lavfi", "-i", "aevalsrc='0.8*sin(2*PI*1000*t)*between(t,2,2.02)':s=48000:d=4",
		"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")
	sc := &synthClips{flash: 2 * time.Second}
	p := &Project{Name: "Sync", Style: "quick", Quality: 360, Assets: []Asset{
		{Kind: KindImage, AssetID: filepath.Join(testdataDir(t), "photos", "02.jpg")},
		{Kind: KindVideo, AssetID: "click.mp4", Data: AssetData{TrimStart: 500 * time.Millisecond}},
	}}
	out := filepath.Join(dir, "out.mp4")
	o := Options{Styles: testStyles(t), Output: ToFile(out), Renditions: []Quality{Quality360}, clipBackend: sc}
	r := &FileResolver{Dir: dir}
	pl, err := Validate(context.Background(), p, r, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := func() error { _, err := Render(context.Background(), p, r, o); return err }(); err != nil {
		if strings.Contains(err.Error(), "libfaad") {
			t.Skipf("AAC decoder missing: %v", err)
		}
		t.Fatal(err)
	}
	s := pl.Slides[2]
	lum := lumaTrack(t, out, 640, 360)
	flash := -1
	for f := s.StartFrame; f < s.EndFrame(); f++ {
		if lum[f] > 150 {
			flash = f
			break
		}
	}
	if want := s.StartFrame + 45; flash != want {
		t.Fatalf("flash at frame %d, want %d (1.5 s into the slide)", flash, want)
	}
	click := firstLoud(t, out)
	flashT := pl.Seconds(flash)
	t.Logf("flash at %.4f s, click at %.4f s", flashT, click)
	if click < 0 || math.Abs(click-flashT) > 1.0/30 {
		t.Errorf("click at %.4f s, flash at %.4f s: more than one frame apart", click, flashT)
	}
	// Muted: no audio track at all (no music either).
	p.Assets[1].Data.Mute = true
	muted := filepath.Join(dir, "muted.mp4")
	o.Output = ToFile(muted)
	if _, err := Render(context.Background(), p, r, o); err != nil {
		t.Fatal(err)
	}
	for _, st := range ffprobe(t, muted) {
		if st.CodecType == "audio" {
			t.Error("a muted clip gave the video an audio track")
		}
	}
}

// firstLoud returns the time of the first sample of an MP4's sound above
// about -20 dBFS, or -1.
func firstLoud(t *testing.T, path string) float64 {
	t.Helper()
	pcm, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-vn", "-ac", "1", "-ar", "48000", "-f", "s16le", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg audio: %v", err)
	}
	for i := 0; i+1 < len(pcm); i += 2 {
		if v := int16(binary.LittleEndian.Uint16(pcm[i:])); v > 3000 || v < -3000 {
			return float64(i/2) / 48000
		}
	}
	return -1
}

func testdataDir(t *testing.T) string {
	d, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRenderBrokenClipFailsBeforeDrawing: a truncated GIF, or a file that
// is no clip, fails the render with an *AssetError naming it, and no
// video is written.
func TestRenderBrokenClipFailsBeforeDrawing(t *testing.T) {
	dir := t.TempDir()
	gif := makeClip(t, dir, "whole.gif", "-f", "lavfi", "-i", "testsrc=s=160x90:r=10:d=3", "-f", "gif")
	b, err := os.ReadFile(gif)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cut.gif"), b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "note.mp4"), []byte("not a video at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"cut.gif", "note.mp4"} {
		p := &Project{Name: "Broken", Style: "quick", Quality: 360, Assets: []Asset{
			{Kind: KindImage, AssetID: filepath.Join(testdataDir(t), "photos", "02.jpg")},
			{Kind: KindVideo, AssetID: name},
		}}
		out := filepath.Join(dir, name+".out.mp4")
		var frames int
		o := Options{Styles: testStyles(t), Output: ToFile(out), Renditions: []Quality{Quality360},
			Progress: func(pr Progress) { frames = pr.Frames }}
		_, err := Render(context.Background(), p, &FileResolver{Dir: dir}, o)
		var ae *AssetError
		if !errors.As(err, &ae) || ae.Index != 1 {
			t.Fatalf("%s: %v, want an *AssetError for assets[1]", name, err)
		}
		if frames != 0 {
			t.Errorf("%s: %d frames encoded before the error", name, frames)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: a video was written", name)
		}
		t.Logf("%s: %v", name, err)
	}
}
