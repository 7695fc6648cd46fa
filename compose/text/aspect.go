package text

import (
	"sort"

	"github.com/go-text/typesetting/font"

	"github.com/reelkit/reel/styles"
)

// aspectOf converts go-text's aspect of a font to the weight and slant
// styles.Aspect.Closer compares.
func aspectOf(a font.Aspect) styles.Aspect {
	return styles.Aspect{Weight: int(a.Weight), Italic: a.Style != font.StyleNormal}
}

// registered is a font the caller registered, with what ordering it
// needs.
type registered struct {
	f      *font.Font
	family string // normalised family name
	aspect styles.Aspect
}

func newRegistered(f *font.Font) registered {
	d := f.Describe()
	return registered{f: f, family: font.NormalizeFamily(d.Family), aspect: aspectOf(d.Aspect)}
}

// byAspect orders registered fonts for text of aspect want: families keep
// the order of their first font, and the faces of a family go from the
// closest to want to the farthest (so a bold style finds a registered
// family's bold face before its regular one).
func byAspect(rs []registered, want styles.Aspect) []*font.Font {
	rank := map[string]int{}
	for _, r := range rs {
		if _, ok := rank[r.family]; !ok {
			rank[r.family] = len(rank)
		}
	}
	sorted := append([]registered(nil), rs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.family != b.family {
			return rank[a.family] < rank[b.family]
		}
		return a.aspect != b.aspect && want.Closer(a.aspect, b.aspect)
	})
	out := make([]*font.Font, len(sorted))
	for i, r := range sorted {
		out[i] = r.f
	}
	return out
}
