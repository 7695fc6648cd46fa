package engine

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"
)

// TestClipPictureAndSoundStayInSync: an H.264 + AAC clip with a white
// flash frame and a click at the same instant (2 s into the clip),
// trimmed from 0.5 s, shows the flash 1.5 s into its slide and plays the
// click within one output frame of it — for a constant-rate clip, a
// variable-frame-rate one (60 frames/s with every third picture
// dropped), one stored with a 90° display rotation, and a split render
// whose second segment begins inside the clip before the flash.
func TestClipPictureAndSoundStayInSync(t *testing.T) {
	needFFmpeg(t)
	const flash = "drawbox=c=white:t=fill:enable='between(t,1.999,2.001)'"
	click := []string{"-f", "lavfi", "-i", "aevalsrc='0.8*sin(2*PI*1000*t)*between(t,2,2.02)':s=48000:d=4"}
	cases := []struct {
		name  string
		make  func(t *testing.T, dir string) // writes dir/clip.mp4
		split bool
	}{
		{name: "constant frame rate", make: func(t *testing.T, dir string) {
			makeClip(t, dir, "clip.mp4", append(append([]string{"-f", "lavfi", "-i", "color=c=black:s=320x180:r=30:d=4," + flash}, click...),
				"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")...)
		}},
		{name: "variable frame rate", make: func(t *testing.T, dir string) {
			makeClip(t, dir, "clip.mp4", append(append([]string{"-f", "lavfi", "-i",
				"color=c=black:s=320x180:r=60:d=4," + flash + ",select='not(eq(mod(n\\,3)\\,1))'"}, click...),
				"-fps_mode:v", "vfr", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")...)
		}},
		{name: "rotated 90 degrees", make: func(t *testing.T, dir string) {
			src := makeClip(t, dir, "src.mp4", append(append([]string{"-f", "lavfi", "-i", "color=c=black:s=320x180:r=30:d=4," + flash}, click...),
				"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")...)
			makeClip(t, dir, "clip.mp4", "-i", src, "-c", "copy", "-metadata:s:v", "rotate=90")
		}},
		{name: "split render", split: true, make: func(t *testing.T, dir string) {
			makeClip(t, dir, "clip.mp4", append(append([]string{"-f", "lavfi", "-i", "color=c=black:s=320x180:r=30:d=4," + flash}, click...),
				"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")...)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.make(t, dir)
			p := &Project{Name: "Sync", Style: "quick", Quality: 360, Assets: []Asset{
				{Kind: KindImage, AssetID: filepath.Join(testdataDir(t), "photos", "02.jpg")},
				{Kind: KindVideo, AssetID: "clip.mp4", Data: AssetData{TrimStart: 500 * time.Millisecond}},
			}}
			out, pl := renderSyncClip(t, dir, p, c.split)
			s := pl.Slides[2]
			lum := lumaTrack(t, out, 640, 360)
			at := -1
			for f := s.StartFrame; f < s.EndFrame() && f < len(lum); f++ {
				if lum[f] > 150 {
					at = f
					break
				}
			}
			if want := s.StartFrame + 45; at != want {
				t.Fatalf("flash at frame %d, want %d (1.5 s into the clip's slide at frame %d)", at, want, s.StartFrame)
			}
			clickT, flashT := firstLoud(t, out), pl.Seconds(at)
			t.Logf("flash at %.4f s (frame %d), click at %.4f s", flashT, at, clickT)
			if clickT < 0 || math.Abs(clickT-flashT) > 1.0/30 {
				t.Errorf("click at %.4f s, flash at %.4f s: more than one frame apart", clickT, flashT)
			}
		})
	}
}

// renderSyncClip renders p (assets relative to dir) at 640x360 into
// dir/out.mp4, in one piece or as two segments joined; for a split render
// it checks that the second segment begins inside slide 2 before the
// clip's flash, 1.5 s into the slide.
func renderSyncClip(t *testing.T, dir string, p *Project, split bool) (string, *Plan) {
	t.Helper()
	if !split {
		return renderClipFiles(t, dir, p)
	}
	out := filepath.Join(dir, "out.mp4")
	o := Options{Styles: testStyles(t), Output: ToFile(out), Renditions: []Quality{Quality360}}
	r := &FileResolver{Dir: dir}
	pl, err := Validate(context.Background(), p, r, o)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := SegmentRanges(pl.Frames, pl.FrameRate, 2)
	if err != nil {
		t.Fatal(err)
	}
	s := pl.Slides[2]
	if from := rs[1].From; from <= s.StartFrame || from >= s.StartFrame+45 {
		t.Fatalf("segment 1 starts at frame %d, not inside the clip's slide (%d) before its flash (%d)", from, s.StartFrame, s.StartFrame+45)
	}
	if _, err := RenderSplit(context.Background(), p, r, o, 2, nil); err != nil {
		t.Fatal(err)
	}
	return out, pl
}
