package picture

// MaxSpare bounds the planes a Pool keeps (of each depth).
const MaxSpare = 2

// Pool keeps the planes of pictures a decoder returned and its caller
// gave back, so that later pictures are decoded into them instead of new
// memory (a 1080p stream otherwise allocates 3 MB per picture for the
// garbage collector to find). The zero Pool is empty and ready. It is not
// safe for concurrent use.
type Pool struct {
	spare   [][]byte
	spare16 [][]uint16
}

// Put takes back the planes of p (one buffer holds all three), which
// must not be used afterwards; beyond MaxSpare of a depth they are left
// to the garbage collector.
func (pl *Pool) Put(p Picture) {
	switch {
	case p.Y != nil && len(pl.spare) < MaxSpare:
		pl.spare = append(pl.spare, p.Y[:cap(p.Y)])
	case p.Y16 != nil && len(pl.spare16) < MaxSpare:
		pl.spare16 = append(pl.spare16, p.Y16[:cap(p.Y16)])
	}
}

// New8 is an 8-bit w x h picture (tight strides) whose planes come from
// the pool, or new memory when no spare buffer is large enough; their
// samples are left as they were.
func (pl *Pool) New8(w, h int) Picture {
	ow, oh := (w+1)/2, (h+1)/2
	buf := take(&pl.spare, w*h+2*ow*oh)
	return Picture{Width: w, Height: h, BitDepth: 8, YStride: w, CStride: ow,
		Y: buf[:w*h], Cb: buf[w*h : w*h+ow*oh], Cr: buf[w*h+ow*oh:]}
}

// New16 is New8 for bits > 8 bits per sample, one sample per uint16.
func (pl *Pool) New16(w, h, bits int) Picture {
	ow, oh := (w+1)/2, (h+1)/2
	buf := take(&pl.spare16, w*h+2*ow*oh)
	return Picture{Width: w, Height: h, BitDepth: bits, YStride: w, CStride: ow,
		Y16: buf[:w*h], Cb16: buf[w*h : w*h+ow*oh], Cr16: buf[w*h+ow*oh:]}
}

// take removes from spare and returns a buffer of at least n elements
// (resliced to n), or a new one.
func take[T byte | uint16](spare *[][]T, n int) []T {
	s := *spare
	for i := len(s) - 1; i >= 0; i-- {
		if cap(s[i]) >= n {
			b := s[i][:n]
			*spare = append(s[:i], s[i+1:]...)
			return b
		}
	}
	return make([]T, n)
}
