package text

import (
	"image"

	"github.com/reelkit/reel/styles"
)

// WarnFunc is told about every distinct rune that no font of the fallback
// chain has (it is drawn as a hollow box). It may be nil. It is called
// synchronously from the goroutine that called Layout or Render.
type WarnFunc func(r rune)

// Env is what the card helpers (Caption, TitleCard, TextSlide, Credits)
// need besides the style and frame size. A nil *Env means the embedded
// faces only and no warnings.
type Env struct {
	// Fonts are the fonts after the embedded ones (nil: none).
	Fonts *FontLibrary
	// Warn is told about characters no font has (nil: nobody).
	Warn WarnFunc
}

func (e *Env) fonts() *FontLibrary {
	if e == nil {
		return nil
	}
	return e.Fonts
}

func (e *Env) warn() WarnFunc {
	if e == nil {
		return nil
	}
	return e.Warn
}

// Spec is everything that determines a text block. It is comparable, so it
// can key a cache: equal Specs give identical layouts and pixels.
type Spec struct {
	// Text is the string to draw. '\n' starts a new line; other whitespace
	// runs become one space; control and format characters are dropped.
	Text string
	// Style is the look: font, sizes, lines, alignment, colours, effects.
	// Its Size and MinSize are fractions of Scale; outline, shadow and box
	// lengths are fractions of the font size finally chosen.
	Style styles.TextStyle
	// Scale is the number of pixels per style unit: the frame's short
	// side (styles.Unit).
	Scale float64
	// MaxWidth and MaxHeight bound the sprite, effects included, in pixels.
	MaxWidth, MaxHeight int
	// Fonts are the registered and machine fonts to fall back on after the
	// embedded faces; nil means the embedded faces only.
	Fonts *FontLibrary
}

// Line is one laid-out line of a block.
type Line struct {
	// Text is the line's text as drawn: with "…" if it was cut, with the
	// added hyphen if Hyphenated.
	Text string
	// Rect is the line's layout box in sprite coordinates: from the pen
	// start to the pen end horizontally, ascent to descent vertically.
	Rect image.Rectangle
	// Baseline is the y of the baseline in sprite coordinates.
	Baseline int
	// RTL is set when the line's paragraph reads right to left.
	RTL bool
	// Hyphenated is set when the line ends inside a word, with a hyphen
	// added (the last rune of Text). Layout splits only a word wider than
	// the whole line at the style's smallest size.
	Hyphenated bool
	// Steps are where the line can be cut between its clusters (grapheme
	// clusters, or several shaped together such as a conjunct), in
	// reading order: showing the sprite columns left of Steps[k] (an LTR
	// line), or from Steps[k] on (an RTL line), shows exactly the first
	// k+1 clusters, never part of a letter. The last step shows the whole
	// line, effects included. Spaces count as clusters.
	Steps []int
	// Words are the line's words in logical (reading) order: the text
	// between two UAX #14 break opportunities, trailing spaces included
	// (a Latin or Arabic word, one CJK character, an emoji). Their spans
	// tile the sprite's columns [0, Width): showing the spans of the first
	// k words shows exactly those words, whole clusters only, whatever
	// the reading direction (a word of a right-to-left run inside a
	// left-to-right line shows where bidi put it).
	Words []Word
}

// Word is one word of a line and the sprite columns that show it.
type Word struct {
	// Text is the word as drawn, trailing spaces included.
	Text string
	// Spans are the column ranges of the sprite the word covers, left to
	// right: one, or more where bidi reordering splits the word.
	Spans []ColSpan
}

// ColSpan is the sprite columns [X0, X1).
type ColSpan struct{ X0, X1 int }

// Geometry is the layout of a text block at the size finally chosen.
type Geometry struct {
	// Size is the font size (em) in pixels actually used.
	Size float64
	// Width and Height are the sprite's size in pixels, effects included;
	// never more than the Spec's MaxWidth and MaxHeight. Both are 0 when
	// there is nothing to draw.
	Width, Height int
	// Lines are the lines, top to bottom.
	Lines []Line
	// Truncated is set when lines were dropped or cut with an ellipsis.
	Truncated bool
	// Clipped is set when even one line at the minimum size did not fit the
	// box, so the sprite was cut to the box (text did not leave it).
	Clipped bool
	// Missing lists the distinct characters no font has, in order of
	// appearance.
	Missing []rune

	glyphs [][]placedGlyph // per line, pen positions in sprite coordinates
	spans  [][]span        // per line, its clusters in logical order
	fonts  *faceSet        // the faces sglyph.face indexes
	fx     effects         // effect sizes in pixels
	ox, oy float64         // sprite position of the content box's origin
	box    rectF           // content box (layout ∪ ink) in sprite coordinates
}

// Empty reports whether there is nothing to draw.
func (l *Geometry) Empty() bool { return l.Width == 0 || l.Height == 0 }

// Block is a rendered text block.
type Block struct {
	*Geometry
	// Image is the sprite: premultiplied RGBA with Bounds().Min == (0, 0)
	// and size Width x Height; nil when Empty.
	Image *image.RGBA
	// Plate is the coverage of the style's box (the plate) behind the
	// text, the same size as Image; nil when the style draws no box.
	Plate *image.Alpha
}

// span is where a cluster of a line was drawn: its runes in Line.Text and
// its pen box's x extent in sprite coordinates.
type span struct {
	start, end int
	x0, x1     float64
	rtl        bool // the cluster's characters run right to left
}
