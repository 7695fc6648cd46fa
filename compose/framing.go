package compose

import (
	"image"
	"math"

	"github.com/reelkit/reel/styles"
)

// framing is how a photo sits on a canvas: the part of the photo shown
// (crop, in photo coordinates) drawn into dst (canvas coordinates). cover
// means dst is the whole canvas; otherwise the rest of the canvas shows
// the style's fill (blur or bars). keep, when not nil, is the box every
// Ken Burns view must hold (the detected faces), as fractions of the
// canvas. avoid, when not nil, is the caption's box (fractions of the
// frame) that the faces are kept clear of where some crop and view allow.
type framing struct {
	crop, dst image.Rectangle
	cover     bool
	keep      *box
	avoid     *box
	pad       padding // the fill's axis when not cover (see strips.go)
}

// box is a rectangle in fractions of a canvas (x0 <= x1, y0 <= y1, all
// in [0, 1]).
type box struct{ x0, y0, x1, y1 float64 }

// framePhoto chooses the crop of a photo with bounds pb for a cw x ch
// canvas (the frame's aspect, Ken Burns headroom included) under st's
// fill, given what the photo shows (fc: detected faces, or a saliency
// point; the zero focus means centred framing).
//
// The photo covers the canvas when the style crops (FillCrop), when the
// aspects are within the fill's Tolerance (at least 2 %), or when they
// are within FaceTolerance and every detected face (with its margin) fits
// the crop, or when containing it would leave a fill strip thinner than
// minStrip of the visible picture and every face fits the crop (see
// strips.go); otherwise the whole photo is contained over the style's
// fill, made smaller where needed so that its strips are not thin.
// The cover crop is the largest of the canvas's aspect, slid along the
// photo's long axis to hold all faces (centred on them when it can) or,
// without faces, centred on the saliency point, clamped to the photo. It
// is deterministic: the same photo, style and size always give the same
// framing. It is the one place where reel decides which part of a photo
// a frame of a given aspect shows: the same photo is cropped to a wide
// strip in a 16:9 frame and to a tall one in a 9:16 frame. (Framed
// prints, see layoutPrint, show the whole photo, or a 5:4 crop of a
// wide one in a tall frame.)
//
// avoid, when not nil, is the caption's box as fractions of the frame:
// among the crop positions that hold all faces, the one nearest the
// preferred position whose faces' box does not overlap it (as seen with
// the whole canvas in view) wins; when none exists the crop is as
// without a caption. The box is handed on (framing.avoid) to the Ken
// Burns views, see keptCamera.
func framePhoto(st *styles.Style, pb image.Rectangle, cw, ch int, fc focus, avoid *box) framing {
	canvas := image.Rect(0, 0, cw, ch)
	crop, faces := focusCrop(pb, cw, ch, fc, avoid)
	tol := st.Fill.Tolerance
	if fc.on && faces.In(crop) { // no faces, or all of them in the crop
		tol = math.Max(tol, st.Fill.FaceTolerance)
	}
	dst := containRect(pb, canvas)
	pd := paddingOf(st, dst, cw, ch)
	if st.Fill.Mode == styles.FillCrop || aspectWithin(pb.Dx(), pb.Dy(), cw, ch, tol) ||
		(thin(pd.share, pd.visible) && (!fc.on || faces.In(crop))) {
		k := keepBox(faces, crop, canvas, canvas)
		return framing{crop: crop, dst: canvas, cover: true, keep: k, avoid: avoidFor(k, avoid)}
	}
	if thin(pd.share, pd.visible) { // a face would leave the crop: a wider strip
		dst = shrinkRect(dst, (1-minStrip)*pd.visible/pd.share)
		pd = paddingOf(st, dst, cw, ch)
	}
	k := keepBox(faces, pb, dst, canvas)
	return framing{crop: pb, dst: dst, keep: k, avoid: avoidFor(k, avoid), pad: pd}
}

// focusCrop is the cover crop of a picture with bounds pb for a cw x ch
// frame given what it shows (fc): the largest rectangle of the frame's
// aspect, centred (the zero focus) or slid along the picture's long axis
// to hold the faces and keep them clear of avoid (fractions of the frame,
// or nil) where it can, or centred on the saliency point (see slideCrop).
// faces is the union of the detected faces inside pb (empty without).
// Photos (framePhoto) and video clips (buildClip) crop through it.
func focusCrop(pb image.Rectangle, cw, ch int, fc focus, avoid *box) (crop, faces image.Rectangle) {
	crop = coverRect(pb, cw, ch)
	faces = union(fc.faces).Intersect(pb)
	if fc.on {
		crop = slideCrop(crop, pb, fc.point, faces, avoid)
	}
	return crop, faces
}

// paddingOf is the fill left around a photo drawn at dst on a cw x ch
// canvas of st: its axis, the photo's share of it and the share of the
// frame that axis shows between letterbox bars.
func paddingOf(st *styles.Style, dst image.Rectangle, cw, ch int) padding {
	switch {
	case dst.Dx() < cw:
		return padding{axis: 1, share: float64(dst.Dx()) / float64(cw), visible: 1}
	case dst.Dy() < ch:
		v := 1 - 2*st.Overlays.LetterboxBar(cw, ch)/float64(ch)
		return padding{axis: 2, share: float64(dst.Dy()) / float64(ch), visible: v}
	}
	return padding{}
}

