package styles

import "math"

// Unit is the length in pixels that a style's frame-relative fractions
// (text sizes, gaps, borders, blur radii) are fractions of, for a w x h
// frame: its short side. A landscape frame's unit is its height, so a
// 16:9 frame lays out as it always has; a 1080x1920 portrait frame uses
// 1080, the same type size as 1920x1080, instead of scaling text with the
// tall side.
func Unit(w, h int) float64 {
	return float64(max(min(w, h), 1))
}

// tallFrame is the aspect (height / width) from which a frame is treated
// as a phone-screen portrait (2:3 and taller: 9:16, 9:19.5...).
const tallFrame = 1.5

// TallSafeMargin is the smallest top and bottom safe margin, as a fraction
// of the height, of a frame at least 2:3 tall: Reels, Shorts and TikTok
// draw their buttons and captions over roughly the top and bottom tenth
// of a 9:16 video, so text keeps out of them whatever the style's
// SafeMargin says. Square, 4:5 and landscape frames use SafeMargin alone.
const TallSafeMargin = 0.1

// SafeInsets returns the title-safe insets of a w x h frame in pixels:
// mx left and right, my top and bottom. mx is SafeMargin of the width and
// my SafeMargin of the height, at least TallSafeMargin of the height in
// tall portrait frames and always clear of the letterbox bars.
func (s *Style) SafeInsets(w, h int) (mx, my int) {
	mx = int(math.Round(s.SafeMargin * float64(w)))
	m := s.SafeMargin
	if float64(h) >= tallFrame*float64(w) {
		m = math.Max(m, TallSafeMargin)
	}
	my = int(math.Round(m * float64(h)))
	if bar := s.Overlays.LetterboxBar(w, h); bar > 0 {
		my = max(my, int(math.Ceil(bar+0.02*float64(h))))
	}
	return mx, my
}

// LetterboxBar is the height in pixels of each of the two bars that
// Letterbox draws on a w x h frame, 0 when it draws none. Letterboxing is a
// widescreen effect: it applies to landscape frames only (a 2.39 bar pair
// on a 9:16 frame would leave a sliver of picture), and only when the
// frame is narrower than the letterbox aspect.
func (o Overlays) LetterboxBar(w, h int) float64 {
	if o.Letterbox <= 0 || w <= h {
		return 0
	}
	return math.Max(0, (float64(h)-float64(w)/o.Letterbox)/2)
}
