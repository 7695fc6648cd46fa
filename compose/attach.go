package compose

import (
	"image"
	"math"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// Captions stay attached to the picture they describe: a framed print
// carries its caption as a label across its bottom edge, and a caption
// never straddles the edge of a photo contained in its frame (the plate
// would bite a notch into it).

// printAttach is what a framed print needs to know of its frame and
// caption: the output frame's size, its title-safe area, the style's top
// margin in pixels and the caption block's height (0: no caption).
type printAttach struct {
	w, h   int
	safe   image.Rectangle
	margin float64
	capH   int
}

// printGeom is where a framed print lies on its canvas: the part of the
// photo printed (crop), the photo's size on the print and the border
// (canvas pixels), its tilt (radians) and its centre.
type printGeom struct {
	crop       image.Rectangle
	iw, ih, bw int
	angle      float64
	cx, cy     float64
}

// printMaxAspect is the widest a print is in a tall (portrait) frame: a
// wider photo is printed cropped to it (centred), as an 8x10 print, so
// that it fills more of the narrow frame.
const printMaxAspect = 1.25

// layoutPrint places the print of a photo with bounds pb on canvas cb:
// fitting fp.Scale of the canvas's height and 0.9 of its width, tilted
// by a per-slide angle in [-fp.Tilt, fp.Tilt], centred; in a tall frame
// (att) a photo wider than printMaxAspect is printed cropped to it. When
// att.capH > 0 the print carries a caption that tall, centred on its bottom edge:
// the print (tilt included) is moved up, and made smaller only if it has
// to, so that it stays below the style's top margin and the caption's
// lower half inside the safe area, as seen halfway through the Ken Burns
// zoom (the canvas is the frame plus headroom, the zoom about its
// centre).
func layoutPrint(cb, pb image.Rectangle, fp *styles.FramedPrint, index int, att *printAttach) printGeom {
	H := float64(cb.Dy())
	unit := styles.Unit(cb.Dx(), cb.Dy())
	scale := fp.Scale
	if scale <= 0 {
		scale = 0.8
	}
	g := printGeom{crop: pb, cx: float64(cb.Dx()) / 2, cy: H / 2}
	if att != nil && att.h > att.w && float64(pb.Dx()) > printMaxAspect*float64(pb.Dy()) {
		cw := int(math.Round(printMaxAspect * float64(pb.Dy())))
		x0 := pb.Min.X + (pb.Dx()-cw)/2
		g.crop = image.Rect(x0, pb.Min.Y, x0+cw, pb.Max.Y)
	}
	border := math.Max(0, fp.Border) * unit
	g.bw = int(math.Round(border))
	g.angle = fp.Tilt * (2*unitHash(uint64(index)*0x9E3779B97F4A7C15+1) - 1) * math.Pi / 180
	pw, ph := float64(g.crop.Dx()), float64(g.crop.Dy())
	maxW, maxH := 0.9*float64(cb.Dx())-2*border, scale*H-2*border
	s := math.Min(maxW/pw, maxH/ph)
	size := func() {
		g.iw, g.ih = int(math.Round(pw*s)), int(math.Round(ph*s))
	}
	size()
	if att == nil || att.capH <= 0 || att.w <= 0 || att.h <= 0 {
		return g
	}
	sin, cos := math.Sincos(g.angle)
	sin = math.Abs(sin)
	k := float64(cb.Dx()) / float64(att.w)
	f := (1 + k) / 2 / k      // frame pixels per canvas pixel, mid-zoom
	halfH := func() float64 { // frame pixels, tilted print's box
		return (float64(g.iw+2*g.bw)*sin + float64(g.ih+2*g.bw)*cos) / 2 * f
	}
	top := att.margin
	bottom := float64(att.safe.Max.Y) - float64(att.capH)/2
	if avail := bottom - top; avail > 0 && 2*halfH() > avail {
		s *= avail / (2 * halfH())
		size()
	}
	centre := math.Min(float64(att.h)/2, bottom-halfH())
	g.cy = H/2 + (centre-float64(att.h)/2)/f
	return g
}

// captionCentre is the frame point a framed print's caption is centred
// on: the middle of the print's bottom edge, halfway through the zoom.
func (g printGeom) captionCentre(cb image.Rectangle, w, h int) (x, y float64) {
	k := float64(cb.Dx()) / float64(w)
	f := (1 + k) / 2 / k
	sin, cos := math.Sincos(g.angle)
	half := float64(g.ih+2*g.bw) / 2
	x = float64(w)/2 + (g.cx-float64(cb.Dx())/2-sin*half)*f
	y = float64(h)/2 + (g.cy-float64(cb.Dy())/2+cos*half)*f
	return x, y
}

// centreIn moves p so that its sprite is centred on (x, y), kept inside
// the safe area as far as it fits.
func centreIn(p *text.Placed, x, y float64, safe image.Rectangle) {
	if p.Block == nil || p.Image == nil {
		return
	}
	px := int(math.Round(x - float64(p.Width)/2))
	py := int(math.Round(y - float64(p.Height)/2))
	px = max(min(px, safe.Max.X-p.Width), safe.Min.X)
	py = max(min(py, safe.Max.Y-p.Height), safe.Min.Y)
	p.At = image.Pt(px, py)
}

// photoSpan is the rows [y0, y1) of the frame a contained photo (canvas
// rectangle dst) covers in any view of its slide's move.
func (d *slideData) photoSpan(st *styles.Style, w, h int, dst image.Rectangle) (y0, y1 int) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, prog := range []float64{0, 0.5, 1} {
		v := d.view(st, w, h, prog, d.index)
		lo = math.Min(lo, (float64(dst.Min.Y)-v.y0)/v.sy)
		hi = math.Max(hi, (float64(dst.Max.Y)-v.y0)/v.sy)
	}
	return int(math.Floor(lo)), int(math.Ceil(hi))
}

