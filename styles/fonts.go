package styles

import (
	"embed"
	"fmt"
	"sort"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/gofont/gosmallcaps"
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
	FontNotoDevanagari        = "noto-sans-devanagari"
	FontNotoDevanagariBold    = "noto-sans-devanagari-bold"
	FontNotoArabic            = "noto-sans-arabic"
	FontNotoArabicBold        = "noto-sans-arabic-bold"
	FontNotoHebrew            = "noto-sans-hebrew"
	FontNotoHebrewBold        = "noto-sans-hebrew-bold"
)

// fontSource is where each face's bytes come from, and whether it is bold
// (a bold face falls back to the bold fallback faces first).
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
	FontNotoDevanagari:        {file: "fonts/NotoSansDevanagari-Regular.ttf"},
	FontNotoDevanagariBold:    {file: "fonts/NotoSansDevanagari-Bold.ttf", bold: true},
	FontNotoArabic:            {file: "fonts/NotoSansArabic-Regular.ttf"},
	FontNotoArabicBold:        {file: "fonts/NotoSansArabic-Bold.ttf", bold: true},
	FontNotoHebrew:            {file: "fonts/NotoSansHebrew-Regular.ttf"},
	FontNotoHebrewBold:        {file: "fonts/NotoSansHebrew-Bold.ttf", bold: true},
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

// IsFont reports whether name is an embedded face.
func IsFont(name string) bool {
	_, ok := fontSources[name]
	return ok
}

// FontData returns the TrueType bytes of the embedded face called name.
// The slice is shared: do not modify it.
func FontData(name string) ([]byte, error) {
	src, ok := fontSources[name]
	if !ok {
		return nil, fmt.Errorf("styles: no embedded font %q", name)
	}
	if src.file == "" {
		return src.data, nil
	}
	b, err := fontFiles.ReadFile(src.file)
	if err != nil {
		return nil, fmt.Errorf("styles: font %s: %w", name, err)
	}
	return b, nil
}

// FallbackChain returns the embedded part of the per-character fallback
// chain for the face called name, in order of preference:
//
//  1. the face itself;
//  2. DejaVu Sans (Bold for bold faces), then the other DejaVu weight:
//     Latin, Latin Extended, Greek, Cyrillic and common symbols;
//  3. Noto Sans Devanagari, Noto Sans Arabic, Noto Sans Hebrew, each in
//     the face's weight (regular or bold);
//  4. Go Regular.
//
// Each grapheme cluster is drawn with the first face of the chain that has
// all its characters (compose/text appends the caller's registered fonts
// and the machine's fonts after these). An unknown name yields the chain
// of dejavu-sans and ok=false.
func FallbackChain(name string) (chain []string, ok bool) {
	src, ok := fontSources[name]
	if !ok {
		name = FontDejaVuSans
		src = fontSources[name]
	}
	names := []string{name, FontDejaVuSans, FontDejaVuSansBold,
		FontNotoDevanagari, FontNotoArabic, FontNotoHebrew, FontGoRegular}
	if src.bold {
		names = []string{name, FontDejaVuSansBold, FontDejaVuSans,
			FontNotoDevanagariBold, FontNotoArabicBold, FontNotoHebrewBold, FontGoRegular}
	}
	seen := map[string]bool{}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			chain = append(chain, n)
		}
	}
	return chain, ok
}

// FallbackBold reports whether the face called name is bold (its chain
// prefers bold fallbacks).
func FallbackBold(name string) bool { return fontSources[name].bold }
