package compose_test

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
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

// ExampleRGBATransition writes a crossfade with image/draw and hands it to
// the Renderer (Options.Transition) as any Transition.
func ExampleRGBATransition() {
	fade := compose.RGBATransition(func(dst draw.Image, a, b image.Image, m float64) {
		mask := image.NewUniform(color.Alpha{A: uint8(255 * m)})
		draw.DrawMask(dst, dst.Bounds(), b, image.Point{}, mask, image.Point{}, draw.Over)
	})
	a := image.NewYCbCr(image.Rect(0, 0, 16, 16), image.YCbCrSubsampleRatio420)
	b := image.NewYCbCr(a.Rect, image.YCbCrSubsampleRatio420)
	for i := range b.Y {
		b.Y[i] = 235 // white
	}
	fade.Blend(a, a, b, 0.5)
	fmt.Println(a.Y[0] > 16 && a.Y[0] < 235)
	// Output: true
}
