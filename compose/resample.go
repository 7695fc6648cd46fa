package compose

import (
	"image"
	"image/draw"
	"math"
)

// prescale scales src down (never up) so it just covers ww x wh, with
// Catmull-Rom. It returns src when no scaling is needed.
func prescale(src *image.RGBA, ww, wh int) *image.RGBA {
	return prescaleRows(rgbaRows{src}, ww, wh)
}

// prescaleRows is prescale for a row source: the source as RGBA when it
// already fits, else the Catmull-Rom reduction (see resampleRows).
func prescaleRows(src rowSource, ww, wh int) *image.RGBA {
	sw, sh := src.size()
	s := coverScale(sw, sh, ww, wh)
	if s >= 0.999 {
		return materialize(src)
	}
	w := max(1, int(math.Round(float64(sw)*s)))
	h := max(1, int(math.Round(float64(sh)*s)))
	return resampleRows(src, w, h)
}

// boxReduce averages f x f blocks (premultiplied, so alpha stays correct).
// Partial blocks at the right and bottom edges are averaged over what
// exists. Source rows are read one at a time.
func boxReduce(src rowSource, f int) *image.RGBA {
	sw, sh := src.size()
	w, h := (sw+f-1)/f, (sh+f-1)/f
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	acc := make([]uint32, w*4)
	cnt := make([]uint32, w)
	for oy := 0; oy < h; oy++ {
		clear(acc)
		clear(cnt)
		for sy := oy * f; sy < min((oy+1)*f, sh); sy++ {
			row := src.row(sy)
			for sx := 0; sx < sw; sx++ {
				ox := sx / f
				p := row[sx*4 : sx*4+4]
				a := acc[ox*4 : ox*4+4]
				a[0] += uint32(p[0])
				a[1] += uint32(p[1])
				a[2] += uint32(p[2])
				a[3] += uint32(p[3])
				cnt[ox]++
			}
		}
		drow := dst.Pix[oy*dst.Stride:]
		for ox := 0; ox < w; ox++ {
			n := cnt[ox]
			for c := 0; c < 4; c++ {
				drow[ox*4+c] = uint8((acc[ox*4+c] + n/2) / n)
			}
		}
	}
	return dst
}

// scaleOver resamples the whole of src with Catmull-Rom to fill dr of dst
// and composites it over dst (the streaming resampler: no dw x sh float64
// buffer as golang.org/x/image/draw's kernels allocate). Each resampled row
// goes straight onto dst, so no dw x dh intermediate image is allocated
// either: an opaque row is copied (Over gives the same bytes), any other
// is composited Over.
func scaleOver(dst *image.RGBA, dr image.Rectangle, src *image.RGBA) {
	if dr.Empty() || src.Rect.Empty() {
		return
	}
	dw := dr.Dx()
	row := &image.RGBA{Pix: make([]uint8, dw*4), Stride: dw * 4, Rect: image.Rect(0, 0, dw, 1)}
	resampleEachRow(rgbaRows{src}, dw, dr.Dy(), func(int) []uint8 { return row.Pix }, func(y int) {
		op := draw.Over
		if row.Opaque() {
			op = draw.Src
		}
		r := image.Rect(dr.Min.X, dr.Min.Y+y, dr.Max.X, dr.Min.Y+y+1)
		draw.Draw(dst, r, row, image.Point{}, op)
	})
}

// boxBlur blurs m in place with three passes of a box filter of radius r
// (a close approximation of a Gaussian).
func boxBlur(m *image.RGBA, r int) {
	if r < 1 {
		return
	}
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	tmp := make([]uint8, max(w, h)*4)
	for pass := 0; pass < 3; pass++ {
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			blurLine(row, 4, w, r, tmp)
		}
		for x := 0; x < w; x++ {
			col := m.Pix[m.PixOffset(b.Min.X+x, b.Min.Y):]
			blurLine(col, m.Stride, h, r, tmp)
		}
	}
}

// blurLine box-blurs n RGBA pixels spaced step bytes apart, clamping at the
// ends. tmp holds at least n*4 bytes.
func blurLine(p []uint8, step, n, r int, tmp []uint8) {
	for i := 0; i < n; i++ {
		copy(tmp[i*4:i*4+4], p[i*step:i*step+4])
	}
	var s [4]int
	at := func(i int) []uint8 {
		i = min(max(i, 0), n-1)
		return tmp[i*4 : i*4+4]
	}
	for i := -r; i <= r; i++ {
		q := at(i)
		for c := 0; c < 4; c++ {
			s[c] += int(q[c])
		}
	}
	d := 2*r + 1
	for i := 0; i < n; i++ {
		for c := 0; c < 4; c++ {
			p[i*step+c] = uint8((s[c] + d/2) / d)
		}
		out, in := at(i-r), at(i+r+1)
		for c := 0; c < 4; c++ {
			s[c] += int(in[c]) - int(out[c])
		}
	}
}
