package compose

import (
	"image"
	"math"

	"github.com/reelkit/reel/styles"
)

// Transition blends a transition window's two pictures: a, the outgoing
// slide, and b, the incoming one, into dst at progress m (strictly
// between 0 and 1, growing through the window). All three are 4:2:0
// frames of the same size, BT.709 limited range; dst is a itself when
// the Renderer calls it (blend in place), and Blend must not keep any of
// them after it returns. A Renderer calls Blend from the goroutine that
// renders, so one Transition used by several Renderers must be safe for
// concurrent use.
//
// Set Options.Transition to replace the style's transitions. The built-in
// kinds implement Transition too (StyleTransition); the Renderer draws
// them through its own faster paths (a crossfade into a photo warps the
// photo straight into the frame).
type Transition interface {
	Blend(dst, a, b *image.YCbCr, m float64)
}

// TransitionFunc adapts a function to the Transition interface.
type TransitionFunc func(dst, a, b *image.YCbCr, m float64)

// Blend calls f.
func (f TransitionFunc) Blend(dst, a, b *image.YCbCr, m float64) { f(dst, a, b, m) }

// StyleTransition returns the built-in transition kind as a Transition,
// with st's dip colour (nil st: the default style's).
func StyleTransition(st *styles.Style, kind styles.Transition) Transition {
	if st == nil {
		st = styles.Builtin().Default()
	}
	dc := st.Transitions.DipColour
	return builtinTransition{kind: kind, dip: toYUV(dc.R, dc.G, dc.B)}
}

type builtinTransition struct {
	kind styles.Transition
	dip  yuv
}

// Blend implements Transition with compose's own kernels (the same ones
// the Renderer uses).
func (t builtinTransition) Blend(dst, a, b *image.YCbCr, m float64) {
	m = math.Min(1, math.Max(0, m))
	e := ease("", m)
	pd, pa, pb := planesOf(dst), planesOf(a), planesOf(b)
	from := func(src *planes) {
		if &src.y[0] != &pd.y[0] {
			pd.copyFrom(src)
		}
	}
	switch t.kind {
	case styles.DipToColour:
		if m < 0.5 {
			from(&pa)
			mixColour(&pd, t.dip, int32(256*ease("", m*2)))
		} else {
			from(&pb)
			mixColour(&pd, t.dip, int32(256*ease("", (1-m)*2)))
		}
	case styles.Wipe:
		from(&pa)
		wipe(&pd, &pb, e, max(8, pd.w/12), make([]int32, pd.w))
	case styles.PushLeft, styles.PushRight:
		dx := -1
		if t.kind == styles.PushRight {
			dx = 1
		}
		src := copyPlanes(&pa)
		push(&pd, src, &pb, dx, 0, int(math.Round(e*float64(pd.w)/2))*2)
	case styles.PushUp, styles.PushDown:
		dy := -1
		if t.kind == styles.PushDown {
			dy = 1
		}
		src := copyPlanes(&pa)
		push(&pd, src, &pb, 0, dy, int(math.Round(e*float64(pd.h)/2))*2)
	case styles.ZoomThrough:
		fa, fb := copyPlanes(&pa), newPlanes(pd.w, pd.h)
		var wt warpTables
		var ws warpScratch
		za := 1 + 0.35*m*m
		zb := 1 + 0.2*(1-m)*(1-m)
		warpPlanes(&pd, fa, camera{0.5, 0.5, za}.viewportOf(pd.w, pd.h, pd.w, pd.h), 0, pd.h, &wt, &ws)
		warpPlanes(fb, &pb, camera{0.5, 0.5, zb}.viewportOf(pd.w, pd.h, pd.w, pd.h), 0, pd.h, &wt, &ws)
		mixPlanes(&pd, fb, int32(math.Round(256*e)))
	default: // Crossfade
		from(&pa)
		mixPlanes(&pd, &pb, int32(math.Round(256*m)))
	}
}

// copyPlanes returns a private copy of p (for kernels that cannot work
// in place).
func copyPlanes(p *planes) *planes {
	c := newPlanes(p.w, p.h)
	c.copyFrom(p)
	return c
}

// setView points the reusable header v at p (no copy, no allocation).
func setView(v *image.YCbCr, p *planes) {
	*v = image.YCbCr{Y: p.y, Cb: p.cb, Cr: p.cr, YStride: p.ys, CStride: p.cs,
		SubsampleRatio: image.YCbCrSubsampleRatio420, Rect: image.Rect(0, 0, p.w, p.h)}
}

// customTransition renders both shots of a transition window and hands
// them to the caller's Transition, blending into p in place.
func (r *Renderer) customTransition(t Transition, p *planes, s Scene, sc *scratch, m float64) error {
	opA, opB := math.Max(0, 1-m/0.4), math.Min(1, math.Max(0, (m-0.5)*2))
	if err := r.renderShot(p, s.Current, sc, 0, r.h, opA); err != nil {
		return err
	}
	_, fb := sc.frames(r.w, r.h)
	if err := r.renderShot(fb, *s.Next, sc, 0, r.h, opB); err != nil {
		return err
	}
	setView(&sc.vd, p)
	setView(&sc.vb, fb)
	t.Blend(&sc.vd, &sc.vd, &sc.vb, m)
	return nil
}
