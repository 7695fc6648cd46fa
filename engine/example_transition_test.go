package engine_test

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"log"
	"math"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/styles"
)

// A custom transition: the built-in crossfade (the built-ins implement
// compose.Transition too) under a white flash that peaks half-way through
// the window. Options.Transition replaces the style's transitions.
func ExampleOptions_transition() {
	crossfade := compose.StyleTransition(nil, styles.Crossfade)
	flash := compose.TransitionFunc(func(dst, a, b *image.YCbCr, m float64) {
		crossfade.Blend(dst, a, b, m)
		compose.FillRect(dst, dst.Rect, color.White, 1-math.Abs(2*m-1))
	})
	p := &engine.Project{Name: "Flash", Style: "cinematic", Assets: []engine.Asset{
		engine.Text("After the flash", ""),
	}}
	o := engine.Options{Transition: flash}
	pl, err := engine.Validate(context.Background(), p, nil, o)
	if err != nil {
		log.Fatal(err)
	}
	w := pl.Transitions[0] // title card -> text slide
	mid := time.Duration(pl.Seconds((w.StartFrame+w.EndFrame)/2) * float64(time.Second))
	fr, err := engine.RenderFrame(context.Background(), p, nil, o, mid)
	if err != nil {
		log.Fatal(err)
	}
	img := fr.Image
	c := img.RGBAAt(img.Rect.Dx()/2, img.Rect.Dy()/2)
	fmt.Println("white flash:", c.R > 240 && c.G > 240 && c.B > 240)
	// Output: white flash: true
}
