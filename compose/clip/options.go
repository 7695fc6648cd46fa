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
