package bidi

import (
	"sort"

	xbidi "golang.org/x/text/unicode/bidi"
)

// bracket is a character's role in rule N0: 0 for none, else the opening
// bracket of its pair (canonical equivalents unified) and whether it
// opens.
type bracket struct {
	pair rune
	open bool
}

// maxBracketDepth is BD16's stack size: deeper nesting stops pairing.
const maxBracketDepth = 63

// bracketOf identifies bracket r (Bidi_Paired_Bracket_Type open or close).
func bracketOf(r rune, open bool) bracket {
	if !open {
		// ReverseString swaps a bracket for its Bidi_Paired_Bracket.
		if rs := []rune(xbidi.ReverseString(string(r))); len(rs) == 1 {
			r = rs[0]
		}
	}
	switch r { // U+2329 and U+232A are canonically U+3008 and U+3009
	case 0x2329:
		r = 0x3008
	case 0x232A:
		r = 0x3009
	}
	return bracket{pair: r, open: open}
}

// resolveBrackets applies rule N0: paired brackets take the direction of
// what they enclose (BD14–BD16).
func (s *sequence) resolveBrackets() {
	if s.p.br == nil {
		return
	}
	type pair struct{ open, close int } // positions in the sequence
	var (
		pairs []pair
		stack []int
	)
scan:
	for k, i := range s.idx {
		b := s.p.br[i]
		if b.pair == 0 || s.types[k] != xbidi.ON {
			continue
		}
		if b.open {
			if len(stack) == maxBracketDepth {
				break scan
			}
			stack = append(stack, k)
			continue
		}
		for d := len(stack) - 1; d >= 0; d-- {
			if s.p.br[s.idx[stack[d]]].pair == b.pair {
				pairs = append(pairs, pair{stack[d], k})
				stack = stack[:d]
				break
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a].open < pairs[b].open })
	e := dirOf(s.level)
	for _, pr := range pairs {
		var found xbidi.Class = xbidi.ON // ON: nothing strong inside
		for k := pr.open + 1; k < pr.close; k++ {
			d := strong(s.types[k])
			if d == e {
				found = e
				break
			}
			if d != xbidi.ON {
				found = d
			}
		}
		switch {
		case found == xbidi.ON:
			continue
		case found != e:
			ctx := s.sos
			for k := pr.open - 1; k >= 0; k-- {
				if d := strong(s.types[k]); d != xbidi.ON {
					ctx = d
					break
				}
			}
			if ctx != found {
				found = e
			}
		}
		s.setBracket(pr.open, found)
		s.setBracket(pr.close, found)
	}
}

// setBracket gives the bracket at k type d, and so the non-spacing marks
// right after it.
func (s *sequence) setBracket(k int, d xbidi.Class) {
	s.types[k] = d
	for k++; k < len(s.idx) && s.p.cls[s.idx[k]] == xbidi.NSM; k++ {
		s.types[k] = d
	}
}
