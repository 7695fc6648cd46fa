package engine_test

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"log"
	"time"

	"github.com/reelkit/reel/engine"
)

// Put a logo in a corner of the whole video: a "logo" asset (from memory
// here; engine.Logo(path, corner) makes one from a file) with its corner,
// its width as a fraction of the frame's, and its opacity. Every built-in
// style allows one logo.
func ExampleKindLogo() {
	logo := image.NewRGBA(image.Rect(0, 0, 200, 100))
	for i := 0; i < len(logo.Pix); i += 4 {
		logo.Pix[i], logo.Pix[i+1], logo.Pix[i+2], logo.Pix[i+3] = 0, 90, 255, 255
	}
	p := &engine.Project{Name: "With a logo", Style: "cinematic", Assets: []engine.Asset{
		engine.Text("Hello", ""),
		{Kind: engine.KindLogo, Image: logo, Data: engine.AssetData{Corner: engine.CornerTopRight, Size: 0.2, Opacity: 1}},
	}}
	fr, err := engine.RenderFrame(context.Background(), p, nil, engine.Options{}, 2*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	img := fr.Image
	// 640x360: the logo is 128x64 at a margin of 14 px from the top-right.
	in := img.RGBAAt(640-14-64, 14+32)
	out := img.RGBAAt(640-14-64, 14+64+20)
	blue := func(c color.RGBA) bool { return c.B > 200 && c.R < 40 }
	fmt.Println(blue(in), blue(out))
	// Output: true false
}
