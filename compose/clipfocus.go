package compose

import (
	"context"
	"fmt"
	"image"
	"math"
)

// clipFocus is what the cover crop of a clip slide keeps in view, found
// in its first picture (bounds pb, the crop's coordinates) and in the
// pictures across its played part that the clip offers (ClipFraming):
// the faces of every picture, mapped to pb, when their union fits the
// crop of a cw x ch frame on the axis it slides along; else the group
// of faces that one crop holds with the most face area over the
// pictures (a face seen in every picture weighs most), the most central
// such crop on a tie; without any face, the mean of the pictures'
// saliency points. A clip that offers no more pictures is framed by its
// first alone, exactly as a photo is. The pictures are searched as photos are (see
// findFocusLuma); the result is one focus for the whole slide.
func clipFocus(c ClipFrames, first *image.YCbCr, cw, ch int) (focus, error) {
	pb := image.Rect(0, 0, first.Rect.Dx(), first.Rect.Dy())
	fp := planesOf(first)
	fcs := []focus{findFocusLuma(fp.y, fp.ys, fp.w, fp.h)}
	if cf, ok := c.(ClipFraming); ok {
		lums, err := cf.FramingLuma(context.Background())
		if err != nil {
			return focus{}, fmt.Errorf("the pictures framing the clip: %w", err)
		}
		for _, g := range lums {
			b := g.Rect
			if b.Dx() < 2 || b.Dy() < 2 {
				continue
			}
			fc := findFocusLuma(g.Pix[g.PixOffset(b.Min.X, b.Min.Y):], g.Stride, b.Dx(), b.Dy())
			fcs = append(fcs, scaleFocus(fc, b.Dx(), b.Dy(), pb))
		}
	}
	return combineFocus(fcs, pb, cw, ch), nil
}

// scaleFocus maps fc, found in a w x h picture, to a picture with bounds
// pb (the same picture at another size).
func scaleFocus(fc focus, w, h int, pb image.Rectangle) focus {
	if w == pb.Dx() && h == pb.Dy() {
		return fc
	}
	sx, sy := float64(pb.Dx())/float64(w), float64(pb.Dy())/float64(h)
	pt := func(p image.Point, up bool) image.Point {
		x, y := float64(p.X)*sx, float64(p.Y)*sy
		if up {
			return image.Pt(int(math.Ceil(x)), int(math.Ceil(y)))
		}
		return image.Pt(int(math.Floor(x)), int(math.Floor(y)))
	}
	out := focus{on: fc.on, point: pt(fc.point, false)}
	for _, f := range fc.faces {
		out.faces = append(out.faces, image.Rectangle{pt(f.Min, false), pt(f.Max, true)}.Intersect(pb))
	}
	return out
}

// combineFocus is the one focus of several pictures' (see clipFocus).
// A single picture's focus is returned as it is: framed as a photo.
func combineFocus(fcs []focus, pb image.Rectangle, cw, ch int) focus {
	if len(fcs) == 1 {
		return fcs[0]
	}
	var faces []image.Rectangle
	var px, py float64
	for _, fc := range fcs {
		faces = append(faces, fc.faces...)
		px += float64(fc.point.X)
		py += float64(fc.point.Y)
	}
	if len(faces) == 0 {
		n := float64(len(fcs))
		return focus{on: true, point: image.Pt(int(math.Round(px/n)), int(math.Round(py/n)))}
	}
	crop := coverRect(pb, cw, ch)
	// lo, hi: a face's span on the axis the crop slides along; n, a, b:
	// the crop's length there and its start's range.
	var lo, hi func(r image.Rectangle) int
	var n, a, b int
	switch {
	case crop.Dx() < pb.Dx():
		lo, hi = func(r image.Rectangle) int { return r.Min.X }, func(r image.Rectangle) int { return r.Max.X }
		n, a, b = crop.Dx(), pb.Min.X, pb.Max.X-crop.Dx()
	case crop.Dy() < pb.Dy():
		lo, hi = func(r image.Rectangle) int { return r.Min.Y }, func(r image.Rectangle) int { return r.Max.Y }
		n, a, b = crop.Dy(), pb.Min.Y, pb.Max.Y-crop.Dy()
	default:
		u := union(faces)
		return focus{on: true, faces: faces, point: center(u)}
	}
	if u := union(faces); hi(u)-lo(u) <= n {
		return focus{on: true, faces: faces, point: center(u)}
	}
	// Crops whose edge meets a face's edge: the best group starts or
	// ends at one.
	mid := (a + b) / 2
	best, bestArea := -1, -1
	for _, f := range faces {
		for _, o := range []int{lo(f), hi(f) - n} {
			o = min(max(o, a), b)
			area := 0
			for _, g := range faces {
				if lo(g) >= o && hi(g) <= o+n {
					area += g.Dx() * g.Dy()
				}
			}
			if area > bestArea || area == bestArea && abs(o-mid) < abs(best-mid) {
				best, bestArea = o, area
			}
		}
	}
	var group []image.Rectangle
	for _, g := range faces {
		if lo(g) >= best && hi(g) <= best+n {
			group = append(group, g)
		}
	}
	if len(group) == 0 { // every face wider than the crop: the largest
		g := faces[0]
		for _, f := range faces[1:] {
			if f.Dx()*f.Dy() > g.Dx()*g.Dy() {
				g = f
			}
		}
		group = []image.Rectangle{g}
	}
	return focus{on: true, faces: group, point: center(union(group))}
}
