package styles

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Parse decodes one style from JSON (unknown fields are an error) and
// validates it.
func Parse(data []byte) (*Style, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Style
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("styles: parse: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("styles: parse: trailing data after the style object")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Clone returns a deep copy of s (for a server that fills in Thumbnail
// and SampleURL, or a caller that tweaks a style).
func (s *Style) Clone() *Style {
	c := *s
	c.Transitions.Kinds = append([]Transition(nil), s.Transitions.Kinds...)
	c.Motion.Moves = append([]Motion(nil), s.Motion.Moves...)
	c.Qualities = append([]int(nil), s.Qualities...)
	if s.Overlays.Frame != nil {
		f := *s.Overlays.Frame
		c.Overlays.Frame = &f
	}
	return &c
}
