package clip

import (
	"image"
	"math"
)

// resizeTaps holds, for each output sample of a 1-D reduction, the first
// source sample and the triangle-filter weights (sum 1<<14) over the
// source samples it covers: an area-weighted "tent" whose support grows
// with the reduction, so detail averages instead of aliasing.
type resizeTaps struct {
	start []int
	w     [][]int32
}

func newResizeTaps(n, m int) *resizeTaps {
	t := &resizeTaps{start: make([]int, m), w: make([][]int32, m)}
	scale := float64(n) / float64(m)
	radius := max(1, scale)
	for i := range m {
		center := (float64(i)+0.5)*scale - 0.5
		lo := int(math.Ceil(center - radius))
		hi := int(math.Floor(center + radius))
		first := max(0, lo)
		last := min(n-1, hi)
		ws := make([]float64, last-first+1)
		var sum float64
		for x := lo; x <= hi; x++ {
			wt := 1 - math.Abs(float64(x)-center)/radius
			if wt <= 0 {
				continue
			}
			ws[min(last, max(first, x))-first] += wt
			sum += wt
		}
		iw := make([]int32, len(ws))
		var isum int32
		big := 0
		for k, v := range ws {
			iw[k] = int32(math.Round(v / sum * (1 << 14)))
			isum += iw[k]
			if iw[k] > iw[big] {
				big = k
			}
		}
		iw[big] += 1<<14 - isum // exact unit gain
		t.start[i], t.w[i] = first, iw
	}
	return t
}

// resizePlane reduces the sw x sh plane src (stride ss) into the dw x dh
// plane dst (stride ds) with separable tent filters; tmp is scratch.
func resizePlane(dst []byte, ds, dw, dh int, src []byte, ss, sw, sh int, tx, ty *resizeTaps, tmp []byte) {
	// Horizontal pass: every source row to dw samples.
	for y := range sh {
		row := src[y*ss : y*ss+sw]
		out := tmp[y*dw : y*dw+dw]
		for x := range dw {
			st, ws := tx.start[x], tx.w[x]
			var acc int32
			for k, wt := range ws {
				acc += wt * int32(row[st+k])
			}
			out[x] = uint8((acc + 1<<13) >> 14)
		}
	}
	// Vertical pass.
	acc := make([]int32, dw)
	for y := range dh {
		clear(acc)
		st, ws := ty.start[y], ty.w[y]
		for k, wt := range ws {
			row := tmp[(st+k)*dw : (st+k)*dw+dw]
			for x, v := range row {
				acc[x] += wt * int32(v)
			}
		}
		out := dst[y*ds : y*ds+dw]
		for x, a := range acc {
			out[x] = clampU8((a + 1<<13) >> 14)
		}
	}
}

// scaler reduces 4:2:0 images to one size, keeping its filter tables
// while the source size stays the same.
type scaler struct {
	sw, sh, dw, dh   int
	ty, tx, cty, ctx *resizeTaps
	tmp              []byte
	dst              *image.YCbCr
}

// scale returns src reduced to dw x dh (a buffer reused by the next call).
func (s *scaler) scale(src *image.YCbCr, dw, dh int) *image.YCbCr {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	if s.dst == nil || s.sw != sw || s.sh != sh || s.dw != dw || s.dh != dh {
		*s = scaler{sw: sw, sh: sh, dw: dw, dh: dh,
			tx: newResizeTaps(sw, dw), ty: newResizeTaps(sh, dh),
			ctx: newResizeTaps((sw+1)/2, (dw+1)/2), cty: newResizeTaps((sh+1)/2, (dh+1)/2),
			tmp: make([]byte, dw*sh), dst: image.NewYCbCr(image.Rect(0, 0, dw, dh), image.YCbCrSubsampleRatio420)}
	}
	d := s.dst
	yo, co := src.YOffset(src.Rect.Min.X, src.Rect.Min.Y), src.COffset(src.Rect.Min.X, src.Rect.Min.Y)
	resizePlane(d.Y, d.YStride, dw, dh, src.Y[yo:], src.YStride, sw, sh, s.tx, s.ty, s.tmp)
	csw, csh, cdw, cdh := (sw+1)/2, (sh+1)/2, (dw+1)/2, (dh+1)/2
	resizePlane(d.Cb, d.CStride, cdw, cdh, src.Cb[co:], src.CStride, csw, csh, s.ctx, s.cty, s.tmp)
	resizePlane(d.Cr, d.CStride, cdw, cdh, src.Cr[co:], src.CStride, csw, csh, s.ctx, s.cty, s.tmp)
	return d
}

// rotatePlane writes the w x h plane src (stride ss), rotated clockwise
// by rot degrees (90, 180, 270), into dst (stride ds; h x w for 90 and 270).
func rotatePlane(dst []byte, ds int, src []byte, ss, w, h, rot int) {
	switch rot {
	case 90: // source row y becomes destination column h-1-y
		for y := range h {
			row := src[y*ss : y*ss+w]
			col := h - 1 - y
			for x, v := range row {
				dst[x*ds+col] = v
			}
		}
	case 180:
		for y := range h {
			row := src[y*ss : y*ss+w]
			out := dst[(h-1-y)*ds : (h-1-y)*ds+w]
			for x, v := range row {
				out[w-1-x] = v
			}
		}
	case 270: // source row y becomes destination column y, bottom-up
		for y := range h {
			row := src[y*ss : y*ss+w]
			for x, v := range row {
				dst[(w-1-x)*ds+y] = v
			}
		}
	}
}

// rotate returns src rotated clockwise by rot into dst (reallocated when
// its size is wrong).
func rotate(dst *image.YCbCr, src *image.YCbCr, rot int) *image.YCbCr {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	ow, oh := w, h
	if rot == 90 || rot == 270 {
		ow, oh = h, w
	}
	if dst == nil || dst.Rect.Dx() != ow || dst.Rect.Dy() != oh {
		dst = image.NewYCbCr(image.Rect(0, 0, ow, oh), image.YCbCrSubsampleRatio420)
	}
	yo, co := src.YOffset(src.Rect.Min.X, src.Rect.Min.Y), src.COffset(src.Rect.Min.X, src.Rect.Min.Y)
	rotatePlane(dst.Y, dst.YStride, src.Y[yo:], src.YStride, w, h, rot)
	rotatePlane(dst.Cb, dst.CStride, src.Cb[co:], src.CStride, (w+1)/2, (h+1)/2, rot)
	rotatePlane(dst.Cr, dst.CStride, src.Cr[co:], src.CStride, (w+1)/2, (h+1)/2, rot)
	return dst
}
