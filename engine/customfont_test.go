package engine

import (
	"context"
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// dejavuDir is where Debian installs the DejaVu fonts (fonts-dejavu-core
// and fonts-dejavu-extra), DejaVu Sans Mono among them.
const dejavuDir = "/usr/share/fonts/truetype/dejavu"

// needDejaVuMono skips the test when the machine has no DejaVu Sans Mono.
func needDejaVuMono(t *testing.T) {
	t.Helper()
	for _, f := range []string{"DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"} {
		if _, err := os.Stat(filepath.Join(dejavuDir, f)); err != nil {
			t.Skipf("no %s in %s (install fonts-dejavu-core): %v", f, dejavuDir, err)
		}
	}
}

// titleFrame renders the title card (name drawn in the style's title
// font) at 2 s, fully faded in, with the title font set to font/weight.
func titleFrame(t *testing.T, name, font string, weight int, fonts *FontLibrary) *image.RGBA {
	t.Helper()
	st := builtinStyles().Default().Clone()
	st.TitleCard.Text.Font, st.TitleCard.Text.Weight = font, weight
	p := &Project{Name: name, Style: "vanilla", Assets: []Asset{{Kind: KindText, Data: AssetData{Title: "x"}}}}
	fr, err := RenderFrame(context.Background(), p, nil, Options{Style: st, Fonts: fonts, Renditions: []Quality{Quality360}}, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return fr.Image
}

// inkWidth is the width of the span of columns holding dark pixels (the
// title's ink on vanilla's light background).
func inkWidth(img *image.RGBA) int {
	lo, hi := img.Bounds().Max.X, -1
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			if c := img.RGBAAt(x, y); int(c.R)+int(c.G)+int(c.B) < 3*128 {
				lo, hi = min(lo, x), max(hi, x)
			}
		}
	}
	return hi - lo + 1
}

// TestStyleFontNamesRegisteredFamily: a style whose font is the family
// name of a registered font ("DejaVu Sans Mono", from a directory of
// many DejaVu faces) draws its text in that font: the frame differs from
// the built-in font's, its advances are monospaced (eight i's span about
// as much as eight M's), it is the very face a library of that one file
// draws, and weight 700 picks the family's bold face.
func TestStyleFontNamesRegisteredFamily(t *testing.T) {
	t.Parallel()
	needDejaVuMono(t)
	dir, err := NewFontLibrary(FontConfig{Dirs: []string{dejavuDir}})
	if err != nil {
		t.Fatal(err)
	}
	one := func(file string) *FontLibrary {
		b, err := os.ReadFile(filepath.Join(dejavuDir, file))
		if err != nil {
			t.Fatal(err)
		}
		l, err := NewFontLibrary(FontConfig{Data: [][]byte{b}})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	const mono = "DejaVu Sans Mono"
	iMono, mMono := titleFrame(t, "iiiiiiii", mono, 0, dir), titleFrame(t, "MMMMMMMM", mono, 0, dir)
	iDef, mDef := titleFrame(t, "iiiiiiii", "lato-light", 0, dir), titleFrame(t, "MMMMMMMM", "lato-light", 0, dir)
	t.Logf("ink widths: mono %d/%d, lato %d/%d", inkWidth(iMono), inkWidth(mMono), inkWidth(iDef), inkWidth(mDef))
	if wi, wm := inkWidth(iMono), inkWidth(mMono); wi*10 < wm*8 || wi > wm {
		t.Errorf("%s: ink of 8 i's %d px, of 8 M's %d px: want within 20 %% (monospaced)", mono, wi, wm)
	}
	if wi, wm := inkWidth(iDef), inkWidth(mDef); wi*2 > wm {
		t.Errorf("lato-light: ink of 8 i's %d px, of 8 M's %d px: want under half (proportional)", wi, wm)
	}
	if diff := countDiff(mMono, mDef); diff < 500 {
		t.Errorf("%s and lato-light frames differ in %d pixels, want the text redrawn", mono, diff)
	}
	if diff := countDiff(mMono, titleFrame(t, "MMMMMMMM", mono, 0, one("DejaVuSansMono.ttf"))); diff != 0 {
		t.Errorf("%s from the directory differs from DejaVuSansMono.ttf alone in %d pixels", mono, diff)
	}
	bold := titleFrame(t, "MMMMMMMM", mono, 700, dir)
	if diff := countDiff(bold, titleFrame(t, "MMMMMMMM", mono, 0, one("DejaVuSansMono-Bold.ttf"))); diff != 0 {
		t.Errorf("%s weight 700 differs from DejaVuSansMono-Bold.ttf alone in %d pixels", mono, diff)
	}
	if countDiff(bold, mMono) == 0 {
		t.Error("weight 700 draws the regular face")
	}
}

// TestStyleFontUnknownFamilyIsOptionsError: a style naming a font no
// library has fails Validate with ErrInvalidOptions naming the field and
// the font, instead of drawing it in a fallback.
func TestStyleFontUnknownFamilyIsOptionsError(t *testing.T) {
	t.Parallel()
	lib, err := NewFontLibrary(FontConfig{})
	if err != nil {
		t.Fatal(err)
	}
	st := builtinStyles().Default().Clone()
	st.Caption.Text.Font = "No Such Family"
	p := &Project{Name: "n", Style: "vanilla", Assets: []Asset{{Kind: KindText, Data: AssetData{Title: "x"}}}}
	_, err = Validate(context.Background(), p, nil, Options{Style: st, Fonts: lib})
	if !errors.Is(err, ErrInvalidOptions) || errors.Is(err, ErrInvalidProject) {
		t.Fatalf("err %v: want ErrInvalidOptions only", err)
	}
	for _, want := range []string{"caption.text.font", `"No Such Family"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("err %q does not say %s", err, want)
		}
	}
	// An embedded family by its family name needs no registered font.
	st.Caption.Text.Font, st.Caption.Text.Weight = "Lato", 900
	if _, err := Validate(context.Background(), p, nil, Options{Style: st, Fonts: lib}); err != nil {
		t.Errorf("embedded family Lato: %v", err)
	}
}

// countDiff is the number of pixels that differ between a and b.
func countDiff(a, b *image.RGBA) int {
	n := 0
	for i := 0; i+3 < len(a.Pix) && i+3 < len(b.Pix); i += 4 {
		if a.Pix[i] != b.Pix[i] || a.Pix[i+1] != b.Pix[i+1] || a.Pix[i+2] != b.Pix[i+2] {
			n++
		}
	}
	return n
}
