package compose

import (
	"image"
	"math"

	"github.com/reelkit/reel/styles"
)

// Phone pan: a photo wider than a portrait or square frame (9:16, 4:5,
// 1:1) fills the frame, as phone apps show it, instead of sitting in a
// band over a blurred backdrop: its canvas is a strip of the photo up to
// maxPanSpan frame-widths wide, chosen around its faces (or its saliency
// point), and the camera pans slowly across it at one canvas pixel per
// output pixel, keeping every face in view when they fit one view. A
// style keeps the band with fill.band, and a style without Ken Burns
// moves (still photos) always does.

// maxPanSpan is the widest a pan's canvas is, in frame widths: the view
// shows at least 1/maxPanSpan of it, so the pan stays slow.
const maxPanSpan = 1.5

// panSpan is how many frame widths wide a photo slide's canvas is for a
// photo of bounds pb in a w x h frame under st: 1 for no pan (landscape
// frames, photos that are not wider than the frame, photos the style
// already covers the frame with or shows as framed prints, fill.band, or
// a style without moves), else the photo's aspect over the frame's, at
// most maxPanSpan.
func panSpan(st *styles.Style, pb image.Rectangle, w, h int) float64 {
	if w > h || st.Fill.Band || st.Fill.Mode == styles.FillCrop || st.Overlays.Frame != nil || pb.Empty() || !moves(st.Motion) {
		return 1
	}
	r := (float64(pb.Dx()) / float64(pb.Dy())) / (float64(w) / float64(h))
	if r <= 1 || aspectWithin(pb.Dx(), pb.Dy(), w, h, st.Fill.Tolerance) {
		return 1
	}
	return math.Min(r, maxPanSpan)
}

// moves reports whether a motion set has a move that changes the view.
func moves(ms styles.MotionSet) bool {
	for _, m := range ms.Moves {
		if m.Kind != styles.MotionNone && m.Kind != "" && m.Amount != 0 {
			return true
		}
	}
	return false
}

// panView is the view of a pan slide at progress prog: the canvas's full
// height at one canvas pixel per output pixel, its left edge moving
// linearly in the style's easing across [lo, hi] of the canvas (right to
// left on odd slides), where [lo, hi] keeps the faces' box k (fractions
// of the canvas, nil for none) in view when it fits one view and is
// centred on it when it does not.
func panView(cw, ch, w, h int, k *box, easing string, prog float64, index int) viewport {
	s := float64(ch) / float64(h)
	vw := float64(w) * s
	lo, hi := 0.0, float64(cw)-vw
	if k != nil {
		f0, f1 := k.x0*float64(cw), k.x1*float64(cw)
		if f1-f0 <= vw {
			lo, hi = math.Max(lo, f1-vw), math.Min(hi, f0)
		} else {
			c := math.Min(math.Max((f0+f1)/2-vw/2, lo), hi)
			lo, hi = c, c
		}
	}
	e := ease(easing, prog)
	if index%2 != 0 {
		e = 1 - e
	}
	return viewport{x0: lo + (hi-lo)*e, y0: 0, sx: s, sy: s}
}

// view is where a photo slide looks at progress prog: the pan across a
// phone-pan canvas, else the Ken Burns camera over its canvas.
func (d *slideData) view(st *styles.Style, w, h int, prog float64, index int) viewport {
	if d.pan {
		return panView(d.canvas.w, d.canvas.h, w, h, d.keep, st.Motion.Easing, prog, index)
	}
	return d.camera(st.Motion.Easing, prog).viewportOf(d.canvas.w, d.canvas.h, w, h)
}
