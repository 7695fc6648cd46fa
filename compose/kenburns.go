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
