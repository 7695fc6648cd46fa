package text

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/fontscan"
	"github.com/go-text/typesetting/language"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/reelkit/reel/styles"
)

// FontConfig says which fonts a FontLibrary offers beyond the embedded
// faces. The zero value offers the embedded faces only.
type FontConfig struct {
	// Data are TrueType/OpenType fonts or collections (TTF, OTF, TTC), in
	// order of preference. Every face of a collection is used.
	Data [][]byte
	// Dirs are directories whose .ttf, .otf and .ttc files (recursively,
	// in lexical order) are used after Data.
	Dirs []string
	// System makes the machine's fonts the last fallback, indexed by
	// typesetting's fontscan on first need. The index is cached in
	// CacheDir (default: "reel/fonts" under os.UserCacheDir).
	System bool
	// CacheDir overrides where the system font index is cached. fontscan
	// builds one index per process: the first library to need it decides
	// the directory.
	CacheDir string
}

// FontLibrary is the set of fonts text is drawn with: the embedded faces
// (styles.FallbackChain), the fonts a caller registered, and optionally
// the machine's fonts. It is safe for concurrent use; share one between
// renders (parsed fonts and the system index are kept).
//
// The fallback chain for a grapheme cluster is: the style's face, the
// embedded fallbacks of styles.FallbackChain (Noto Sans Devanagari,
// Arabic, Hebrew, then DejaVu Sans, each from the weight closest to the
// style's face), the registered fonts (families in order, each from the
// face closest to the style's in slant and weight), then the
// machine's fonts: for emoji (a cluster with an emoji code point or
// U+FE0F) a colour emoji family first ("Noto Color Emoji"), for Han, kana
// and Hangul the Noto Sans CJK family of the text's language (JP when the
// paragraph has kana, KR for Hangul, else SC), otherwise any covering
// font; among candidates of equal preference the closest to the style's
// face in width, slant and weight (styles.Aspect.Closer), then by family
// and file name. Digits, punctuation and spaces (script Common or
// Inherited) are drawn in the style's face when it has them, whatever
// script surrounds them. A cluster no font covers is drawn as a hollow box
// and reported.
type FontLibrary struct {
	added []registered
	cfg   FontConfig

	sysOnce sync.Once
	sys     []fontscan.Footprint
	sysErr  error

	mu     sync.Mutex
	loaded map[fontscan.Location]*font.Font // nil value: failed to load
	picks  map[sysKey]*font.Font

	blocks blockCache // recently rendered blocks (see Render)
}

type sysKey struct {
	cluster string
	aspect  styles.Aspect
	hint    language.Script
}

// NewFontLibrary parses the registered fonts of cfg. A font that does not
// parse, or a directory that cannot be read, is an error naming it.
func NewFontLibrary(cfg FontConfig) (*FontLibrary, error) {
	l := &FontLibrary{cfg: cfg, loaded: map[fontscan.Location]*font.Font{}, picks: map[sysKey]*font.Font{}}
	for i, b := range cfg.Data {
		fs, err := parseFonts(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("text: registered font %d: %w", i, err)
		}
		for _, f := range fs {
			l.added = append(l.added, newRegistered(f))
		}
	}
	for _, dir := range cfg.Dirs {
		var files []string
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".ttf", ".otf", ".ttc", ".otc":
				if !d.IsDir() {
					files = append(files, p)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("text: font directory: %w", err)
		}
		sort.Strings(files)
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("text: font %s: %w", p, err)
			}
			fs, err := parseFonts(bytes.NewReader(b))
			if err != nil {
				return nil, fmt.Errorf("text: font %s: %w", p, err)
			}
			for _, f := range fs {
				l.added = append(l.added, newRegistered(f))
			}
		}
	}
	return l, nil
}

