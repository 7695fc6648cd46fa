package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"log"
	"time"

	"github.com/reelkit/reel/engine"
)

// Draw one frame as a PNG, for a preview endpoint. RenderFrame, Validate
// and the asset probes need no video encoder, so this works in a binary
// built with CGO_ENABLED=0 (where Render reports engine.ErrNoEncoder).
// The result carries the frame's warnings (characters no font has) beside
// the picture.
func ExampleRenderFrame() {
	p := &engine.Project{Name: "Frame", Style: "vanilla", Assets: []engine.Asset{
		engine.Text("Hello", "one frame"),
	}}
	fr, err := engine.RenderFrame(context.Background(), p, nil, engine.Options{Sizes: []engine.Size{{Width: 1080, Height: 1920}}}, 5*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer // an http.ResponseWriter in a handler
	if err := png.Encode(&buf, fr.Image); err != nil {
		log.Fatal(err)
	}
	fmt.Println(fr.Image.Bounds().Dx(), "x", fr.Image.Bounds().Dy(), "PNG:", buf.Len() > 0, "warnings:", len(fr.Warnings))
	// Output: 1080 x 1920 PNG: true warnings: 0
}
