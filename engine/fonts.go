package engine

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"unicode"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// FontLibrary is the set of fonts text is drawn with beyond the embedded
// faces (see compose/text.FontLibrary for the fallback chain). Build one
// with NewFontLibrary and share it between renders.
type FontLibrary = text.FontLibrary

// FontConfig lists registered fonts (TTF/OTF/TTC bytes, directories) and
// whether the machine's fonts are used (see compose/text.FontConfig).
type FontConfig = text.FontConfig

// NewFontLibrary parses the fonts of cfg; a font that does not parse is
// an error naming it.
func NewFontLibrary(cfg FontConfig) (*FontLibrary, error) { return text.NewFontLibrary(cfg) }

// fonts is the library a render uses: Options.Fonts, or the machine's
// fonts with the index cached under the user cache directory.
func (o Options) fonts() *FontLibrary {
	if o.Fonts != nil {
		return o.Fonts
	}
	l, _ := text.NewFontLibrary(text.FontConfig{System: true}) // no data: cannot fail
	return l
}

// glyphWarnings collects the characters no font had during a render (safe
// for concurrent use by compose's workers).
type glyphWarnings struct {
	log   *slog.Logger
	mu    sync.Mutex
	seen  map[rune]bool
	runes []rune
}

func (w *glyphWarnings) add(r rune) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen == nil {
		w.seen = map[rune]bool{}
	}
	if w.seen[r] {
		return
	}
	w.seen[r] = true
	w.runes = append(w.runes, r)
	if w.log != nil {
		w.log.Warn("no font has this character; drawn as a box", "rune", string(r), "code", fmt.Sprintf("U+%04X", r))
	}
}

// lines returns one warning per script with missing characters, in order
// of first appearance, e.g. `no font for Sinhala: "කඛ" (U+0D9A U+0D9B); drawn as boxes`.
func (w *glyphWarnings) lines() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var order []string
	by := map[string][]rune{}
	for _, r := range w.runes {
		sc := scriptName(r)
		if _, ok := by[sc]; !ok {
			order = append(order, sc)
		}
		by[sc] = append(by[sc], r)
	}
	var out []string
	for _, sc := range order {
		rs := by[sc]
		codes := make([]string, len(rs))
		for i, r := range rs {
			codes[i] = fmt.Sprintf("U+%04X", r)
		}
		out = append(out, fmt.Sprintf("no font for %s: %q (%s); drawn as boxes", sc, string(rs), strings.Join(codes, " ")))
	}
	return out
}

// scriptName is the Unicode script of r ("Sinhala"), or "symbols" for
// common, inherited and unassigned characters.
func scriptName(r rune) string {
	for name, tab := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(tab, r) {
			return strings.ReplaceAll(name, "_", " ")
		}
	}
	return "symbols"
}

// composeOptions gives compose the render's fonts and its warning sink.
func composeOptions(o Options, fonts *FontLibrary, w *glyphWarnings) compose.Options {
	return compose.Options{Fonts: fonts, Warn: w.add, Transition: o.Transition}
}

// CheckStyleFonts reports whether every text of st names a font that
// fonts has (an embedded face's name, or the family name of an embedded,
// registered or machine font; nil fonts means the machine's fonts, as in
// Options): otherwise the text would silently be drawn in DejaVu Sans.
// Validate runs it on the project's style; a program that loads style
// files can run it at start. The error wraps ErrInvalidOptions (the style
// and the fonts are the program's choice, not the user's) and names the
// style, the field and the font.
func CheckStyleFonts(st *styles.Style, fonts *FontLibrary) error {
	if fonts == nil {
		fonts = Options{}.fonts()
	}
	for _, t := range []struct {
		field string
		ts    styles.TextStyle
	}{
		{"caption.text", st.Caption.Text},
		{"text_slide.title", st.TextSlide.Title},
		{"text_slide.text", st.TextSlide.Text},
		{"title_card.text", st.TitleCard.Text},
		{"credits.heading_text", st.Credits.HeadingText},
		{"credits.role", st.Credits.Role},
		{"credits.name", st.Credits.Name},
	} {
		if t.field == "credits.heading_text" && st.Credits.Heading == "" {
			continue
		}
		if !fonts.HasFont(t.ts.Font) {
			return optionsf("style %q: %s.font: no font %q among the embedded faces, the registered fonts or the machine's",
				st.MachineName, t.field, t.ts.Font)
		}
	}
	return nil
}
