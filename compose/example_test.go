package compose_test

import (
	"fmt"
	"image"
	"image/color"
	"log"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/styles"
)

// Draw one frame of a text slide into an RGBA picture (video frames go
// into an *image.YCbCr with Render instead, without allocating).
func ExampleRenderer() {
	st, _ := styles.Builtin().Lookup("vanilla")
	r := compose.NewRenderer(st, 640, 360, compose.Options{})
	slide := &compose.Slide{Kind: compose.TextSlide, Title: "Hello", Text: "from compose", Duration: 4, Index: 1}
	img := image.NewRGBA(image.Rect(0, 0, 640, 360))
	if err := r.RenderRGBA(img, compose.Scene{Current: compose.Shot{Slide: slide, T: 2}}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(img.Bounds().Size())
	// Output: (640,360)
}

// Prepare a picture once as a Stamp and draw it over frames (a logo, a
// watermark): the drawing itself allocates nothing.
func ExampleNewStamp() {
	logo := image.NewRGBA(image.Rect(0, 0, 32, 16))
	for i := 0; i < len(logo.Pix); i += 4 {
		logo.Pix[i], logo.Pix[i+3] = 255, 255 // opaque red
	}
	s := compose.NewStamp(logo)
	frame := image.NewYCbCr(image.Rect(0, 0, 128, 72), image.YCbCrSubsampleRatio420)
	s.Draw(frame, 8, 8, 1)
	compose.FillRect(frame, image.Rect(0, 68, 64, 72), color.White, 1)
	y := frame.Y[frame.YOffset(10, 10)]
	cr := frame.Cr[frame.COffset(10, 10)]
	fmt.Println(y, cr, frame.Y[frame.YOffset(4, 70)])
	// Output: 63 240 235
}
