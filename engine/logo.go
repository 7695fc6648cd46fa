package engine

import (
	"context"
	"image"
	"math"

	xdraw "golang.org/x/image/draw"

	"github.com/reelkit/reel/compose"
)

// KindLogo is an asset kind beside Picovico's image, text and music: a
// picture (asset_id, url, Image or Bytes) drawn over the whole video in a
// corner, where the style's limits.slide.logo allows one. Its data may set
// corner (a Corner: "top-left", "top-right", "bottom-left",
// "bottom-right"; default bottom-right), size (the logo's width as a fraction of the frame's,
// default 0.15; its height is kept at most a quarter of the frame's) and
// opacity (0..1, default 0.85). Transparency in the picture is kept.
const KindLogo AssetKind = "logo"

// Corner is the corner of the frame a logo sits in; in JSON, a logo's
// data.corner. The zero value means CornerBottomRight.
type Corner string

// The corners a logo may take.
const (
	CornerTopLeft     Corner = "top-left"
	CornerTopRight    Corner = "top-right"
	CornerBottomLeft  Corner = "bottom-left"
	CornerBottomRight Corner = "bottom-right"
)

// Logo defaults.
const (
	defaultLogoSize    = 0.15
	defaultLogoOpacity = 0.85
	logoMargin         = 0.04 // of the frame's short side
)

// checkLogo validates a logo asset's data.
func checkLogo(i int, a Asset) error {
	switch a.Data.Corner {
	case "", CornerTopLeft, CornerTopRight, CornerBottomLeft, CornerBottomRight:
	default:
		return assetStatus(CodeInsufficientAssets, i, a, nil, "has corner %q; want top-left, top-right, bottom-left or bottom-right", a.Data.Corner)
	}
	if s := a.Data.Size; s < 0 || s > 1 || math.IsNaN(s) {
		return assetStatus(CodeInsufficientAssets, i, a, nil, "has size %v; want a fraction of the frame's width in (0, 1]", s)
	}
	if o := a.Data.Opacity; o < 0 || o > 1 || math.IsNaN(o) {
		return assetStatus(CodeInsufficientAssets, i, a, nil, "has opacity %v; want 0..1", o)
	}
	return nil
}

// logoStamps decodes the project's logo (if any) once and prepares it for
// each rendition size.
func logoStamps(ctx context.Context, p *Project, r Resolver, maxPixels int, sizes [][2]int) ([]placedStamp, error) {
	idx := -1
	for i, a := range p.Assets {
		if a.Kind == KindLogo {
			idx = i
			break
		}
	}
	if idx < 0 {
		return nil, nil
	}
	a := p.Assets[idx]
	bigW := 0
	for _, s := range sizes {
		bigW = max(bigW, s[0])
	}
	// Decoded at up to the largest frame's width (never upscaled here).
	ph, err := decodePhoto(ctx, r, idx, a, compose.DecodeOptions{MaxPixels: maxPixels, WorkWidth: bigW, WorkHeight: bigW})
	if err != nil {
		return nil, err
	}
	src := ph.Image()
	out := make([]placedStamp, len(sizes))
	for k, s := range sizes {
		out[k] = placeLogo(src, a.Data, s[0], s[1])
	}
	return out, nil
}

// placeLogo scales the logo for a w x h frame and puts it in its corner.
func placeLogo(src *image.RGBA, d AssetData, w, h int) placedStamp {
	size := d.Size
	if size == 0 {
		size = defaultLogoSize
	}
	op := d.Opacity
	if op == 0 {
		op = defaultLogoOpacity
	}
	sb := src.Bounds()
	lw := max(2, int(math.Round(size*float64(w))))
	lh := max(2, int(math.Round(float64(lw)*float64(sb.Dy())/float64(sb.Dx()))))
	if maxH := h / 4; lh > maxH {
		lh = max(2, maxH)
		lw = max(2, int(math.Round(float64(lh)*float64(sb.Dx())/float64(sb.Dy()))))
	}
	scaled := image.NewRGBA(image.Rect(0, 0, lw, lh))
	xdraw.CatmullRom.Scale(scaled, scaled.Rect, src, sb, xdraw.Src, nil)
	m := int(math.Round(logoMargin * float64(min(w, h))))
	x, y := w-m-lw, h-m-lh
	switch d.Corner {
	case CornerTopLeft:
		x, y = m, m
	case CornerTopRight:
		y = m
	case CornerBottomLeft:
		x = m
	}
	return placedStamp{s: compose.NewStamp(scaled), x: x &^ 1, y: y &^ 1, opacity: op}
}

// logoLimit checks the number of logos against the style's limits.
func logoLimit(p *Project, styleName string, allowed func(int) bool, describe string) error {
	n := 0
	for _, a := range p.Assets {
		if a.Kind == KindLogo {
			n++
		}
	}
	if n > 0 && !allowed(n) {
		return statusf(CodeInsufficientAssets, nil, "The video has %d logos; style %q allows %s", n, styleName, describe)
	}
	if n > 1 {
		return statusf(CodeInsufficientAssets, nil, "The video has %d logos; reel draws one", n)
	}
	return nil
}
