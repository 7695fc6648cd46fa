package engine_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"log"
	"os"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/styles"
)

// gradient makes a photo in code: a w x h horizontal gradient.
func gradient(w, h int, from, to color.RGBA) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		t := float64(x) / float64(w-1)
		c := color.RGBA{
			uint8(float64(from.R) + t*(float64(to.R)-float64(from.R))),
			uint8(float64(from.G) + t*(float64(to.G)-float64(from.G))),
			uint8(float64(from.B) + t*(float64(to.B)-float64(from.B))), 255}
		for y := range h {
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// Render assets a program holds in memory: photos as image.Image values
// or encoded bytes, music as bytes. No Resolver is needed, and without a
// music asset the MP4 would simply have no audio track.
func ExampleRender_inMemory() {
	mp3, err := os.ReadFile("../testdata/music/tone22k_mono_cbr.mp3")
	if err != nil {
		log.Fatal(err)
	}
	p := &engine.Project{
		Name:  "Made in memory",
		Style: "vanilla",
		Assets: []engine.Asset{
			{Kind: engine.KindImage, Image: gradient(640, 360, color.RGBA{200, 60, 30, 255}, color.RGBA{30, 60, 200, 255}),
				Data: engine.AssetData{Caption: "A gradient"}},
			engine.Text("The end", ""),
			{Kind: engine.KindMusic, Bytes: mp3},
		},
	}
	var video bytes.Buffer
	res, err := engine.Render(context.Background(), p, nil, engine.Options{
		Output:  engine.ToWriter(&video, engine.Faststart),
		Preview: true, // 256x144 at 10 fps: quick for the example
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%dx%d, MP4 written: %v\n", res.Renditions[0].Width, res.Renditions[0].Height, video.Len() > 0)
	// Output: 256x144, MP4 written: true
}

// Pass a style by value: build or load it in code (here vanilla with
// longer slides) and hand it to Options.Style; the
// project's style name and the registry are then not consulted.
func ExampleOptions_style() {
	vanilla, _ := styles.Builtin().Lookup("vanilla")
	slow := vanilla.Clone()
	slow.MachineName = "slow"
	slow.SlideDuration = 6

	p := &engine.Project{Name: "Slow", Assets: []engine.Asset{
		{Kind: engine.KindText, Data: engine.AssetData{Title: "One"}},
		{Kind: engine.KindText, Data: engine.AssetData{Title: "Two"}},
	}}
	pl, err := engine.Validate(context.Background(), p, nil, engine.Options{Style: slow})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("style %s: slide one lasts %.0f s\n", pl.Style.MachineName, pl.Seconds(pl.Slides[1].Frames))
	// Output: style slow: slide one lasts 6 s
}

// Draw over every frame: a watermark prepared once as a compose.Stamp
// (drawing it allocates nothing) and a progress bar that grows with the
// frame index. RenderFrame shows the result for one moment; Render draws
// it on every frame of every rendition and on the thumbnails.
func ExampleOverlay() {
	mark := compose.NewStamp(gradient(48, 24, color.RGBA{255, 255, 255, 255}, color.RGBA{255, 220, 0, 255}))
	ov := &engine.Overlay{Draw: func(f engine.Frame) {
		mw, mh := mark.Size()
		f.DrawStamp(mark, f.Width-mw-8, f.Height-mh-16, 0.6)
		f.FillRect(image.Rect(0, f.Height-6, f.Width*(f.Index+1)/f.Total, f.Height), color.White, 1)
	}}
	p := &engine.Project{Name: "Overlay", Style: "vanilla", Assets: []engine.Asset{
		engine.Text("Hello", ""),
	}}
	fr, err := engine.RenderFrame(context.Background(), p, nil, engine.Options{Overlay: ov}, 3500*time.Millisecond)
	if err != nil {
		log.Fatal(err)
	}
	img := fr.Image
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	bar := img.RGBAAt(10, h-2) // inside the bar, which is half-way across at 3.5 s of 7
	fmt.Printf("%dx%d, bar pixel %v, beyond the bar %v\n", w, h, bar, img.RGBAAt(w-10, h-2) != bar)
	// Output: 640x360, bar pixel {255 255 255 255}, beyond the bar true
}

// Cancel a render: Render returns the context's error promptly and leaves
// no file behind.
func ExampleRender_cancel() {
	dir, err := os.MkdirTemp("", "reel-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &engine.Project{Name: "Cancelled", Style: "vanilla", Assets: []engine.Asset{
		{Kind: engine.KindImage, Image: gradient(320, 180, color.RGBA{0, 0, 0, 255}, color.RGBA{255, 255, 255, 255}), End: 60 * time.Second},
	}}
	_, err = engine.Render(ctx, p, nil, engine.Options{
		Output:  engine.ToFile(dir + "/out.mp4"),
		Preview: true,
		Progress: func(pr engine.Progress) {
			if pr.Frames > 0 {
				cancel() // a user pressed "stop"
			}
		},
	})
	left, _ := os.ReadDir(dir)
	fmt.Println(errors.Is(err, context.Canceled), len(left))
	// Output: true 0
}

// Tell the user's mistakes from internal faults: everything the input
// causes matches ErrInvalidProject, and a fault of one asset names it by
// its index in the assets array.
func ExampleAssetError() {
	p := &engine.Project{Name: "Broken", Style: "vanilla", Assets: []engine.Asset{
		{Kind: engine.KindText, Data: engine.AssetData{Title: "Fine"}},
		{Kind: engine.KindImage, Bytes: []byte("this is not a picture")},
	}}
	_, err := engine.Validate(context.Background(), p, nil, engine.Options{ProbeAssets: true})
	var ae *engine.AssetError
	if errors.Is(err, engine.ErrInvalidProject) && errors.As(err, &ae) {
		fmt.Println("asset", ae.Index, "is wrong:", err)
	}
	// Output: asset 1 is wrong: assets[1] (image, in memory): compose: not a supported image
}
