package compose

import (
	"math"

	"github.com/reelkit/reel/styles"
)

// camera is a Ken Burns view of a canvas: the centre of the view as a
// fraction of the canvas (cx, cy) and the zoom z >= 1 (the view is 1/z of
// the canvas on each axis).
type camera struct{ cx, cy, z float64 }

// ease maps linear progress p in [0, 1] through the style's easing.
func ease(easing string, p float64) float64 {
	p = math.Min(1, math.Max(0, p))
	if easing == "linear" {
		return p
	}
	return p * p * (3 - 2*p) // smoothstep: zero velocity at both ends
}

// pickMotion chooses the slide's move deterministically from its index.
func pickMotion(ms styles.MotionSet, index int) styles.Motion {
	if len(ms.Moves) == 0 {
		return styles.Motion{Kind: styles.MotionNone}
	}
	i := index % len(ms.Moves)
	if i < 0 {
		i += len(ms.Moves)
	}
	return ms.Moves[i]
}

// headroom is how much larger than the frame a slide's canvas is for its
// move m: the move's largest zoom, so the view never samples the canvas at
// less than one canvas pixel per output pixel (a pan runs at exactly one,
// a zoom from 1+a down to one), capped at 2.
func headroom(m styles.Motion) float64 {
	if m.Kind == styles.MotionNone || m.Kind == "" {
		return 1
	}
	return math.Min(1+math.Max(0, m.Amount), 2)
}

// motionCamera is the camera of move m at eased progress e in [0, 1].
func motionCamera(m styles.Motion, e float64) camera {
	a := math.Max(0, m.Amount)
	switch m.Kind {
	case styles.ZoomIn:
		return camera{0.5, 0.5, 1 + a*e}
	case styles.ZoomOut:
		return camera{0.5, 0.5, 1 + a*(1-e)}
	case styles.PanLeft, styles.PanRight, styles.PanUp, styles.PanDown:
		// Zoom 1+a leaves exactly a view-width (or height) of travel.
		z := 1 + a
		half := 0.5 / z
		from, to := 1-half, half // travelling left/up: view centre decreases
		if m.Kind == styles.PanRight || m.Kind == styles.PanDown {
			from, to = to, from
		}
		c := from + (to-from)*e
		if m.Kind == styles.PanLeft || m.Kind == styles.PanRight {
			return camera{c, 0.5, z}
		}
		return camera{0.5, c, z}
	}
	return camera{0.5, 0.5, 1}
}

// viewportOf turns a camera over a canvas of luma size (cw, ch) into the
// viewport for an output of size (w, h).
func (c camera) viewportOf(cw, ch, w, h int) viewport {
	vw, vh := float64(cw)/c.z, float64(ch)/c.z
	return viewport{
		x0: c.cx*float64(cw) - vw/2,
		y0: c.cy*float64(ch) - vh/2,
		sx: vw / float64(w),
		sy: vh / float64(h),
	}
}

// keptCamera is the camera of move m at eased progress e, adjusted so its
// view holds the box k (fractions of the canvas; nil holds nothing).
//
// The move's first and last views are each fitted to k (the zoom lowered
// until k fits, never below 1, then the centre moved the least distance
// that holds k inside the view and the view inside the canvas); the views
// between are the linear interpolation of those two rectangles, at the
// fraction of the move's own change of view size (zooms) or of its centre
// (pans) done by e. Both ends hold k and lie in the canvas, so by
// convexity every view in between does too. When neither end needs fitting
// the result is exactly motionCamera(m, e).
//
// avoid, when not nil, is the caption's box (fractions of the frame):
// the fitted ends are then moved (centre only, the least total distance)
// so that k, as seen in each view, lies on one and the same side of it
// (above, below, left or right). Each side is a linear condition on the
// view rectangle, so the views in between keep k clear of the caption
// too. When no side works for both ends, the ends stay as fitted.
func keptCamera(m styles.Motion, e float64, k, avoid *box) camera {
	c := motionCamera(m, e)
	if k == nil {
		return c
	}
	c0, c1 := motionCamera(m, 0), motionCamera(m, 1)
	f0, f1 := fitCamera(c0, k), fitCamera(c1, k)
	if avoid != nil {
		f0, f1 = clearCameras(f0, f1, k, avoid)
	}
	if f0 == c0 && f1 == c1 {
		return c
	}
	var s float64
	switch v0, v1, v := 1/c0.z, 1/c1.z, 1/c.z; {
	case math.Abs(v1-v0) > 1e-12:
		s = (v - v0) / (v1 - v0)
	case math.Abs(c1.cx-c0.cx) > 1e-12:
		s = (c.cx - c0.cx) / (c1.cx - c0.cx)
	case math.Abs(c1.cy-c0.cy) > 1e-12:
		s = (c.cy - c0.cy) / (c1.cy - c0.cy)
	}
	lerp := func(a, b float64) float64 { return a + (b-a)*s }
	return camera{
		cx: lerp(f0.cx, f1.cx),
		cy: lerp(f0.cy, f1.cy),
		z:  1 / lerp(1/f0.z, 1/f1.z),
	}
}