// parseFonts parses every face of a font file or collection.
func parseFonts(r font.Resource) ([]*font.Font, error) {
	lds, err := ot.NewLoaders(r)
	if err != nil {
		return nil, err
	}
	out := make([]*font.Font, 0, len(lds))
	for i, ld := range lds {
		f, err := font.NewFont(ld)
		if err != nil {
			return nil, fmt.Errorf("face %d: %w", i, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// embeddedFont is a parsed embedded face and its line metrics in em
// (hhea ascent and descent as golang.org/x/image/font/sfnt reads them,
// which fixed reel's line spacing before shaping arrived).
type embeddedFont struct {
	f            *font.Font
	ascent, desc float64
}

// embeddedFonts parses every embedded face once per process; the result
// is immutable.
var embeddedFonts = sync.OnceValues(func() (map[string]embeddedFont, error) {
	out := map[string]embeddedFont{}
	for _, name := range styles.FontNames() {
		b, err := styles.FontData(name)
		if err != nil {
			return nil, err
		}
		fs, err := parseFonts(bytes.NewReader(b))
		if err != nil || len(fs) != 1 {
			return nil, fmt.Errorf("text: embedded font %s: %v", name, err)
		}
		e := embeddedFont{f: fs[0], ascent: 0.9, desc: 0.25}
		if sf, err := sfnt.Parse(b); err == nil {
			var buf sfnt.Buffer
			if m, err := sf.Metrics(&buf, fixed.I(refPPEM), xfont.HintingNone); err == nil {
				if a := float64(m.Ascent) / 64 / refPPEM; a > 0 && a <= 3 {
					e.ascent = a
				}
				if d := float64(m.Descent) / 64 / refPPEM; d > 0 && d <= 3 {
					e.desc = d
				}
			}
		}
		out[name] = e
	}
	return out, nil
})

// chainFor returns the embedded and registered part of the fallback chain
// for text of style st, the aspect it asks for, and the line ascent and
// descent (em) of its first face. A font named by an embedded face's name
// keeps that face's chain (styles.FallbackChain); a family name puts the
// family's face closest to st's weight and slant first (see primary), then
// the embedded fallbacks for that aspect. ok is false when st.Font names
// no face the library has: the chain is then dejavu-sans's.
func (l *FontLibrary) chainFor(st styles.TextStyle) (chain []*font.Font, want styles.Aspect, ascent, desc float64, ok bool, err error) {
	emb, err := embeddedFonts()
	if err != nil {
		return nil, want, 0, 0, false, err
	}
	want = st.Aspect()
	var names []string
	if styles.IsFont(st.Font) {
		names, _ = styles.FallbackChain(st.Font)
		chain = make([]*font.Font, 0, len(names)+4)
		ascent, desc, ok = emb[names[0]].ascent, emb[names[0]].desc, true
	} else if f, a, d, found := l.primary(st.Font, want, emb); found {
		names = styles.Fallbacks(want)
		chain = append(make([]*font.Font, 0, len(names)+5), f)
		ascent, desc, ok = a, d, true
	} else {
		want, _ = styles.FontAspect(styles.FontDejaVuSans)
		names, _ = styles.FallbackChain(styles.FontDejaVuSans)
		ascent, desc = emb[names[0]].ascent, emb[names[0]].desc
	}
	for _, n := range names {
		chain = append(chain, emb[n].f)
	}
	if l != nil {
		chain = append(chain, byAspect(l.added, want)...)
	}
	return chain, want, ascent, desc, ok, nil
}

// HasFont reports whether text of a style whose font is name is drawn in
// that font: name is an embedded face's name, or the family name of an
// embedded face, of a registered font or (with FontConfig.System) of a
// machine font. A nil library has the embedded faces only. Otherwise the
// text would be drawn in DejaVu Sans.
func (l *FontLibrary) HasFont(name string) bool {
	if styles.IsFont(name) {
		return true
	}
	emb, err := embeddedFonts()
	if err != nil {
		return false
	}
	_, _, _, ok := l.primary(name, styles.Aspect{Weight: 400}, emb)
	return ok
}

// primary finds the face of the family called family closest to want
// (styles.Aspect.Closer): among the registered fonts first, then the
// embedded faces, then the machine's fonts (with FontConfig.System), and
// returns it with its line ascent and descent in em.
func (l *FontLibrary) primary(family string, want styles.Aspect, emb map[string]embeddedFont) (f *font.Font, ascent, desc float64, ok bool) {
	norm := styles.NormalizeFamily(family)
	if l != nil {
		var best *registered
		for i := range l.added {
			r := &l.added[i]
			if styles.NormalizeFamily(r.family) == norm && (best == nil || want.Closer(r.aspect, best.aspect)) {
				best = r
			}
		}
		if best != nil {
			a, d := extents(best.f)
			return best.f, a, d, true
		}
	}
	if names := styles.FamilyFaces(family); len(names) > 0 {
		sort.SliceStable(names, func(i, j int) bool {
			a, _ := styles.FontAspect(names[i])
			b, _ := styles.FontAspect(names[j])
			return want.Closer(a, b)
		})
		e := emb[names[0]]
		return e.f, e.ascent, e.desc, true
	}
	if l == nil || !l.cfg.System {
		return nil, 0, 0, false
	}
	if f := l.systemFamily(norm, want); f != nil {
		a, d := extents(f)
		return f, a, d, true
	}
	return nil, 0, 0, false
}

// systemFamily returns the machine font of the family whose normalised
// name is norm closest to want in width (normal first), slant and weight,
// or nil.
func (l *FontLibrary) systemFamily(norm string, want styles.Aspect) *font.Font {
	fps := l.systemFonts()
	var cands []*fontscan.Footprint
	for i := range fps {
		if styles.NormalizeFamily(fps[i].Family) == norm {
			cands = append(cands, &fps[i])
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		sa, sb := math.Abs(float64(a.Aspect.Stretch)-1), math.Abs(float64(b.Aspect.Stretch)-1)
		switch {
		case sa != sb:
			return sa < sb
		case aspectOf(a.Aspect) != aspectOf(b.Aspect):
			return want.Closer(aspectOf(a.Aspect), aspectOf(b.Aspect))
		case a.Location.File != b.Location.File:
			return a.Location.File < b.Location.File
		}
		return a.Location.Index < b.Location.Index
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range cands {
		if f := l.load(c.Location); f != nil {
			return f
		}
	}
	return nil
}

// extents returns a face's line ascent and descent in em (its horizontal
// extents: OS/2 typographic metrics when the font asks for them, else
// hhea), or reel's defaults when the font has none that make sense.
func extents(f *font.Font) (ascent, desc float64) {
	ascent, desc = 0.9, 0.25
	upem := float64(f.Upem())
	if upem <= 0 {
		return ascent, desc
	}
	if e, ok := font.NewFace(f).FontHExtents(); ok {
		if a := float64(e.Ascender) / upem; a > 0 && a <= 3 {
			ascent = a
		}
		if d := -float64(e.Descender) / upem; d > 0 && d <= 3 {
			desc = d
		}
	}
	return ascent, desc
}

// nopLogger silences fontscan (the library logs nothing on its own).
type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}

// systemFonts returns the machine's font index, building or loading it
// once per library.
func (l *FontLibrary) systemFonts() []fontscan.Footprint {
	l.sysOnce.Do(func() {
		dir := l.cfg.CacheDir
		if dir == "" {
			base, err := os.UserCacheDir()
			if err != nil {
				l.sysErr = err
				return
			}
			dir = filepath.Join(base, "reel", "fonts")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			l.sysErr = err
			return
		}
		fps, err := fontscan.SystemFonts(nopLogger{}, dir)
		l.sys, l.sysErr = fps, err
	})
	return l.sys
}

// systemFont returns a machine font that has every significant rune of
// cluster, or nil. hint is the paragraph's CJK flavour (Hiragana for
// Japanese, Hangul for Korean, else Han).
func (l *FontLibrary) systemFont(cluster []rune, aspect styles.Aspect, hint language.Script) *font.Font {
	if l == nil || !l.cfg.System {
		return nil
	}
	k := sysKey{string(cluster), aspect, hint}
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.picks[k]; ok {
		return f
	}
	f := l.pickSystem(cluster, aspect, hint)
	if len(l.picks) < 1<<14 {
		l.picks[k] = f
	}
	return f
}

// pickSystem implements the system part of the fallback chain (see
// FontLibrary). Called with l.mu held.
func (l *FontLibrary) pickSystem(cluster []rune, want styles.Aspect, hint language.Script) *font.Font {
	fps := l.systemFonts()
	var need []rune
	for _, r := range cluster {
		if !ignorable(r) {
			need = append(need, r)
		}
	}
	if len(need) == 0 {
		return nil
	}
	var prefer []string
	switch {
	case isEmojiCluster(cluster):
		prefer = []string{"noto color emoji"}
	case isCJK(need[0]):
		switch hint {
		case language.Hiragana:
			prefer = []string{"noto sans cjk jp"}
		case language.Hangul:
			prefer = []string{"noto sans cjk kr"}
		default:
			prefer = []string{"noto sans cjk sc"}
		}
		prefer = append(prefer, "noto sans cjk jp", "noto sans cjk sc", "noto sans cjk tc", "noto sans cjk kr")
	}
	type cand struct {
		fp      *fontscan.Footprint
		pref    int // index in prefer, len(prefer) for none
		stretch int // distance from normal width, in percent
		aspect  styles.Aspect
	}
	var cands []cand
	for i := range fps {
		fp := &fps[i]
		ok := true
		for _, r := range need {
			if !fp.Runes.Contains(r) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		pref := len(prefer)
		for j, p := range prefer {
			if fp.Family == font.NormalizeFamily(p) {
				pref = j
				break
			}
		}
		st := int(math.Round(math.Abs(float64(fp.Aspect.Stretch)-1) * 100))
		cands = append(cands, cand{fp, pref, st, aspectOf(fp.Aspect)})
	}
	// As CSS matches fonts: width, then slant, then weight.
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		switch {
		case a.pref != b.pref:
			return a.pref < b.pref
		case a.stretch != b.stretch:
			return a.stretch < b.stretch
		case a.aspect != b.aspect:
			return want.Closer(a.aspect, b.aspect)
		case a.fp.Family != b.fp.Family:
			return a.fp.Family < b.fp.Family
		case a.fp.Location.File != b.fp.Location.File:
			return a.fp.Location.File < b.fp.Location.File
		}
		return a.fp.Location.Index < b.fp.Location.Index
	})
	for _, c := range cands {
		if f := l.load(c.fp.Location); f != nil {
			return f
		}
	}
	return nil
}

// load parses one face of a machine font file (cached; nil if it fails).
// Called with l.mu held.
func (l *FontLibrary) load(loc fontscan.Location) *font.Font {
	if f, ok := l.loaded[loc]; ok {
		return f
	}
	l.loaded[loc] = nil
	file, err := os.Open(loc.File)
	if err != nil {
		return nil
	}
	defer file.Close()
	b, err := io.ReadAll(file)
	if err != nil {
		return nil
	}
	lds, err := ot.NewLoaders(bytes.NewReader(b))
	if err != nil || int(loc.Index) >= len(lds) {
		return nil
	}
	f, err := font.NewFont(lds[loc.Index])
	if err != nil {
		return nil
	}
	l.loaded[loc] = f
	return f
}

// isCJK reports whether r is Han, kana, Hangul or Bopomofo.
func isCJK(r rune) bool {
	switch language.LookupScript(r) {
	case language.Han, language.Hiragana, language.Katakana, language.Hangul, language.Bopomofo:
		return true
	}
	return false
}

// isEmojiCluster reports whether a grapheme cluster should be drawn as a
// (colour) emoji: it asks for emoji presentation (U+FE0F),
// carries a skin-tone modifier or tag, or has a code point from the
// emoji blocks.
func isEmojiCluster(c []rune) bool {
	for _, r := range c {
		switch {
		case r == 0xFE0F, r >= 0x1F000 && r <= 0x1FAFF, r >= 0x1F3FB && r <= 0x1F3FF,
			r >= 0xE0020 && r <= 0xE007F:
			return true
		}
	}
	return false
}
