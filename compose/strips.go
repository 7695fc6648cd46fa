package compose

import "math"

// Fill strips: a photo contained in a frame of another aspect leaves
// strips of the style's fill (blurred backdrop or bars) on two sides. A
// thin strip looks like a mistake rather than a choice, so reel shows the
// fill only where it is wide: a photo whose contained size would leave
// less than minStrip of the frame to the fill (both strips together, on
// the padded axis) covers the frame instead, and a contained photo's Ken
// Burns views stay centred on the padded axis and zoom no further than
// keeps the strips at least minStrip of the view.

// minStrip is the least share of the frame (or of the picture between
// letterbox bars) that a photo's fill may take on the padded axis. 17 %
// makes 3:2 and 16:10 photos fill a 16:9 frame.
const minStrip = 0.17

// padding is a contained photo's fill on one axis of its canvas.
type padding struct {
	// axis is 0 when the photo covers the canvas, 1 when the fill is to
	// the left and right (pillarbox), 2 when above and below.
	axis int
	// share is the photo's share of the canvas on that axis (0..1).
	share float64
	// visible is the share of the frame on that axis not hidden by
	// letterbox bars (1 without them).
	visible float64
}

// thin reports whether a photo taking share of the canvas on an axis of
// which visible is shown would leave a fill strip thinner than minStrip
// of the visible picture (a photo taller than the picture hides its
// strips behind the bars).
func thin(share, visible float64) bool {
	return share > (1-minStrip)*visible && share < visible
}

// hold returns c moved onto the padded axis's centre and with its zoom
// capped so that the fill keeps at least minStrip of the visible view on
// that axis (unless the photo is taller than the picture, hiding its
// strips behind the bars), the view still inside the canvas. A view that
// held a box before holds it after: the view only grows about its
// centre, is clamped into the canvas, and the padded axis's centre shows
// the whole photo across it.
func (pd padding) hold(c camera) camera {
	if pd.axis == 0 || pd.share <= 0 {
		return c
	}
	if pd.share < pd.visible {
		zmax := (1 - minStrip) * pd.visible / pd.share
		c.z = math.Max(1, math.Min(c.z, zmax))
	}
	h := 0.5 / c.z
	clamp := func(v float64) float64 { return math.Min(1-h, math.Max(h, v)) }
	if pd.axis == 1 {
		c.cx, c.cy = 0.5, clamp(c.cy)
	} else {
		c.cx, c.cy = clamp(c.cx), 0.5
	}
	return c
}