// shrinkRect scales r by s about its centre.
func shrinkRect(r image.Rectangle, s float64) image.Rectangle {
	w := int(math.Round(float64(r.Dx()) * s))
	h := int(math.Round(float64(r.Dy()) * s))
	x0 := r.Min.X + (r.Dx()-w)/2
	y0 := r.Min.Y + (r.Dy()-h)/2
	return image.Rect(x0, y0, x0+w, y0+h)
}

// avoidFor is the caption box a framing hands on: only with faces to
// keep clear of it.
func avoidFor(k, avoid *box) *box {
	if k == nil {
		return nil
	}
	return avoid
}

// slideCrop moves crop (of the same size, inside pb) along the axis where
// it is shorter than pb: to hold faces when they fit, centred on target
// as far as that and pb allow, and then, when avoid (fractions of the
// crop) is not nil and the faces would overlap it, the least further
// that clears them of it while still holding them (if any position does).
func slideCrop(crop, pb image.Rectangle, target image.Point, faces image.Rectangle, avoid *box) image.Rectangle {
	// place returns the crop's start o on one axis (crop spans [o, o+n),
	// lo <= o <= hi-n); c0, c1 is avoid's span on that axis and cross
	// whether the faces and avoid overlap on the other axis.
	place := func(lo, hi, n, t, f0, f1 int, hasFaces bool, c0, c1 float64, cross bool) int {
		a, b := lo, hi-n
		fits := hasFaces && f1-f0 <= n
		if fits {
			a, b = max(a, f1-n), min(b, f0)
		}
		o := min(max(t-n/2, a), b)
		if !fits || !cross {
			return o
		}
		nf := float64(n)
		if float64(f1-o) <= c0*nf || float64(f0-o) >= c1*nf {
			return o // already clear
		}
		best, found := o, false
		// faces before the box: (f1-o)/n <= c0; after it: (f0-o)/n >= c1
		for _, r := range [][2]int{
			{max(a, int(math.Ceil(float64(f1)-c0*nf))), b},
			{a, min(b, int(math.Floor(float64(f0)-c1*nf)))},
		} {
			if r[0] > r[1] {
				continue
			}
			p := min(max(o, r[0]), r[1])
			if !found || abs(p-o) < abs(best-o) {
				best, found = p, true
			}
		}
		return best
	}
	has := !faces.Empty()
	overlaps := func(f0, f1, o, n int, c0, c1 float64) bool {
		return float64(f1-o) > c0*float64(n) && float64(f0-o) < c1*float64(n)
	}
	if crop.Dx() < pb.Dx() {
		var c0, c1 float64
		cross := avoid != nil && has && overlaps(faces.Min.Y, faces.Max.Y, crop.Min.Y, crop.Dy(), avoid.y0, avoid.y1)
		if cross {
			c0, c1 = avoid.x0, avoid.x1
		}
		x := place(pb.Min.X, pb.Max.X, crop.Dx(), target.X, faces.Min.X, faces.Max.X, has, c0, c1, cross)
		return crop.Add(image.Pt(x-crop.Min.X, 0))
	}
	if crop.Dy() < pb.Dy() {
		var c0, c1 float64
		cross := avoid != nil && has && overlaps(faces.Min.X, faces.Max.X, crop.Min.X, crop.Dx(), avoid.x0, avoid.x1)
		if cross {
			c0, c1 = avoid.y0, avoid.y1
		}
		y := place(pb.Min.Y, pb.Max.Y, crop.Dy(), target.Y, faces.Min.Y, faces.Max.Y, has, c0, c1, cross)
		return crop.Add(image.Pt(0, y-crop.Min.Y))
	}
	return crop
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// keepBox maps faces (photo coordinates) through src -> dst to fractions
// of canvas, clipped to the canvas; nil without faces.
func keepBox(faces, src, dst, canvas image.Rectangle) *box {
	if faces.Empty() {
		return nil
	}
	sx := float64(dst.Dx()) / float64(src.Dx())
	sy := float64(dst.Dy()) / float64(src.Dy())
	cw, ch := float64(canvas.Dx()), float64(canvas.Dy())
	f := func(v, lo, hi float64) float64 { return math.Min(hi, math.Max(lo, v)) }
	return &box{
		x0: f((float64(dst.Min.X)+float64(faces.Min.X-src.Min.X)*sx)/cw, 0, 1),
		y0: f((float64(dst.Min.Y)+float64(faces.Min.Y-src.Min.Y)*sy)/ch, 0, 1),
		x1: f((float64(dst.Min.X)+float64(faces.Max.X-src.Min.X)*sx)/cw, 0, 1),
		y1: f((float64(dst.Min.Y)+float64(faces.Max.Y-src.Min.Y)*sy)/ch, 0, 1),
	}
}

// aspectWithin reports whether a pw x ph photo is within relative
// difference tol (at least 2 %) of a cw x ch frame's aspect.
func aspectWithin(pw, ph, cw, ch int, tol float64) bool {
	pa := float64(pw) / float64(ph)
	fa := float64(cw) / float64(ch)
	return math.Abs(pa/fa-1) <= math.Max(tol, 0.02)
}
