package text

import (
	"strings"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// maxRunes bounds the non-space runes a block considers: no caption or
// slide can show more, and it keeps layout time bounded for any input.
const maxRunes = 2000

// normalise splits s into paragraphs of words (each a rune slice). It maps
// CR, CRLF, U+2028 and U+2029 to line breaks, every other space to one
// space, drops control and format characters, trims and collapses spaces
// and blank lines. cut reports that the input was longer than maxRunes.
func normalise(s string, upper bool) (paras [][][]rune, cut bool) {
	if upper {
		s = strings.ToUpper(s)
	}
	var (
		para  [][]rune
		word  []rune
		count int
		blank int // consecutive blank paragraphs pending
	)
	endWord := func() {
		if len(word) > 0 {
			para = append(para, word)
			word = nil
		}
	}
	endPara := func() {
		endWord()
		if len(para) == 0 {
			blank++
			return
		}
		if len(paras) > 0 && blank > 0 {
			paras = append(paras, nil) // keep one blank line between paragraphs
		}
		blank = 0
		paras = append(paras, para)
		para = nil
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\r':
			if i+1 < len(rs) && rs[i+1] == '\n' {
				i++
			}
			endPara()
		case r == '\n' || r == '\u2028' || r == '\u2029':
			endPara()
		case unicode.IsSpace(r):
			endWord()
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// invisible: drop
		default:
			if count == maxRunes {
				endPara()
				return paras, true
			}
			count++
			word = append(word, r)
		}
	}
	endPara()
	return paras, false
}

// glyphRef is a rune resolved to a font of the chain (font < 0: the hollow
// replacement box).
type glyphRef struct {
	font int
	idx  sfnt.GlyphIndex
	r    rune
}

// resolver maps runes to the first font of the chain that has them and
// records the runes none has.
type resolver struct {
	chain   []*sfnt.Font
	buf     *sfnt.Buffer
	cache   map[rune]glyphRef
	missing []rune
	warn    WarnFunc
}

func (rv *resolver) resolve(r rune) glyphRef {
	if g, ok := rv.cache[r]; ok {
		return g
	}
	g := glyphRef{font: -1, r: r}
	for i, f := range rv.chain {
		if x, err := f.GlyphIndex(rv.buf, r); err == nil && x != 0 {
			g = glyphRef{font: i, idx: x, r: r}
			break
		}
	}
	if g.font < 0 {
		rv.missing = append(rv.missing, r)
		if rv.warn != nil {
			rv.warn(r)
		}
	}
	rv.cache[r] = g
	return g
}

func (rv *resolver) word(w []rune) []glyphRef {
	out := make([]glyphRef, len(w))
	for i, r := range w {
		out[i] = rv.resolve(r)
	}
	return out
}
