package compose

import (
	"image"
	"image/draw"
	"math"
)

// rowSource yields an image one premultiplied RGBA row at a time, so a
// photo can be reduced without a full-size RGBA copy of it ever existing.
type rowSource interface {
	size() (w, h int)
	// row returns row y (0-based) as w*4 bytes, valid until the next call.
	row(y int) []uint8
}

// rgbaRows reads an *image.RGBA in place.
type rgbaRows struct{ m *image.RGBA }

func (r rgbaRows) size() (int, int) { return r.m.Rect.Dx(), r.m.Rect.Dy() }

func (r rgbaRows) row(y int) []uint8 {
	o := r.m.PixOffset(r.m.Rect.Min.X, r.m.Rect.Min.Y+y)
	return r.m.Pix[o : o+4*r.m.Rect.Dx()]
}

// imageRows converts any image row by row (image/draw's fast paths for
// YCbCr, Gray, CMYK, NRGBA, ...) onto a w x h canvas whose origin is at
// org in the image's coordinates; canvas pixels the image does not cover
// (a GIF frame smaller than its screen) are transparent.
type imageRows struct {
	img  image.Image
	org  image.Point
	w, h int
	buf  *image.RGBA // one row
}

func newImageRows(img image.Image, org image.Point, w, h int) *imageRows {
	return &imageRows{img: img, org: org, w: w, h: h, buf: image.NewRGBA(image.Rect(0, 0, w, 1))}
}

func (r *imageRows) size() (int, int) { return r.w, r.h }

func (r *imageRows) row(y int) []uint8 {
	clear(r.buf.Pix)
	draw.Draw(r.buf, r.buf.Rect, r.img, r.org.Add(image.Pt(0, y)), draw.Src)
	return r.buf.Pix
}

// materialize returns the whole source as an *image.RGBA.
func materialize(src rowSource) *image.RGBA {
	if r, ok := src.(rgbaRows); ok {
		return r.m
	}
	w, h := src.size()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		copy(m.Pix[y*m.Stride:], src.row(y))
	}
	return m
}

// taps are the weights of a 1-D Catmull-Rom resampling from sw to dw
// samples, widened when shrinking so every source sample counts (as
// golang.org/x/image/draw does), normalised to sum to 1.
type taps struct {
	first  []int     // first source sample of each output sample
	n      []int     // weights used by each output sample
	w      []float32 // weights, stride per output sample
	stride int
	end    int // largest first+n: source samples read
}

func catmullRom(t float64) float64 {
	if t < 1 {
		return (1.5*t-2.5)*t*t + 1
	}
	return ((-0.5*t+2.5)*t-4)*t + 2
}

func newTaps(dw, sw int) taps {
	scale := float64(sw) / float64(dw)
	half, arg := 2.0, 1.0
	if scale > 1 {
		half *= scale
		arg = 1 / scale
	}
	stride := int(math.Ceil(2*half)) + 2
	tp := taps{first: make([]int, dw), n: make([]int, dw), w: make([]float32, dw*stride), stride: stride}
	for x := 0; x < dw; x++ {
		c := (float64(x)+0.5)*scale - 0.5
		i := max(0, int(math.Floor(c-half)))
		j := max(i, min(sw, int(math.Ceil(c+half))))
		ws := tp.w[x*stride : x*stride+stride]
		var tot float64
		for k := i; k < j; k++ {
			if t := math.Abs((c - float64(k)) * arg); t < 2 {
				v := catmullRom(t)
				ws[k-i] = float32(v)
				tot += v
			}
		}
		if tot == 0 { // cannot happen for sw >= 1, but never divide by 0
			i = min(max(0, int(math.Round(c))), sw-1)
			j = i + 1
			clear(ws)
			ws[0], tot = 1, 1
		}
		for k := range ws[:j-i] {
			ws[k] = float32(float64(ws[k]) / tot)
		}
		tp.first[x], tp.n[x] = i, j-i
		tp.end = max(tp.end, j)
	}
	return tp
}

// resampleRows scales src to dw x dh with a separable Catmull-Rom. Each
// source row is read once and resampled horizontally into a ring of
// `stride` rows; the vertical pass combines them. Memory: the output plus
// a few dw-wide rows (golang.org/x/image/draw holds dw x sh float64 RGBA).
func resampleRows(src rowSource, dw, dh int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	resampleEachRow(src, dw, dh, func(y int) []uint8 {
		return dst.Pix[y*dst.Stride : y*dst.Stride+dw*4]
	}, nil)
	return dst
}

// resampleEachRow is resampleRows packing output row y into out(y) (dw*4
// bytes) and then, when emit is not nil, calling emit(y) before the next
// row, so a caller can consume rows without holding the image.
func resampleEachRow(src rowSource, dw, dh int, out func(y int) []uint8, emit func(y int)) {
	sw, sh := src.size()
	hx, vy := newTaps(dw, sw), newTaps(dh, sh)
	ringN := vy.stride
	ring := make([]float32, ringN*dw*4)
	loaded := -1 // last source row in the ring
	acc := make([]float32, dw*4)
	for y := 0; y < dh; y++ {
		f, n := vy.first[y], vy.n[y]
		for loaded < f+n-1 {
			loaded++
			hrow := ring[(loaded%ringN)*dw*4:][:dw*4]
			hresample(hrow, src.row(loaded), &hx)
		}
		clear(acc)
		for k, wt := range vy.w[y*vy.stride : y*vy.stride+n] {
			hrow := ring[((f+k)%ringN)*dw*4:][:dw*4]
			accumulate(acc, hrow, wt)
		}
		packRGBA(out(y), acc)
		if emit != nil {
			emit(y)
		}
	}
}

// accumulateGo adds wt*v[i] to acc[i] (accumulate is this or SIMD: the
// same float32 multiply then add per element, so the same results).
func accumulateGo(acc, v []float32, wt float32) {
	v = v[:len(acc)]
	for i, x := range v {
		acc[i] += wt * x
	}
}

// packRGBAGo rounds premultiplied RGBA floats to bytes, colour clamped
// to alpha (packRGBA is this or SIMD with the same results).
func packRGBAGo(out []uint8, acc []float32) {
	acc = acc[:len(out)]
	for x := 0; x+3 < len(out); x += 4 {
		a := clamp255(acc[x+3])
		out[x] = min(clamp255(acc[x]), a)
		out[x+1] = min(clamp255(acc[x+1]), a)
		out[x+2] = min(clamp255(acc[x+2]), a)
		out[x+3] = a
	}
}

// hresampleGo resamples one RGBA row horizontally into dst (dw*4 floats);
// hresample is this or SIMD with the same results.
func hresampleGo(dst []float32, row []uint8, tp *taps) {
	for x := range tp.first {
		f, n := tp.first[x], tp.n[x]
		ws := tp.w[x*tp.stride : x*tp.stride+n]
		s := row[f*4 : (f+n)*4]
		var r, g, b, a float32
		for k, wt := range ws {
			p := s[k*4 : k*4+4 : k*4+4]
			r += wt * float32(p[0])
			g += wt * float32(p[1])
			b += wt * float32(p[2])
			a += wt * float32(p[3])
		}
		d := dst[x*4 : x*4+4 : x*4+4]
		d[0], d[1], d[2], d[3] = r, g, b, a
	}
}

func clamp255(v float32) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}
