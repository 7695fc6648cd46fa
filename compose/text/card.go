package text

import (
	"image"
	"math"

	"github.com/reelkit/reel/styles"
)

// Placed is a rendered block and where the top-left corner of its sprite
// goes in the frame (or, for a rolling credits roll, in the roll). An empty
// block (Image == nil) has nothing to draw.
type Placed struct {
	*Block
	At image.Point
}

// Rect is the frame rectangle the sprite covers (empty for an empty block).
func (p Placed) Rect() image.Rectangle {
	if p.Block == nil || p.Image == nil {
		return image.Rectangle{}
	}
	return image.Rect(p.At.X, p.At.Y, p.At.X+p.Width, p.At.Y+p.Height)
}

// captionShare is the largest part of the safe height a caption may take.
const captionShare = 0.4

// SafeArea is the title-safe rectangle of a w x h frame for st: inset by
// st.SafeInsets (SafeMargin of the width and height, the phone
// platforms' UI zones in tall portrait frames, clear of letterbox bars). All card
// helpers keep their text inside it.
func SafeArea(st *styles.Style, w, h int) image.Rectangle {
	in := st.SafeInsets(w, h)
	r := image.Rect(in.Left, in.Top, w-in.Right, h-in.Bottom)
	if r.Dx() < 1 || r.Dy() < 1 {
		return image.Rect(0, 0, max(w, 1), max(h, 1))
	}
	return r
}

// region is the part of area a block may use: width frac of the area (0
// means all), positioned per align; the full height.
func region(area image.Rectangle, frac float64, align styles.Align) image.Rectangle {
	if frac <= 0 || frac > 1 {
		frac = 1
	}
	w := max(int(float64(area.Dx())*frac), 1)
	x := area.Min.X
	switch align {
	case styles.AlignCenter:
		x += (area.Dx() - w) / 2
	case styles.AlignRight:
		x = area.Max.X - w
	}
	return image.Rect(x, area.Min.Y, x+w, area.Max.Y)
}

// hplace is the x of a sprite of width w inside r, per align.
func hplace(r image.Rectangle, w int, align styles.Align) int {
	switch align {
	case styles.AlignCenter:
		return r.Min.X + (r.Dx()-w)/2
	case styles.AlignRight:
		return r.Max.X - w
	}
	return r.Min.X
}

// vplace is the y of a block of height h inside r, per valign.
func vplace(r image.Rectangle, h int, v styles.VAlign) int {
	switch v {
	case styles.VAlignTop:
		return r.Min.Y
	case styles.VAlignBottom:
		return r.Max.Y - h
	}
	return r.Min.Y + (r.Dy()-h)/2
}

// block renders s into the region reg (its whole size is the box); unit
// is the frame's styles.Unit, the pixels per style size unit.
func block(text string, ts styles.TextStyle, unit float64, reg image.Rectangle, maxH int, env *Env) (*Block, error) {
	if maxH < 1 {
		return &Block{Geometry: &Geometry{Size: ts.Size * unit}}, nil
	}
	return Render(Spec{Text: text, Style: ts, Scale: unit, MaxWidth: reg.Dx(), MaxHeight: maxH, Fonts: env.fonts()}, env.warn())
}

// Caption lays out a photo caption for a w x h frame: wrapped within the
// style's caption width of the safe area, at most 40 % of its height,
// placed per the caption's align and valign.
func Caption(st *styles.Style, w, h int, caption string, env *Env) (Placed, error) {
	safe := SafeArea(st, w, h)
	c := st.Caption
	reg := region(safe, c.Width, c.Text.Align)
	b, err := block(caption, c.Text, styles.Unit(w, h), reg, max(int(float64(safe.Dy())*captionShare), 1), env)
	if err != nil {
		return Placed{}, err
	}
	return Placed{Block: b, At: image.Pt(hplace(reg, b.Width, c.Text.Align), vplace(safe, b.Height, c.VAlign))}, nil
}

// TitleCard lays out the project's name on the opening card.
func TitleCard(st *styles.Style, w, h int, name string, env *Env) (Placed, error) {
	safe := SafeArea(st, w, h)
	c := st.TitleCard
	reg := region(safe, c.Width, c.Text.Align)
	b, err := block(name, c.Text, styles.Unit(w, h), reg, safe.Dy(), env)
	if err != nil {
		return Placed{}, err
	}
	return Placed{Block: b, At: image.Pt(hplace(reg, b.Width, c.Text.Align), vplace(safe, b.Height, c.VAlign))}, nil
}

// textSlideTitleShare is the largest part of the safe height the title of
// a text slide may take when there is also a subheading.
const textSlideTitleShare = 0.55

// TextSlide lays out the title and subheading of a text slide. The two
// blocks are placed as one group per the layout's valign, title above;
// either may be empty. compose animates each per TextSlideLayout.
func TextSlide(st *styles.Style, w, h int, title, text string, env *Env) (titleBlock, textBlock Placed, err error) {
	safe := SafeArea(st, w, h)
	unit := styles.Unit(w, h)
	c := st.TextSlide
	treg := region(safe, c.Width, c.Title.Align)
	xreg := region(safe, c.Width, c.Text.Align)
	titleMax := safe.Dy()
	if hasText(text) {
		titleMax = int(float64(safe.Dy()) * textSlideTitleShare)
	}
	tb, err := block(title, c.Title, unit, treg, titleMax, env)
	if err != nil {
		return Placed{}, Placed{}, err
	}
	gap := 0
	if !tb.Empty() {
		gap = int(math.Round(c.Gap * unit))
	}
	xb, err := block(text, c.Text, unit, xreg, safe.Dy()-tb.Height-gap, env)
	if err != nil {
		return Placed{}, Placed{}, err
	}
	if xb.Empty() {
		gap = 0
	}
	top := vplace(safe, tb.Height+gap+xb.Height, c.VAlign)
	titleBlock = Placed{Block: tb, At: image.Pt(hplace(treg, tb.Width, c.Title.Align), top)}
	textBlock = Placed{Block: xb, At: image.Pt(hplace(xreg, xb.Width, c.Text.Align), top+tb.Height+gap)}
	return titleBlock, textBlock, nil
}

// hasText reports whether s has anything visible after normalisation.
func hasText(s string) bool {
	p, _ := normalise(s, false)
	return len(p) > 0
}
