package engine_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"golang.org/x/image/font/gofont/gomono"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/styles"
)

// Draw text in your own font: register its TTF/OTF bytes (or a directory
// with FontConfig.Dirs) and name its family in the style; weight and
// italic pick the family's face. Go Mono's bytes stand in for a brand's
// font here. A family no font has is refused, not drawn in a fallback.
func ExampleFontLibrary_customFont() {
	fonts, err := engine.NewFontLibrary(engine.FontConfig{Data: [][]byte{gomono.TTF}})
	if err != nil {
		log.Fatal(err)
	}
	st := styles.Builtin().Default().Clone()
	st.MachineName = "brand"
	st.TitleCard.Text.Font = "Go Mono" // the family name, as the font file says
	st.Caption.Text.Font, st.Caption.Text.Weight = "Go Mono", 400
	p := &engine.Project{Name: "Brand", Style: "brand", Assets: []engine.Asset{
		engine.Text("Hello", ""),
	}}
	fr, err := engine.RenderFrame(context.Background(), p, nil, engine.Options{Style: st, Fonts: fonts}, 2*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(fr.Image.Bounds().Dx(), "x", fr.Image.Bounds().Dy())

	st.TitleCard.Text.Font = "Brand Sans" // not registered
	_, err = engine.Validate(context.Background(), p, nil, engine.Options{Style: st, Fonts: fonts})
	fmt.Println(errors.Is(err, engine.ErrInvalidOptions), err)
	// Output:
	// 640 x 360
	// true invalid options: style "brand": title_card.text.font: no font "Brand Sans" among the embedded faces, the registered fonts or the machine's
}
