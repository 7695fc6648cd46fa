package text

import (
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/reelkit/reel/compose/text/internal/bidi"
	"github.com/reelkit/reel/styles"
)

// hbGlyph is one glyph of hb-shape's JSON output (font units, clusters in
// characters).
type hbGlyph struct {
	G  uint32 `json:"g"`
	Cl int    `json:"cl"`
	Dx int    `json:"dx"`
	Dy int    `json:"dy"`
	Ax int    `json:"ax"`
}

// hbShape runs hb-shape on text with the font file and direction.
func hbShape(t *testing.T, file, text, dir string) []hbGlyph {
	t.Helper()
	out, err := exec.Command("hb-shape", "--no-glyph-names", "--output-format=json", "--direction="+dir, file, text).Output()
	if err != nil {
		t.Fatalf("hb-shape: %v", err)
	}
	var gs []hbGlyph
	if err := json.Unmarshal(out, &gs); err != nil {
		t.Fatalf("hb-shape output %q: %v", out, err)
	}
	return gs
}

// TestShapingMatchesHarfBuzz shapes strings with reel and with hb-shape
// (Debian libharfbuzz-bin, an independent C HarfBuzz) using the same font
// file: glyph ids, clusters and positions must agree. A mixed-direction
// string is given as its directional runs in visual order (hb-shape does
// no bidi), which also checks reel's run itemisation and reordering.
func TestShapingMatchesHarfBuzz(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("hb-shape"); err != nil {
		t.Skip("hb-shape not installed (apt-get install libharfbuzz-bin)")
	}
	type piece struct {
		text, dir string
		start     int // first character's index in the paragraph
	}
	tests := []struct {
		name, face, file string
		text             string
		pieces           []piece // visual order; nil: the whole text, ltr
	}{
		{"devanagari conjunct reph i-matra", styles.FontNotoDevanagari, "NotoSansDevanagari-Regular.ttf",
			"क्षत्रिय र्क कि श्री हिन्दी", nil},
		{"arabic joining lam-alef marks", styles.FontNotoArabic, "NotoSansArabic-Regular.ttf",
			"لا إله بِسْمِ اللَّهِ", []piece{{"لا إله بِسْمِ اللَّهِ", "rtl", 0}}},
		{"hebrew", styles.FontNotoHebrew, "NotoSansHebrew-Regular.ttf",
			"שָׁלוֹם עוֹלָם", []piece{{"שָׁלוֹם עוֹלָם", "rtl", 0}}},
		{"latin ligatures", styles.FontLatoBlack, "Lato-Black.ttf", "office affine fjord AVATAR", nil},
		{"mixed bidi", styles.FontDejaVuSans, "DejaVuSans.ttf", "abc שלום עולם def",
			[]piece{{"abc ", "ltr", 0}, {"שלום עולם", "rtl", 4}, {" def", "ltr", 13}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join("..", "..", "styles", "fonts", tc.file)
			ss, err := newSession(Spec{Text: tc.text, Style: styles.TextStyle{Font: tc.face, Size: 0.1}, Scale: 100, MaxWidth: 4000, MaxHeight: 400}, nil, bidi.Auto)
			if err != nil {
				t.Fatal(err)
			}
			if len(ss.paras) != 1 {
				t.Fatalf("%d paragraphs", len(ss.paras))
			}
			pieces := tc.pieces
			if pieces == nil {
				pieces = []piece{{tc.text, "ltr", 0}}
			}
			var want []hbGlyph // absolute positions: Dx becomes pen + dx
			pen := 0
			for _, p := range pieces {
				for _, g := range hbShape(t, file, p.text, p.dir) {
					g.Cl += p.start
					g.Dx += pen
					pen += g.Ax
					want = append(want, g)
				}
			}
			upem := float64(ss.fonts.face(0).Upem())
			p := ss.paras[0]
			l := wrapped{cs: p.clusters, rtl: p.rtl}
			var got []hbGlyph
			visit(l, func(ci int, g sglyph, x float64) {
				if g.face != 0 {
					t.Errorf("glyph %d of cluster %d drawn with chain font %d, want the style face", g.id, ci, g.face)
				}
				got = append(got, hbGlyph{G: uint32(g.id), Cl: l.cs[ci].start, Dx: int(math.Round(x * upem)), Dy: int(math.Round(-g.y * upem))})
			})
			if len(got) != len(want) {
				t.Fatalf("%d glyphs, hb-shape %d:\n got %v\nwant %v", len(got), len(want), got, want)
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.G != w.G || g.Cl != w.Cl || abs(g.Dx-w.Dx) > 1 || abs(g.Dy-w.Dy) > 1 {
					t.Errorf("glyph %d: got id %d cluster %d at (%d,%d), hb-shape id %d cluster %d at (%d,%d)",
						i, g.G, g.Cl, g.Dx, g.Dy, w.G, w.Cl, w.Dx, w.Dy)
				}
			}
			if tot := int(math.Round(width(p.clusters) * upem)); abs(tot-pen) > 1 {
				t.Errorf("advance %d, hb-shape %d", tot, pen)
			}
		})
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
