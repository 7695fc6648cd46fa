package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"log"

	"github.com/reelkit/reel/engine"
)

// Draw one frame as a PNG, for a preview endpoint. RenderFrame, Validate
// and the asset probes need no video encoder, so this works in a binary
// built with CGO_ENABLED=0 (where Render reports engine.ErrNoEncoder).
func ExampleRenderFrame() {
	p := &engine.Project{Name: "Frame", Style: "vanilla", Assets: []engine.Asset{
		{Name: engine.KindText, Data: engine.AssetData{Title: "Hello", Text: "one frame"}},
	}}
	img, err := engine.RenderFrame(context.Background(), p, nil, engine.Options{Sizes: []engine.Size{{Width: 1080, Height: 1920}}}, 5)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer // an http.ResponseWriter in a handler
	if err := png.Encode(&buf, img); err != nil {
		log.Fatal(err)
	}
	fmt.Println(img.Bounds().Dx(), "x", img.Bounds().Dy(), "PNG:", buf.Len() > 0)
	// Output: 1080 x 1920 PNG: true
}
