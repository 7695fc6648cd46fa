package clip

// Options says how a Reader delivers frames.
type Options struct {
	// Width and Height are the size the frames will be drawn at: frames
	// are scaled down (never up), keeping their aspect ratio, to the
	// smallest size that still covers Width x Height. Zero means the
	// clip's own display size.
	Width, Height int
}

// coverSize is the size (w x h scaled by one factor <= 1) that just covers
// o's box; w x h itself when o asks for nothing smaller.
func (o Options) coverSize(w, h int) (int, int) {
	if o.Width <= 0 || o.Height <= 0 || w <= 0 || h <= 0 {
		return w, h
	}
	s := max(float64(o.Width)/float64(w), float64(o.Height)/float64(h))
	if s >= 1 {
		return w, h
	}
	nw, nh := int(float64(w)*s+0.999), int(float64(h)*s+0.999)
	return max(1, min(w, nw)), max(1, min(h, nh))
}

// halves reports whether a w x h (display size) clip is delivered at half
// its size or less, so that its decoder may halve pictures as it copies
// them out (a 2x2 mean, before conversion and tone mapping): 4K clips in
// a 1080p render are then held and converted at a quarter of their
// samples.
func (o Options) halves(w, h int) bool {
	tw, th := o.coverSize(w, h)
	return 2*tw <= w && 2*th <= h
}
