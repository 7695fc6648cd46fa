package compose_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color/palette"
	"image/gif"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	xdraw "golang.org/x/image/draw"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/compose/clip"
	"github.com/reelkit/reel/styles"
)

// facePicture is testdata/photos/01.jpg at 1280x720 with the head of
// testdata/faces/sample.jpg pasted so that its face (the box pigo finds
// in sample.jpg) is the returned box, 130 px a side near the right edge.
func facePicture(t *testing.T) (*image.RGBA, image.Rectangle) {
	t.Helper()
	load := func(name string) *image.RGBA {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		p, err := compose.DecodePhoto(f, compose.DecodeOptions{WorkWidth: 1280, WorkHeight: 1280})
		if err != nil {
			t.Fatal(err)
		}
		return p.Image()
	}
	back, head := load("../testdata/photos/01.jpg"), load("testdata/faces/sample.jpg")
	m := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	bb := back.Bounds()
	src := image.Rect(0, (bb.Dy()-bb.Dx()*720/1280)/2, bb.Dx(), (bb.Dy()+bb.Dx()*720/1280)/2)
	xdraw.ApproxBiLinear.Scale(m, m.Bounds(), back, src, xdraw.Src, nil)
	// sample.jpg's face is (36,82)-(276,322), its head (16,40)-(296,380).
	face := image.Rect(1110, 300, 1240, 430)
	s := 130.0 / 240
	at := func(x, y int) image.Point {
		return image.Pt(face.Min.X+int(float64(x-36)*s+0.5), face.Min.Y+int(float64(y-82)*s+0.5))
	}
	xdraw.CatmullRom.Scale(m, image.Rectangle{at(16, 40), at(296, 380)}, head, image.Rect(16, 40, 296, 380), xdraw.Src, nil)
	return m, face
}

// TestClipFramingKeepsFaceThroughClipDecoders: a 16:9 clip of a photo
// with a face near its right edge, read by compose/clip (an animated GIF
// made in Go, and an H.264 MP4 that ffmpeg encodes from the same still
// when ffmpeg and OpenH264 are installed), rendered into a 9:16 frame by
// a style that crops: the face is found whole in the rendered frame,
// in the frame's right two thirds (the centred crop shows none of it).
func TestClipFramingKeepsFaceThroughClipDecoders(t *testing.T) {
	t.Parallel()
	m, _ := facePicture(t)
	dir := t.TempDir()
	pm := image.NewPaletted(m.Bounds(), palette.Plan9)
	xdraw.Draw(pm, pm.Bounds(), m, image.Point{}, xdraw.Src)
	var g bytes.Buffer
	if err := gif.EncodeAll(&g, &gif.GIF{Image: []*image.Paletted{pm, pm}, Delay: []int{50, 50}}); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"gif": g.Bytes()}
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Log("ffmpeg not installed: the H.264 clip (made by ffmpeg from the still) is not checked")
	} else {
		still, mp4 := filepath.Join(dir, "face.png"), filepath.Join(dir, "face.mp4")
		f, err := os.Create(still)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, m); err != nil {
			t.Fatal(err)
		}
		f.Close()
		out, err := exec.Command("ffmpeg", "-v", "error", "-loop", "1", "-t", "1", "-i", still,
			"-c:v", "libx264", "-pix_fmt", "yuv420p", "-r", "25", "-color_primaries", "bt709",
			"-color_trc", "bt709", "-colorspace", "bt709", "-y", mp4).CombinedOutput()
		if err != nil {
			t.Fatalf("ffmpeg: %v\n%s", err, out)
		}
		b, err := os.ReadFile(mp4)
		if err != nil {
			t.Fatal(err)
		}
		files["h264"] = b
	}
	st, ok := styles.Builtin().Lookup("vanilla")
	if !ok {
		t.Fatal("no vanilla style")
	}
	crop := *st
	crop.Fill.Mode = styles.FillCrop
	crop.Motion = styles.MotionSet{}
	const w, h = 360, 640
	for name, b := range files {
		r, err := clip.Open(context.Background(), bytes.NewReader(b), int64(len(b)), clip.Options{Width: w, Height: h})
		var missing *clip.MissingDecoderError
		if errors.As(err, &missing) {
			t.Logf("%s: %v: not checked", name, err)
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer r.Close()
		rd := compose.NewRenderer(&crop, w, h, compose.Options{})
		out := image.NewRGBA(image.Rect(0, 0, w, h))
		s := &compose.Slide{Kind: compose.VideoSlide, Clip: r, Duration: 1}
		if err := rd.RenderRGBA(out, compose.Scene{Current: compose.Shot{Slide: s, T: 0.5}}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		found := compose.NewPhoto(out, compose.DecodeOptions{WorkWidth: w, WorkHeight: h}).Faces()
		hit := false
		for _, f := range found {
			// the face is about 115 px here: a box at least 90 px wide,
			// right of the frame's first third
			hit = hit || (f.Dx() >= 90 && f.Min.X >= w/3 && f.In(out.Bounds()))
		}
		if !hit {
			t.Errorf("%s: no whole face right of the frame's first third (found %v)", name, found)
		}
	}
}
