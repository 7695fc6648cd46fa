package compose

import (
	"image"
	"math"

	"github.com/reelkit/reel/styles"
)

// Caption plates: a caption drawn over a photo must keep a WCAG 2.x
// contrast ratio of at least minContrast between its fill colour and the
// photo behind it. captionPlate measures the canvas under the caption's
// rectangle at the start, middle and end of the Ken Burns move and, where
// the brightest of those views would fall below plateTarget (minContrast
// plus a margin for the 4:2:0 conversion and glyph edges), returns the
// style's caption with a translucent plate (its box) just opaque enough.

// minContrast is the WCAG 2.x AA ratio for body text.
const minContrast = 4.5

// plateTarget is the ratio a plate is sized for.
const plateTarget = 5.6

// plateStep is the step of the plate alpha search (0..1).
const plateStep = 0.05

// lin converts an 8-bit sRGB component to linear light.
func lin(c uint8) float64 { return linTable[c] }

// linTable holds linOf for every 8-bit value; lin is on the caption-plate
// search's per-pixel path, where math.Pow cost more than the rest of it.
// Read-only after package initialisation.
var linTable = func() (t [256]float64) {
	for i := range t {
		t[i] = linOf(uint8(i))
	}
	return t
}()

// linOf is the sRGB transfer function's inverse for an 8-bit component.
func linOf(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// relLum is the WCAG relative luminance of an sRGB colour.
func relLum(r, g, b uint8) float64 {
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrastRatio is the WCAG contrast ratio of two relative luminances.
func contrastRatio(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}

// captionSamples returns the canvas pixels under frame rectangle rc at the
// start, middle and end of the slide's move, one slice per view (every
// second pixel on each axis).
func captionSamples(st *styles.Style, d *slideData, c *image.RGBA, w, h int, rc image.Rectangle) [][][3]uint8 {
	var out [][][3]uint8
	cb := c.Bounds()
	for _, prog := range []float64{0, 0.5, 1} {
		v := d.view(st, w, h, prog, d.index)
		var px [][3]uint8
		for y := rc.Min.Y; y < rc.Max.Y; y += 2 {
			sy := int(v.y0 + (float64(y)+0.5)*v.sy)
			sy = min(max(sy, 0), cb.Dy()-1)
			for x := rc.Min.X; x < rc.Max.X; x += 2 {
				sx := int(v.x0 + (float64(x)+0.5)*v.sx)
				sx = min(max(sx, 0), cb.Dx()-1)
				i := c.PixOffset(sx+cb.Min.X, sy+cb.Min.Y)
				px = append(px, [3]uint8{c.Pix[i], c.Pix[i+1], c.Pix[i+2]})
			}
		}
		out = append(out, px)
	}
	return out
}

// meanLumUnder is the mean relative luminance of px seen through a plate
// of colour pc at alpha a (0..1).
func meanLumUnder(px [][3]uint8, pc styles.Color, a float64) float64 {
	if len(px) == 0 {
		return 0
	}
	mix := func(v, p uint8) uint8 {
		return uint8(math.Round(float64(v)*(1-a) + float64(p)*a))
	}
	// The terms of relLum for every component value blended with the
	// plate: the same products relLum forms, looked up per pixel.
	var tr, tg, tb [256]float64
	for v := range 256 {
		tr[v] = 0.2126 * lin(mix(uint8(v), pc.R))
		tg[v] = 0.7152 * lin(mix(uint8(v), pc.G))
		tb[v] = 0.0722 * lin(mix(uint8(v), pc.B))
	}
	var s float64
	for _, p := range px {
		s += tr[p[0]] + tg[p[1]] + tb[p[2]]
	}
	return s / float64(len(px))
}

// captionPlate returns the caption text style to use over the canvas c:
// ts itself when every sampled view already meets plateTarget, else ts with
// a box just opaque enough (its own colour when it has one, otherwise black
// behind light text and white behind dark text). ok is false when ts is
// returned unchanged.
func captionPlate(ts styles.TextStyle, views [][][3]uint8) (out styles.TextStyle, ok bool) {
	fill := ts.Colour
	lt := relLum(fill.R, fill.G, fill.B)
	pc := ts.Box.Colour
	if pc.A == 0 {
		pc = styles.Color{A: 255}
		if lt < 0.18 {
			pc = styles.Color{R: 255, G: 255, B: 255, A: 255}
		}
	}
	a0 := float64(ts.Box.Colour.A) / 255
	meets := func(a float64) bool {
		for _, px := range views {
			if contrastRatio(lt, meanLumUnder(px, pc, a)) < plateTarget {
				return false
			}
		}
		return true
	}
	if meets(a0) {
		return ts, false
	}
	a := a0
	for a < 0.95 && !meets(a) {
		a = math.Min(0.95, a+plateStep)
	}
	out = ts
	pc.A = uint8(math.Round(a * 255))
	out.Box.Colour = pc
	if out.Box.Padding <= 0 {
		out.Box.Padding = 0.3
	}
	if out.Box.Radius <= 0 {
		out.Box.Radius = 0.2
	}
	return out, true
}
