package styles

// Aspect is a face's weight and slant.
type Aspect struct {
	// Weight is the OpenType usWeightClass: 100 (thin) to 900 (black),
	// 400 regular, 700 bold.
	Weight int
	// Italic is set for italic and oblique faces.
	Italic bool
}

// FontAspect returns the weight and slant of the embedded face called
// name; ok is false for an unknown name.
func FontAspect(name string) (a Aspect, ok bool) {
	src, ok := fontSources[name]
	return Aspect{Weight: src.weight, Italic: src.italic}, ok
}

// Closer reports whether face a is a better match than face b for text
// that asks for aspect want: the same slant first, then the weight as CSS
// matches font-weight (for a light weight the nearest lighter faces
// before heavier ones, for bold the nearest heavier ones before lighter
// ones, for 400 and 500 the faces up to 500 first), then the lighter of
// two otherwise equal faces.
func (want Aspect) Closer(a, b Aspect) bool {
	if (a.Italic == want.Italic) != (b.Italic == want.Italic) {
		return a.Italic == want.Italic
	}
	ra, rb := want.weightRank(a.Weight), want.weightRank(b.Weight)
	if ra != rb {
		return ra < rb
	}
	return a.Weight < b.Weight
}

// weightRank orders weights by CSS Fonts 4's font-weight matching for
// want.Weight: lower is better.
func (want Aspect) weightRank(w int) int {
	d := want.Weight
	dist := w - d
	if dist < 0 {
		dist = -dist
	}
	switch {
	case d >= 400 && d <= 500:
		switch {
		case w >= d && w <= 500:
			return dist
		case w < d:
			return 1000 + dist
		}
		return 2000 + dist
	case d < 400:
		if w <= d {
			return dist
		}
		return 1000 + dist
	}
	if w >= d {
		return dist
	}
	return 1000 + dist
}
