package text

import (
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"

	"github.com/reelkit/reel/styles"
)

// faceSet is one call's view of the fallback chain: shared parsed fonts,
// with per-call faces (font.Face caches are not safe for concurrent use).
// System fonts are appended as clusters need them.
type faceSet struct {
	lib     *FontLibrary
	aspect  styles.Aspect // the style's face: machine fallbacks match it
	fonts   []*font.Font
	faces   []*font.Face
	missing []rune
	seen    map[rune]bool
	warn    WarnFunc
	emoji   map[int]bool // chain entries picked for emoji clusters
}

func newFaceSet(lib *FontLibrary, chain []*font.Font, aspect styles.Aspect, warn WarnFunc) *faceSet {
	return &faceSet{lib: lib, aspect: aspect, fonts: chain, faces: make([]*font.Face, len(chain)), seen: map[rune]bool{}, warn: warn, emoji: map[int]bool{}}
}

// face returns the per-call face of chain entry i.
func (fs *faceSet) face(i int) *font.Face {
	if fs.faces[i] == nil {
		fs.faces[i] = font.NewFace(fs.fonts[i])
	}
	return fs.faces[i]
}

// covers reports whether font i has every significant rune of g.
func (fs *faceSet) covers(i int, g []rune) bool {
	f := fs.face(i)
	any := false
	for _, r := range g {
		if ignorable(r) {
			continue
		}
		any = true
		if _, ok := f.NominalGlyph(r); !ok {
			return false
		}
	}
	return any
}

// index returns the chain index of f, appending it if new.
func (fs *faceSet) index(f *font.Font) int {
	for i, x := range fs.fonts {
		if x == f {
			return i
		}
	}
	fs.fonts = append(fs.fonts, f)
	fs.faces = append(fs.faces, nil)
	return len(fs.fonts) - 1
}

// resolve picks the font for grapheme cluster g (see FontLibrary for the
// order). An emoji cluster comes from the machine's colour emoji font when
// there is one. A cluster of script Common or Inherited only (digits,
// punctuation, spaces, marks, joiners) is drawn in the style's own face
// when it has them, as a browser does, so digits after Arabic words match
// the Latin text around them; else it stays in the previous cluster's
// font when that has them (unless that is an emoji font, whose spaces are
// emoji-wide), so runs are not split needlessly. It returns -1, and
// reports the missing runes, when no font has g.
func (fs *faceSet) resolve(g []rune, hint language.Script, prev int) int {
	// Emoji first: "❤️" is Common too, and text faces have a plain ❤.
	if isEmojiCluster(g) {
		if f := fs.lib.systemFont(g, styles.Aspect{Weight: 400}, hint); f != nil {
			i := fs.index(f)
			fs.emoji[i] = true
			return i
		}
	}
	if weak(g) {
		if fs.covers(0, g) {
			return 0
		}
		if prev >= 0 && !fs.emoji[prev] && (fs.covers(prev, g) || allIgnorable(g)) {
			return prev
		}
	}
	for i := range fs.fonts {
		if fs.covers(i, g) {
			return i
		}
	}
	if allIgnorable(g) {
		return max(prev, 0)
	}
	if f := fs.lib.systemFont(g, fs.aspect, hint); f != nil {
		return fs.index(f)
	}
	// A single font for the base at least, marks shown as boxes.
	for _, r := range g {
		if ignorable(r) {
			continue
		}
		if fs.seen[r] {
			continue
		}
		ok := false
		for i := range fs.fonts {
			if _, has := fs.face(i).NominalGlyph(r); has {
				ok = true
				break
			}
		}
		if !ok {
			fs.seen[r] = true
			fs.missing = append(fs.missing, r)
			if fs.warn != nil {
				fs.warn(r)
			}
		}
	}
	return -1
}

// weak reports whether g has no character of a real script (spaces,
// punctuation, digits, marks).
func weak(g []rune) bool {
	for _, r := range g {
		switch language.LookupScript(r) {
		case language.Common, language.Inherited, language.Unknown:
		default:
			return false
		}
	}
	return true
}

func allIgnorable(g []rune) bool {
	for _, r := range g {
		if !ignorable(r) {
			return false
		}
	}
	return true
}
