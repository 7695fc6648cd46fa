package styles

import (
	"embed"
	"fmt"
	"sort"
	"strings"

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
	FontNotoDevanagariLight   = "noto-sans-devanagari-light"
	FontNotoDevanagari        = "noto-sans-devanagari"
	FontNotoDevanagariBold    = "noto-sans-devanagari-bold"
	FontNotoDevanagariBlack   = "noto-sans-devanagari-black"
	FontNotoArabicLight       = "noto-sans-arabic-light"
	FontNotoArabic            = "noto-sans-arabic"
	FontNotoArabicBold        = "noto-sans-arabic-bold"
	FontNotoArabicBlack       = "noto-sans-arabic-black"
	FontNotoHebrewLight       = "noto-sans-hebrew-light"
	FontNotoHebrew            = "noto-sans-hebrew"
	FontNotoHebrewBold        = "noto-sans-hebrew-bold"
	FontNotoHebrewBlack       = "noto-sans-hebrew-black"
)

// Families of the embedded faces that serve as fallbacks.
const (
	familyDejaVuSans     = "DejaVu Sans"
	familyNotoDevanagari = "Noto Sans Devanagari"
	familyNotoArabic     = "Noto Sans Arabic"
	familyNotoHebrew     = "Noto Sans Hebrew"
)

// fontSources says where each face's bytes come from, its family, and its
// weight (OpenType usWeightClass: 300 light, 400 regular, 700 bold, 900
// black) and slant, by which the fallback chain picks its fallbacks.
var fontSources = map[string]struct {
	file   string // in fontFiles, or "" when data is set
	data   []byte
	family string
	weight int
	italic bool
}{
	FontGoRegular:             {data: goregular.TTF, family: "Go", weight: 400},
	FontGoBold:                {data: gobold.TTF, family: "Go", weight: 600}, // its OS/2 weight
	FontGoMedium:              {data: gomedium.TTF, family: "Go", weight: 500},
	FontGoItalic:              {data: goitalic.TTF, family: "Go", weight: 400, italic: true},
	FontGoMono:                {data: gomono.TTF, family: "Go Mono", weight: 400},
	FontGoSmallCaps:           {data: gosmallcaps.TTF, family: "Go Smallcaps", weight: 400},
	FontDejaVuSans:            {file: "fonts/DejaVuSans.ttf", family: familyDejaVuSans, weight: 400},
	FontDejaVuSansBold:        {file: "fonts/DejaVuSans-Bold.ttf", family: familyDejaVuSans, weight: 700},
	FontLatoLight:             {file: "fonts/Lato-Light.ttf", family: "Lato", weight: 300},
	FontLatoBlack:             {file: "fonts/Lato-Black.ttf", family: "Lato", weight: 900},
	FontLiberationSerif:       {file: "fonts/LiberationSerif-Regular.ttf", family: "Liberation Serif", weight: 400},
	FontLiberationSerifItalic: {file: "fonts/LiberationSerif-Italic.ttf", family: "Liberation Serif", weight: 400, italic: true},
	FontNotoDevanagariLight:   {file: "fonts/NotoSansDevanagari-Light.ttf", family: familyNotoDevanagari, weight: 300},
	FontNotoDevanagari:        {file: "fonts/NotoSansDevanagari-Regular.ttf", family: familyNotoDevanagari, weight: 400},
	FontNotoDevanagariBold:    {file: "fonts/NotoSansDevanagari-Bold.ttf", family: familyNotoDevanagari, weight: 700},
	FontNotoDevanagariBlack:   {file: "fonts/NotoSansDevanagari-Black.ttf", family: familyNotoDevanagari, weight: 900},
	FontNotoArabicLight:       {file: "fonts/NotoSansArabic-Light.ttf", family: familyNotoArabic, weight: 300},
	FontNotoArabic:            {file: "fonts/NotoSansArabic-Regular.ttf", family: familyNotoArabic, weight: 400},
	FontNotoArabicBold:        {file: "fonts/NotoSansArabic-Bold.ttf", family: familyNotoArabic, weight: 700},
	FontNotoArabicBlack:       {file: "fonts/NotoSansArabic-Black.ttf", family: familyNotoArabic, weight: 900},
	FontNotoHebrewLight:       {file: "fonts/NotoSansHebrew-Light.ttf", family: familyNotoHebrew, weight: 300},
	FontNotoHebrew:            {file: "fonts/NotoSansHebrew-Regular.ttf", family: familyNotoHebrew, weight: 400},
	FontNotoHebrewBold:        {file: "fonts/NotoSansHebrew-Bold.ttf", family: familyNotoHebrew, weight: 700},
	FontNotoHebrewBlack:       {file: "fonts/NotoSansHebrew-Black.ttf", family: familyNotoHebrew, weight: 900},
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
//  2. Noto Sans Devanagari, Noto Sans Arabic and Noto Sans Hebrew (light,
//     regular, bold and black each; they have no Latin, Greek or Cyrillic
//     letters), then DejaVu Sans (regular and bold: Latin, Latin Extended,
//     Greek, Cyrillic and symbols; it has Arabic and Hebrew letters too,
//     which the Noto faces draw better): each family's faces from the
//     closest to the face's weight and slant to the farthest (see
//     FontAspect), so a light style falls back to light Arabic and a
//     black one to black Arabic;
//  3. Go Regular.
//
// Each grapheme cluster is drawn with the first face of the chain that has
// all its characters (compose/text appends the caller's registered fonts
// and the machine's fonts after these). An unknown name yields the chain
// of dejavu-sans and ok=false.
func FallbackChain(name string) (chain []string, ok bool) {
	if _, ok = fontSources[name]; !ok {
		name = FontDejaVuSans
	}
	want, _ := FontAspect(name)
	chain = []string{name}
	for _, n := range Fallbacks(want) {
		if n != name {
			chain = append(chain, n)
		}
	}
	return chain, ok
}

// Fallbacks returns the embedded fallbacks for a face of aspect want: the
// chain of FallbackChain after its first face (Noto Sans Devanagari,
// Arabic and Hebrew, then DejaVu Sans, each family from the face closest
// to want, then Go Regular). A style whose font is a family name (a
// registered or machine font) falls back along it.
func Fallbacks(want Aspect) []string {
	var chain []string
	for _, fam := range []string{familyNotoDevanagari, familyNotoArabic, familyNotoHebrew, familyDejaVuSans} {
		var members []string
		for n, src := range fontSources {
			if src.family == fam {
				members = append(members, n)
			}
		}
		sort.Strings(members)
		sort.SliceStable(members, func(i, j int) bool {
			a, _ := FontAspect(members[i])
			b, _ := FontAspect(members[j])
			return want.Closer(a, b)
		})
		chain = append(chain, members...)
	}
	return append(chain, FontGoRegular)
}

// FamilyFaces returns the embedded faces of the font family called family
// (compared as NormalizeFamily does: case, spaces, hyphens and
// underscores ignored), sorted by name; nil when no embedded face
// belongs to it. "DejaVu Sans" gives dejavu-sans and dejavu-sans-bold.
func FamilyFaces(family string) []string {
	want := NormalizeFamily(family)
	var out []string
	for n, src := range fontSources {
		if NormalizeFamily(src.family) == want {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// NormalizeFamily is the form in which family names are compared: lower
// case, without spaces, hyphens or underscores ("DejaVu Sans Mono" and
// "dejavu-sans-mono" are the same family).
func NormalizeFamily(family string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(family) {
		switch r {
		case ' ', '-', '_':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
