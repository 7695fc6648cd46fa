package engine

import (
	"context"
	"errors"
	"image"

	"github.com/reelkit/reel/compose"
)

// RenderFrame draws the single frame shown at t seconds (clamped to the
// video) at the largest quality the options select. Only the photos on
// screen at t are decoded; music is not touched. Validation failures are
// *StatusError values, as for Render.
func RenderFrame(ctx context.Context, p *Project, r Resolver, o Options, t float64) (*image.RGBA, error) {
	if r == nil {
		return nil, errors.New("engine: RenderFrame needs a Resolver")
	}
	pl, err := Validate(ctx, p, nil, o)
	if err != nil {
		return nil, err
	}
	w, h := pl.Quality.Size()
	sc := pl.Scene(pl.FrameAt(t))
	slides := composeSlides(pl)
	for _, i := range []int{sc.Current, sc.Next} {
		if i < 0 || pl.Slides[i].Kind != PhotoSlide {
			continue
		}
		ph, err := decodePhoto(ctx, r, *pl.Slides[i].Asset, photoDecodeOptions(w, h, o.MaxPhotoPixels))
		if err != nil {
			return nil, err
		}
		slides[i].Photo = ph
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rd := compose.NewRenderer(pl.Style, w, h, composeOptions(o))
	if err := rd.RenderRGBA(img, composeScene(sc, slides)); err != nil {
		return nil, err
	}
	return img, nil
}
