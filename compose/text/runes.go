package text

import (
	"strings"
	"unicode"
)

// maxRunes bounds the non-space runes a block considers: no caption or
// slide can show more, and it keeps layout time bounded for any input.
const maxRunes = 2000

// normalise splits s into paragraphs of words joined by single spaces. It
// maps CR, CRLF, U+2028 and U+2029 to line breaks, every other space to
// one space, drops control and format characters (but keeps joiners, bidi
// controls, variation selectors and tags, which shaping needs), trims and
// collapses spaces and blank lines. cut reports that the input was longer
// than maxRunes.
func normalise(s string, upper bool) (paras [][]rune, cut bool) {
	ws, cut := words(s, upper)
	for _, p := range ws {
		var para []rune
		for i, w := range p {
			if i > 0 {
				para = append(para, ' ')
			}
			para = append(para, w...)
		}
		paras = append(paras, para)
	}
	return paras, cut
}

// words is normalise's paragraphs as lists of words.
func words(s string, upper bool) (paras [][][]rune, cut bool) {
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
		if allIgnorable(word) {
			word = nil // joiners or controls alone draw nothing
		}
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
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && !ignorable(r):
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
