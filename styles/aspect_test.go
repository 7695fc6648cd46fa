package styles

import (
	"bytes"
	"testing"

	"github.com/go-text/typesetting/font"
)

// TestFontAspectsMatchTheFonts: the weight and slant declared for every
// embedded face are what the font file itself says (OS/2 usWeightClass,
// italic or oblique style).
func TestFontAspectsMatchTheFonts(t *testing.T) {
	for _, name := range FontNames() {
		b, err := FontData(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := font.ParseTTF(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d := f.Describe()
		a, ok := FontAspect(name)
		if !ok {
			t.Fatalf("%s: no aspect", name)
		}
		if a.Weight != int(d.Aspect.Weight) || a.Italic != (d.Aspect.Style != font.StyleNormal) {
			t.Errorf("%s: declared %+v, the font says weight %v style %v", name, a, d.Aspect.Weight, d.Aspect.Style)
		}
	}
}

// TestCloserFollowsCSSWeightMatching: light text prefers lighter faces,
// bold text heavier ones, regular text 500 before lighter faces, and the
// slant comes before the weight.
func TestCloserFollowsCSSWeightMatching(t *testing.T) {
	for _, tc := range []struct {
		want, better, worse Aspect
	}{
		{Aspect{Weight: 300}, Aspect{Weight: 300}, Aspect{Weight: 400}},
		{Aspect{Weight: 300}, Aspect{Weight: 200}, Aspect{Weight: 400}},
		{Aspect{Weight: 300}, Aspect{Weight: 400}, Aspect{Weight: 700}},
		{Aspect{Weight: 400}, Aspect{Weight: 500}, Aspect{Weight: 300}},
		{Aspect{Weight: 400}, Aspect{Weight: 300}, Aspect{Weight: 600}},
		{Aspect{Weight: 500}, Aspect{Weight: 400}, Aspect{Weight: 600}},
		{Aspect{Weight: 700}, Aspect{Weight: 900}, Aspect{Weight: 600}},
		{Aspect{Weight: 900}, Aspect{Weight: 700}, Aspect{Weight: 400}},
		{Aspect{Weight: 400, Italic: true}, Aspect{Weight: 700, Italic: true}, Aspect{Weight: 400}},
		{Aspect{Weight: 400}, Aspect{Weight: 700}, Aspect{Weight: 400, Italic: true}},
	} {
		if !tc.want.Closer(tc.better, tc.worse) || tc.want.Closer(tc.worse, tc.better) {
			t.Errorf("for %+v: %+v should match better than %+v", tc.want, tc.better, tc.worse)
		}
	}
}

// TestFallbackChainKeepsWeight: every face's chain offers each fallback
// script first in the embedded weight closest to the face's own.
func TestFallbackChainKeepsWeight(t *testing.T) {
	first := func(chain []string, family string) string {
		for _, n := range chain {
			if fontSources[n].family == family {
				return n
			}
		}
		return ""
	}
	for _, tc := range []struct {
		face                        string
		dejavu, arabic, hebrew, dev string
	}{
		{FontLatoLight, FontDejaVuSans, FontNotoArabicLight, FontNotoHebrewLight, FontNotoDevanagariLight},
		{FontLatoBlack, FontDejaVuSansBold, FontNotoArabicBlack, FontNotoHebrewBlack, FontNotoDevanagariBlack},
		{FontGoBold, FontDejaVuSansBold, FontNotoArabicBold, FontNotoHebrewBold, FontNotoDevanagariBold},
		{FontGoMedium, FontDejaVuSans, FontNotoArabic, FontNotoHebrew, FontNotoDevanagari},
		{FontLiberationSerifItalic, FontDejaVuSans, FontNotoArabic, FontNotoHebrew, FontNotoDevanagari},
		{FontNotoArabicLight, FontDejaVuSans, FontNotoArabicLight, FontNotoHebrewLight, FontNotoDevanagariLight},
	} {
		chain, ok := FallbackChain(tc.face)
		if !ok || chain[0] != tc.face {
			t.Fatalf("%s: chain %v", tc.face, chain)
		}
		for fam, want := range map[string]string{familyDejaVuSans: tc.dejavu, familyNotoArabic: tc.arabic, familyNotoHebrew: tc.hebrew, familyNotoDevanagari: tc.dev} {
			if got := first(chain, fam); got != want {
				t.Errorf("%s: first %s face %s, want %s (chain %v)", tc.face, fam, got, want, chain)
			}
		}
	}
}
