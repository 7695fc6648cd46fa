package styles

import (
	"embed"
	"fmt"
	"sort"
	"sync"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/gofont/gosmallcaps"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

//go:embed fonts/*.ttf
var fontFiles embed.FS

// Names of the embedded faces a TextStyle.Font may use.
const (
	FontGoRegular             = "go-regular"
	FontGoBold                = "go-bold"
	FontGoMedium              = "go-medium"
	FontGoItalic              = "go-italic"
	FontGoMono                = "go-mono"
	FontGoSmallCaps           = "go-smallcaps"
	FontDejaVuSans            = "dejavu-sans"
	FontDejaVuSansBold        = "dejavu-sans-bold"
	FontLatoLight             = "lato-light"
	FontLatoBlack             = "lato-black"
	FontLiberationSerif       = "liberation-serif"
	FontLiberationSerifItalic = "liberation-serif-italic"
)

// fontSource is where each face's bytes come from, and whether it is bold
// (a bold face falls back to DejaVu Sans Bold first).
var fontSources = map[string]struct {
	file string // in fontFiles, or "" when data is set
	data []byte
	bold bool
}{
	FontGoRegular:             {data: goregular.TTF},
	FontGoBold:                {data: gobold.TTF, bold: true},
	FontGoMedium:              {data: gomedium.TTF},
	FontGoItalic:              {data: goitalic.TTF},
	FontGoMono:                {data: gomono.TTF},
	FontGoSmallCaps:           {data: gosmallcaps.TTF},
	FontDejaVuSans:            {file: "fonts/DejaVuSans.ttf"},
	FontDejaVuSansBold:        {file: "fonts/DejaVuSans-Bold.ttf", bold: true},
	FontLatoLight:             {file: "fonts/Lato-Light.ttf"},
	FontLatoBlack:             {file: "fonts/Lato-Black.ttf", bold: true},
	FontLiberationSerif:       {file: "fonts/LiberationSerif-Regular.ttf"},
	FontLiberationSerifItalic: {file: "fonts/LiberationSerif-Italic.ttf"},
}

// FontNames lists the embedded face names, sorted.
func FontNames() []string {
	n := make([]string, 0, len(fontSources))
	for k := range fontSources {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

// FontSet is the parsed embedded fonts. It is immutable and safe for
// concurrent use (sfnt.Font methods are, given a Buffer per call; build an
// opentype.Face per goroutine, faces are not).
type FontSet struct {
	fonts map[string]*opentype.Font
}

// parsedFonts parses every embedded face once per process. The result is
// immutable.
var parsedFonts = sync.OnceValues(func() (*FontSet, error) {
	fs := &FontSet{fonts: make(map[string]*opentype.Font, len(fontSources))}
	for name, src := range fontSources {
		data := src.data
		if src.file != "" {
			b, err := fontFiles.ReadFile(src.file)
			if err != nil {
				return nil, fmt.Errorf("styles: font %s: %w", name, err)
			}
			data = b
		}
		f, err := opentype.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("styles: font %s: %w", name, err)
		}
		fs.fonts[name] = f
	}
	return fs, nil
})

// Fonts returns the embedded fonts, parsed on first use. The error can only
// come from a corrupt build (the data is embedded).
func Fonts() (*FontSet, error) { return parsedFonts() }

// Font returns the face called name.
func (fs *FontSet) Font(name string) (*opentype.Font, bool) {
	f, ok := fs.fonts[name]
	return f, ok
}

// Chain returns the per-rune fallback chain for the face called name: the
// face itself, then DejaVu Sans Bold (for bold faces) or DejaVu Sans, then
// the other DejaVu weight, then Go Regular. DejaVu covers Latin, Latin
// Extended, Greek and Cyrillic. An unknown name yields the chain of
// dejavu-sans and ok=false.
func (fs *FontSet) Chain(name string) (chain []*opentype.Font, ok bool) {
	src, ok := fontSources[name]
	if !ok {
		name = FontDejaVuSans
		src = fontSources[name]
	}
	first, second := FontDejaVuSans, FontDejaVuSansBold
	if src.bold {
		first, second = second, first
	}
	seen := map[string]bool{}
	for _, n := range []string{name, first, second, FontGoRegular} {
		if !seen[n] {
			seen[n] = true
			chain = append(chain, fs.fonts[n])
		}
	}
	return chain, ok
}

// HasRune reports whether f has a glyph for r.
func HasRune(f *sfnt.Font, buf *sfnt.Buffer, r rune) bool {
	i, err := f.GlyphIndex(buf, r)
	return err == nil && i != 0
}