// fitCamera moves c the least that makes its view (1/z of the canvas on
// each axis, centred on cx, cy) hold k while staying inside the canvas.
func fitCamera(c camera, k *box) camera {
	zmax := math.Min(1/math.Max(k.x1-k.x0, 1e-9), 1/math.Max(k.y1-k.y0, 1e-9))
	c.z = math.Max(1, math.Min(c.z, zmax))
	h := 0.5 / c.z
	clamp := func(v, lo, hi float64) float64 { return math.Min(hi, math.Max(lo, v)) }
	c.cx = clamp(clamp(c.cx, k.x1-h, k.x0+h), h, 1-h)
	c.cy = clamp(clamp(c.cy, k.y1-h, k.y0+h), h, 1-h)
	return c
}

// clearCameras moves the centres of two views that hold k the least total
// distance that puts k, in both views, on one side of avoid (fractions of
// the frame), still held and inside the canvas; f0, f1 unchanged when no
// side works for both. Sides are tried in a fixed order (above, below,
// left, right), the first of equal distance winning: deterministic.
func clearCameras(f0, f1 camera, k, avoid *box) (camera, camera) {
	b0, b1, best := f0, f1, math.Inf(1)
	for side := 0; side < 4; side++ {
		g0, ok0 := clearOf(f0, k, avoid, side)
		g1, ok1 := clearOf(f1, k, avoid, side)
		if !ok0 || !ok1 {
			continue
		}
		d := math.Hypot(g0.cx-f0.cx, g0.cy-f0.cy) + math.Hypot(g1.cx-f1.cx, g1.cy-f1.cy)
		if d < best-1e-12 {
			b0, b1, best = g0, g1, d
		}
	}
	return b0, b1
}

// clearOf moves c's centre the least along one axis so that k, seen in
// its view, lies before (side 0: above, 2: left) or after (1: below,
// 3: right) avoid on that axis, with k in the view and the view in the
// canvas; ok is false when no centre does.
func clearOf(c camera, k, avoid *box, side int) (camera, bool) {
	vs := 1 / c.z
	k0, k1, a0, a1, cc := k.y0, k.y1, avoid.y0, avoid.y1, &c.cy
	if side >= 2 {
		k0, k1, a0, a1, cc = k.x0, k.x1, avoid.x0, avoid.x1, &c.cx
	}
	// the view spans [v, v+vs]: k held and the view in the canvas
	lo, hi := math.Max(k1-vs, 0), math.Min(k0, 1-vs)
	if side%2 == 0 {
		lo = math.Max(lo, k1-a0*vs) // (k1-v)/vs <= a0
	} else {
		hi = math.Min(hi, k0-a1*vs) // (k0-v)/vs >= a1
	}
	if lo > hi+1e-12 {
		return c, false
	}
	v := math.Min(hi, math.Max(lo, *cc-vs/2))
	*cc = v + vs/2
	return c, true
}

// camera is a photo slide's Ken Burns camera at progress prog (0..1) of
// the slide under easing: the move, holding the faces and clear of the
// caption where it can (keptCamera), then centred and capped so that the
// fill around a contained photo is never a thin strip (padding.hold).
func (d *slideData) camera(easing string, prog float64) camera {
	return d.pad.hold(keptCamera(d.motion, ease(easing, prog), d.keep, d.avoid))
}
