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

// The phone platforms' UI zones of a frame at least 2:3 tall (9:16,
// 9:19.5): TikTok, Reels and Shorts draw their captions, the account name
// and the buttons over the bottom fifth of a vertical video, the search
// and tabs over its top eighth, and the like/comment/share column over
// its right edge. Text keeps out of them unless a style sets its own
// (Style.PhoneSafe). Square, 4:5 and landscape frames use SafeMargin
// alone.
const (
	PhoneSafeTop    = 0.12 // of the height
	PhoneSafeBottom = 0.20 // of the height
	PhoneSafeRight  = 0.15 // of the width
)

// SafeZones are the parts of a tall portrait frame kept clear of text,
// as fractions of its height (Top, Bottom) and width (Left, Right). A
// zero field means the platform default (PhoneSafeTop, PhoneSafeBottom,
// 0 for Left, PhoneSafeRight); the style's SafeMargin applies on top.
type SafeZones struct {
	Top    float64 `json:"top,omitempty"`
	Bottom float64 `json:"bottom,omitempty"`
	Left   float64 `json:"left,omitempty"`
	Right  float64 `json:"right,omitempty"`
}

// orDefault returns z with zero fields set to the platform defaults.
func (z SafeZones) orDefault() SafeZones {
	if z.Top <= 0 {
		z.Top = PhoneSafeTop
	}
	if z.Bottom <= 0 {
		z.Bottom = PhoneSafeBottom
	}
	if z.Right <= 0 {
		z.Right = PhoneSafeRight
	}
	return z
}

// Insets are a frame's title-safe margins in pixels.
type Insets struct{ Left, Top, Right, Bottom int }

// SafeInsets returns the title-safe insets of a w x h frame in pixels:
// SafeMargin of the width left and right and of the height top and
// bottom; in tall portrait frames (2:3 and taller) at least the style's
// PhoneSafe zones (the platforms' defaults unless it sets them); always
// clear of the letterbox bars.
func (s *Style) SafeInsets(w, h int) Insets {
	fw, fh := float64(w), float64(h)
	l, r := s.SafeMargin, s.SafeMargin
	t, b := s.SafeMargin, s.SafeMargin
	if fh >= tallFrame*fw {
		z := s.PhoneSafe.orDefault()
		l, r = math.Max(l, z.Left), math.Max(r, z.Right)
		t, b = math.Max(t, z.Top), math.Max(b, z.Bottom)
	}
	in := Insets{
		Left: int(math.Round(l * fw)), Right: int(math.Round(r * fw)),
		Top: int(math.Round(t * fh)), Bottom: int(math.Round(b * fh)),
	}
	if bar := s.Overlays.LetterboxBar(w, h); bar > 0 {
		m := int(math.Ceil(bar + 0.02*fh))
		in.Top, in.Bottom = max(in.Top, m), max(in.Bottom, m)
	}
	return in
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
