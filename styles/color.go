package styles

import (
	"encoding/json"
	"fmt"
	"image/color"
)

// Color is a non-premultiplied sRGB colour with alpha. In JSON it is a
// string "#rrggbb" (opaque) or "#rrggbbaa".
type Color color.NRGBA

// RGBA implements color.Color (alpha-premultiplied, 16 bits per channel).
func (c Color) RGBA() (r, g, b, a uint32) { return color.NRGBA(c).RGBA() }

// String returns the colour as "#rrggbb" when opaque, else "#rrggbbaa".
func (c Color) String() string {
	if c.A == 0xff {
		return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	}
	return fmt.Sprintf("#%02x%02x%02x%02x", c.R, c.G, c.B, c.A)
}

// ParseColor parses "#rrggbb" or "#rrggbbaa" (hex digits in either case).
func ParseColor(s string) (Color, error) {
	if len(s) != 7 && len(s) != 9 || s[0] != '#' {
		return Color{}, fmt.Errorf("styles: colour %q: want #rrggbb or #rrggbbaa", s)
	}
	var v [4]uint8
	v[3] = 0xff
	for i := 0; i < (len(s)-1)/2; i++ {
		hi, ok1 := hexVal(s[1+2*i])
		lo, ok2 := hexVal(s[2+2*i])
		if !ok1 || !ok2 {
			return Color{}, fmt.Errorf("styles: colour %q: bad hex digit", s)
		}
		v[i] = hi<<4 | lo
	}
	return Color{R: v[0], G: v[1], B: v[2], A: v[3]}, nil
}

func hexVal(c byte) (uint8, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// MarshalJSON encodes the colour as a "#rrggbb[aa]" string.
func (c Color) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// UnmarshalJSON decodes a "#rrggbb[aa]" string.
func (c *Color) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("styles: colour: %w", err)
	}
	v, err := ParseColor(s)
	if err != nil {
		return err
	}
	*c = v
	return nil
}
