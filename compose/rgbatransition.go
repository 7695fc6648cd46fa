package compose

import (
	"image"
	"image/draw"
	"sync"
)

// RGBATransitionFunc is a transition written with image/draw: it draws
// into dst, which starts as a copy of a (the outgoing slide), the frame
// at progress m of the window from a to b (the incoming slide). All three
// are sRGB pictures of the frame's size.
type RGBATransitionFunc func(dst draw.Image, a, b image.Image, m float64)

// RGBATransition adapts f to a Transition: the two 4:2:0 pictures are
// converted to RGBA (BT.709 limited range decoded, chroma upsampled), f
// draws into an RGBA copy of a, and the result is converted back into
// dst. A transition is then a few lines of image/draw; it costs two
// colour conversions per picture per frame, so Transition's Blend on the
// planes stays the fast path. The scratch pictures are pooled: the
// adapter is safe for concurrent use when f is.
func RGBATransition(f RGBATransitionFunc) Transition {
	return &rgbaTransition{f: f}
}

type rgbaTransition struct {
	f    RGBATransitionFunc
	pool sync.Pool // *rgbaScratch
}

type rgbaScratch struct{ a, b, d *image.RGBA }

// Blend converts, calls f and converts back.
func (t *rgbaTransition) Blend(dst, a, b *image.YCbCr, m float64) {
	w, h := a.Rect.Dx(), a.Rect.Dy()
	sc, _ := t.pool.Get().(*rgbaScratch)
	if sc == nil || sc.a.Rect.Dx() != w || sc.a.Rect.Dy() != h {
		r := image.Rect(0, 0, w, h)
		sc = &rgbaScratch{a: image.NewRGBA(r), b: image.NewRGBA(r), d: image.NewRGBA(r)}
	}
	defer t.pool.Put(sc)
	pa, pb := planesOf(a), planesOf(b)
	planesToRGBA(sc.a, &pa)
	planesToRGBA(sc.b, &pb)
	copy(sc.d.Pix, sc.a.Pix)
	t.f(sc.d, sc.a, sc.b, m)
	pd := planesOf(dst)
	rgbaToPlanes(&pd, sc.d)
}