// clearEdge moves a caption p that straddles the top or bottom edge of a
// contained photo (frame rows [y0, y1)) off that edge: into the fill
// beside the edge, a small gap away, when it fits inside the safe area
// there; otherwise onto the photo, the same gap inside the edge.
func clearEdge(p *text.Placed, y0, y1 int, safe image.Rectangle, gap int) {
	r := p.Rect()
	if r.Empty() {
		return
	}
	switch {
	case r.Min.Y < y1 && r.Max.Y > y1 && r.Min.Y >= y0: // across the bottom edge
		if y1+gap+r.Dy() <= safe.Max.Y {
			p.At.Y = y1 + gap
		} else {
			p.At.Y = max(y1-gap-r.Dy(), safe.Min.Y)
		}
	case r.Min.Y < y0 && r.Max.Y > y0 && r.Max.Y <= y1: // across the top edge
		if y0-gap-r.Dy() >= safe.Min.Y {
			p.At.Y = y0 - gap - r.Dy()
		} else {
			p.At.Y = min(y0+gap, safe.Max.Y-r.Dy())
		}
	}
}

// captionAttacher returns the function that moves slide s's caption to
// its picture: onto the bottom edge of a framed print (att, the print's
// caption; cb the canvas), off the top or bottom edge of a photo
// contained between fill bands (fr), and leaves it where the style put it
// otherwise.
func (r *Renderer) captionAttacher(st *styles.Style, d *slideData, s *Slide, fr framing, att *printAttach, cb image.Rectangle) func(*text.Placed) {
	safe := text.SafeArea(st, r.w, r.h)
	switch {
	case att != nil && att.capH > 0:
		g := layoutPrint(cb, s.Photo.Image().Bounds(), st.Overlays.Frame, s.Index, att)
		x, y := g.captionCentre(cb, r.w, r.h)
		return func(p *text.Placed) { centreIn(p, x, y, safe) }
	case !fr.cover && fr.pad.axis == 2:
		y0, y1 := d.photoSpan(st, r.w, r.h, fr.dst)
		gap := int(math.Round(captionGap * styles.Unit(r.w, r.h)))
		return func(p *text.Placed) { clearEdge(p, y0, y1, safe, gap) }
	}
	return func(*text.Placed) {}
}

// captionGap is the space between a contained photo's edge and a caption
// moved off it, as a fraction of styles.Unit.
const captionGap = 0.02
