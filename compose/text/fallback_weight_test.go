package text

import (
	"testing"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"

	"github.com/reelkit/reel/compose/text/internal/bidi"
	"github.com/reelkit/reel/styles"
)

// clustersOf shapes s in face and returns the session and the clusters of
// its single paragraph.
func clustersOf(t *testing.T, s, face string) (*session, []cluster) {
	t.Helper()
	ts := styles.TextStyle{Font: face, Size: 0.08, Colour: styles.Color{A: 255}}
	ss, err := newSession(Spec{Text: s, Style: ts, Scale: 720, MaxWidth: 4000, MaxHeight: 400}, nil, bidi.Auto)
	if err != nil {
		t.Fatal(err)
	}
	return ss, ss.paras[0].clusters
}

// TestFallbackKeepsStyleWeight: in a light and in a black style, the
// Arabic, Hebrew and Devanagari of a mixed title are drawn from fallback
// faces of the style's own weight, not the regular or bold ones.
func TestFallbackKeepsStyleWeight(t *testing.T) {
	for _, tc := range []struct {
		face   string
		weight font.Weight
	}{{styles.FontLatoLight, 300}, {styles.FontLatoBlack, 900}, {styles.FontGoRegular, 400}} {
		ss, cs := clustersOf(t, "hello مرحبا שלום नमस्ते world", tc.face)
		for _, c := range cs {
			sc := language.LookupScript(c.text[0])
			if sc != language.Arabic && sc != language.Hebrew && sc != language.Devanagari {
				continue
			}
			f := ss.fonts.fonts[c.glyphs[0].face]
			if w := f.Describe().Aspect.Weight; w != tc.weight {
				t.Errorf("%s: %q drawn in %s weight %v, want %v", tc.face, string(c.text), f.Describe().Family, w, tc.weight)
			}
		}
	}
}

// TestDigitsBetweenScriptsUseStyleFace: digits and punctuation after
// Arabic or Hebrew words are drawn with the same glyphs of the style's
// face as in plain Latin text (they were drawn in Noto Sans Arabic,
// heavier and larger than the Latin around them).
func TestDigitsBetweenScriptsUseStyleFace(t *testing.T) {
	for _, face := range []string{styles.FontLatoLight, styles.FontLatoBlack, styles.FontLiberationSerif} {
		_, plain := clustersOf(t, "hello 123, world!", face)
		want := map[rune]font.GID{}
		for _, c := range plain {
			if c.glyphs[0].face != 0 {
				t.Fatalf("%s: %q not in the style's face", face, string(c.text))
			}
			want[c.text[0]] = c.glyphs[0].id
		}
		for _, s := range []string{"hello مرحبا 123, world!", "שלום 123, עולם!", "مرحبا 123!"} {
			_, cs := clustersOf(t, s, face)
			for _, c := range cs {
				id, ok := want[c.text[0]]
				if !ok || c.text[0] == ' ' || language.LookupScript(c.text[0]) != language.Common {
					continue
				}
				if g := c.glyphs[0]; g.face != 0 || g.id != id {
					t.Errorf("%s %q: %q drawn with face %d glyph %d, want the style's face, glyph %d", face, s, string(c.text), g.face, g.id, id)
				}
			}
		}
	}
}

// TestCommonCharactersFallBackToNeighbour: punctuation the style's face
// lacks (the Arabic comma and question mark, the Devanagari danda) is
// drawn in the face of the text before it.
func TestCommonCharactersFallBackToNeighbour(t *testing.T) {
	for _, s := range []string{"مرحبا، كيف حالك؟", "नमस्ते। स्वागत"} {
		ss, cs := clustersOf(t, s, styles.FontLatoLight)
		for i, c := range cs {
			r := c.text[0]
			if r != '،' && r != '؟' && r != '।' {
				continue
			}
			if c.glyphs[0].face != cs[i-1].glyphs[0].face {
				t.Errorf("%q: %q in %s, the letter before in %s", s, r,
					ss.fonts.fonts[c.glyphs[0].face].Describe().Family, ss.fonts.fonts[cs[i-1].glyphs[0].face].Describe().Family)
			}
		}
	}
}

// TestSystemFallbackKeepsWeight: a machine font picked for CJK is the
// weight closest to the style's face (Noto Sans CJK has regular and bold).
func TestSystemFallbackKeepsWeight(t *testing.T) {
	lib := needSystemFont(t, "你", "fonts-noto-cjk")
	for _, tc := range []struct {
		want styles.Aspect
		got  font.Weight
	}{{styles.Aspect{Weight: 300}, 400}, {styles.Aspect{Weight: 400}, 400}, {styles.Aspect{Weight: 900}, 700}} {
		f := lib.systemFont([]rune("你"), tc.want, language.Han)
		if f == nil {
			t.Fatal("no font")
		}
		if w := f.Describe().Aspect.Weight; w != tc.got {
			t.Errorf("for weight %d: picked %s weight %v, want %v", tc.want.Weight, f.Describe().Family, w, tc.got)
		}
	}
}

// TestRegisteredFamilyKeepsWeight: of a registered family with a regular
// and a bold face (registered in that order), a black style draws with the
// bold face and a light style with the regular one.
func TestRegisteredFamilyKeepsWeight(t *testing.T) {
	reg := readFontOrSkip(t, "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf")
	bold := readFontOrSkip(t, "/usr/share/fonts/truetype/noto/NotoSansThai-Bold.ttf")
	lib, err := NewFontLibrary(FontConfig{Data: [][]byte{reg, bold}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		face   string
		weight font.Weight
	}{{styles.FontLatoBlack, 700}, {styles.FontGoBold, 700}, {styles.FontLatoLight, 400}, {styles.FontGoRegular, 400}} {
		ts := styles.TextStyle{Font: tc.face, Size: 0.08, Colour: styles.Color{A: 255}}
		ss, err := newSession(Spec{Text: "สวัสดี hello", Style: ts, Scale: 720, MaxWidth: 4000, MaxHeight: 400, Fonts: lib}, nil, bidi.Auto)
		if err != nil {
			t.Fatal(err)
		}
		c := ss.paras[0].clusters[0]
		if c.glyphs[0].face < 0 {
			t.Fatalf("%s: Thai not drawn", tc.face)
		}
		d := ss.fonts.fonts[c.glyphs[0].face].Describe()
		if d.Family != "Noto Sans Thai" || d.Aspect.Weight != tc.weight {
			t.Errorf("%s: Thai drawn in %s weight %v, want Noto Sans Thai %v", tc.face, d.Family, d.Aspect.Weight, tc.weight)
		}
	}
}
