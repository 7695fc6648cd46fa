package engine

import (
	"context"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"
)

// TestRenderWithoutMusic: a project with no music asset renders to an MP4
// with one video stream and no audio stream (ffprobe as the oracle).
func TestRenderWithoutMusic(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	p := quickProject()
	p.Assets = p.Assets[:3]
	out := filepath.Join(t.TempDir(), "silent.mp4")
	render(t, p, Options{Output: ToFile(out)})
	streams := ffprobe(t, out)
	if len(streams) != 1 || streams[0].CodecType != "video" {
		t.Fatalf("streams %+v, want one video stream", streams)
	}
}

// TestRenderInMemoryAssets: photos given as an image.Image and as encoded
// bytes, music as bytes, and no Resolver at all.
func TestRenderInMemoryAssets(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	jpg, err := os.ReadFile(filepath.Join("..", "testdata", "photos", "02.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	mp3, err := os.ReadFile(filepath.Join("..", "testdata", "music", "tone22k_mono_cbr.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	red := image.NewRGBA(image.Rect(0, 0, 320, 180))
	for i := 0; i < len(red.Pix); i += 4 {
		red.Pix[i], red.Pix[i+3] = 220, 255
	}
	p := &Project{Name: "Memory", Style: "quick", Quality: 360, Assets: []Asset{
		{Kind: KindImage, Image: red},
		{Kind: KindImage, Bytes: jpg, Data: AssetData{Caption: "from bytes"}},
		{Kind: KindMusic, Bytes: mp3},
	}}
	out := filepath.Join(t.TempDir(), "mem.mp4")
	if _, err := Render(context.Background(), p, nil, Options{Styles: testStyles(t), Output: ToFile(out), ProbeAssets: true}); err != nil {
		t.Fatal(err)
	}
	if got := len(ffprobe(t, out)); got != 2 {
		t.Fatalf("%d streams, want video and audio", got)
	}
	// The middle of the first photo slide is the red image.
	pl, err := Validate(context.Background(), p, nil, Options{Styles: testStyles(t)})
	if err != nil {
		t.Fatal(err)
	}
	s := pl.Slides[1]
	fr, err := RenderFrame(context.Background(), p, nil, Options{Styles: testStyles(t)}, seconds(pl.Seconds(s.StartFrame+s.Frames/2)))
	if err != nil {
		t.Fatal(err)
	}
	img := fr.Image
	c := color.RGBAModel.Convert(img.At(img.Bounds().Dx()/2, img.Bounds().Dy()/2)).(color.RGBA)
	if c.R < 180 || c.G > 60 || c.B > 60 {
		t.Errorf("centre of the in-memory photo is %v, want red", c)
	}
}
