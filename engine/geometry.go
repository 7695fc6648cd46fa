package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxWidth and MaxHeight bound a rendition's frame: 3840x2160 (4K UHD),
// in either orientation.
const (
	MaxWidth  = 3840
	MaxHeight = 2160
)

// Size is a frame size in pixels. A rendition may be any size with even,
// positive sides that fits 3840x2160 in either orientation.
type Size struct {
	Width, Height int
}

// String formats s as "WIDTHxHEIGHT".
func (s Size) String() string { return fmt.Sprintf("%dx%d", s.Width, s.Height) }

// Quality is the quality name of a frame of size s: its short side (the
// height of a landscape frame, the width of a portrait one).
func (s Size) Quality() Quality { return Quality(min(s.Width, s.Height)) }

// Aspect is s's shape reduced to lowest terms (1920x1080 -> 16:9).
func (s Size) Aspect() Aspect {
	g := gcd(s.Width, s.Height)
	if g == 0 {
		return Aspect{}
	}
	return Aspect{s.Width / g, s.Height / g}
}

// Check reports why s cannot be rendered, or nil: both sides must be even
// and positive (4:2:0 chroma), and the frame must fit MaxWidth x MaxHeight
// as landscape or as portrait.
func (s Size) Check() error {
	if err := s.check(); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	return nil
}

// check is Check without the package prefix.
func (s Size) check() error {
	switch {
	case s.Width <= 0 || s.Height <= 0:
		return fmt.Errorf("frame size %v: width and height must be positive", s)
	case s.Width%2 != 0 || s.Height%2 != 0:
		return fmt.Errorf("frame size %v: width and height must be even", s)
	case max(s.Width, s.Height) > MaxWidth || min(s.Width, s.Height) > MaxHeight:
		return fmt.Errorf("frame size %v: larger than %dx%d", s, MaxWidth, MaxHeight)
	}
	return nil
}

// ParseSize parses "WIDTHxHEIGHT" (for example "1080x1920") and checks it.
func ParseSize(v string) (Size, error) {
	a, b, ok := strings.Cut(strings.ToLower(strings.TrimSpace(v)), "x")
	if !ok {
		return Size{}, fmt.Errorf("engine: frame size %q: want WIDTHxHEIGHT, e.g. 1080x1920", v)
	}
	w, err1 := strconv.Atoi(a)
	h, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return Size{}, fmt.Errorf("engine: frame size %q: want WIDTHxHEIGHT, e.g. 1080x1920", v)
	}
	s := Size{w, h}
	return s, s.Check()
}

// Aspect is a frame shape, width:height. The zero Aspect means "unset"
// (16:9 where a default is needed). Projects and the standard renditions
// use the four presets below; Size.Aspect may return any other.
type Aspect struct {
	W, H int
}

// The aspect presets: widescreen, phone-screen portrait (Reels, Shorts,
// TikTok), square and 4:5 portrait (feeds).
var (
	Aspect16x9 = Aspect{16, 9}
	Aspect9x16 = Aspect{9, 16}
	Aspect1x1  = Aspect{1, 1}
	Aspect4x5  = Aspect{4, 5}
)

// Aspects lists the presets, the default first.
func Aspects() []Aspect { return []Aspect{Aspect16x9, Aspect9x16, Aspect1x1, Aspect4x5} }

// String formats a as "W:H" ("" for the zero Aspect).
func (a Aspect) String() string {
	if a.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d:%d", a.W, a.H)
}

// IsZero reports whether a is unset.
func (a Aspect) IsZero() bool { return a == Aspect{} }

// OrDefault returns a, or 16:9 when a is unset.
func (a Aspect) OrDefault() Aspect {
	if a.IsZero() {
		return Aspect16x9
	}
	return a
}

// ParseAspect parses one of the presets: "16:9", "9:16", "1:1" or "4:5".
// An empty string is the zero Aspect.
func ParseAspect(v string) (Aspect, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return Aspect{}, nil
	}
	for _, a := range Aspects() {
		if a.String() == v {
			return a, nil
		}
	}
	return Aspect{}, fmt.Errorf("engine: aspect %q: want 16:9, 9:16, 1:1 or 4:5", v)
}

// MarshalText writes the aspect as "W:H".
func (a Aspect) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText accepts the presets (see ParseAspect) and "" (unset).
func (a *Aspect) UnmarshalText(b []byte) error {
	v, err := ParseAspect(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// SizeFor returns the frame size of quality q in aspect a (zero a: 16:9).
// q is the short side; the long side is rounded to the nearest even
// number, so 16:9 gives Picovico's 640x360, 854x480, 1280x720 and
// 1920x1080, 9:16 the same sizes turned upright, 1:1 q x q and 4:5
// q x 1.25q (1080x1350). The preview quality is 256x144 in 16:9.
func (q Quality) SizeFor(a Aspect) Size {
	a = a.OrDefault()
	if q == QualityPreview && a == Aspect16x9 {
		return Size{256, 144}
	}
	short := int(q) &^ 1
	lo, hi := min(a.W, a.H), max(a.W, a.H)
	long := 2 * int(math.Round(float64(short)*float64(hi)/float64(lo)/2))
	if a.W >= a.H {
		return Size{long, short}
	}
	return Size{short, long}
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
