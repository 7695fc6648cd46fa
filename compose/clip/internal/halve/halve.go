// Package halve reduces picture planes by two on both axes with a 2x2
// box filter, as the decoders copy pictures out of their C memory: a
// clip that will be shown at half its size or less (4K in a 1080p
// render) is then held, converted and tone-mapped at a quarter of its
// samples, and the reader's tent filter starts from the halved picture.
package halve

// Size is the halved length of n samples: n/2 rounded up (a last odd
// sample is averaged with itself).
func Size(n int) int { return (n + 1) / 2 }

// Plane writes the w x h plane src (rows stride samples apart) halved
// into dst (Size(w) x Size(h), rows Size(w) apart). Each output sample
// is the rounded mean of its 2x2 block; at an odd edge the last row or
// column stands in for the missing one.
func Plane[T uint8 | uint16](dst []T, src []T, stride, w, h int) {
	dw, dh := Size(w), Size(h)
	for y := range dh {
		r0 := src[2*y*stride:]
		r1 := r0
		if 2*y+1 < h {
			r1 = src[(2*y+1)*stride:]
		}
		r0, r1 = r0[:w], r1[:w]
		out := dst[y*dw : y*dw+dw]
		for x := range w / 2 {
			s := uint32(r0[2*x]) + uint32(r0[2*x+1]) + uint32(r1[2*x]) + uint32(r1[2*x+1])
			out[x] = T((s + 2) >> 2)
		}
		if w%2 == 1 {
			s := 2*uint32(r0[w-1]) + 2*uint32(r1[w-1])
			out[dw-1] = T((s + 2) >> 2)
		}
	}
}
