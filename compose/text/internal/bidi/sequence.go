package bidi

import xbidi "golang.org/x/text/unicode/bidi"

// sequence is an isolating run sequence (BD13): the characters the
// resolution rules see together, with X9's removed characters left out.
type sequence struct {
	p        *para
	idx      []int         // positions in the paragraph
	types    []xbidi.Class // current types, parallel to idx
	level    Level
	sos, eos xbidi.Class
}

// sequences splits the paragraph into level runs (BD7) without the
// characters removed by X9 and chains them into isolating run sequences
// (rule X10), with their sos and eos.
func (p *para) sequences() []*sequence {
	var runs [][]int
	for i, c := range p.cls {
		if removed(c) {
			continue
		}
		if n := len(runs); n > 0 && p.levels[runs[n-1][len(runs[n-1])-1]] == p.levels[i] {
			runs[n-1] = append(runs[n-1], i)
			continue
		}
		runs = append(runs, []int{i})
	}
	runOf := map[int]int{} // first index of a run -> run number
	for k, r := range runs {
		runOf[r[0]] = k
	}
	var out []*sequence
	for _, r := range runs {
		if first := r[0]; p.cls[first] == xbidi.PDI && p.matchInit[first] >= 0 {
			continue // continues the sequence of its initiator
		}
		idx := append([]int(nil), r...)
		for {
			last := idx[len(idx)-1]
			if !isolateInitiator(p.cls[last]) || p.matchPDI[last] >= len(p.cls) {
				break
			}
			k, ok := runOf[p.matchPDI[last]]
			if !ok {
				break
			}
			idx = append(idx, runs[k]...)
		}
		out = append(out, p.newSequence(idx))
	}
	return out
}

func (p *para) newSequence(idx []int) *sequence {
	s := &sequence{p: p, idx: idx, level: p.levels[idx[0]]}
	s.types = make([]xbidi.Class, len(idx))
	for k, i := range idx {
		s.types[k] = p.types[i]
	}
	prev := p.base
	for i := idx[0] - 1; i >= 0; i-- {
		if !removed(p.cls[i]) {
			prev = p.levels[i]
			break
		}
	}
	s.sos = dirOf(max(prev, s.level))
	next := p.base
	if last := idx[len(idx)-1]; !isolateInitiator(p.cls[last]) {
		for i := last + 1; i < len(p.cls); i++ {
			if !removed(p.cls[i]) {
				next = p.levels[i]
				break
			}
		}
	}
	s.eos = dirOf(max(next, s.level))
	return s
}

// strong is the direction t counts as for rules N0–N2: L, or R for R,
// AL and numbers; ON for anything else.
func strong(t xbidi.Class) xbidi.Class {
	switch t {
	case xbidi.L:
		return xbidi.L
	case xbidi.R, xbidi.AL, xbidi.EN, xbidi.AN:
		return xbidi.R
	}
	return xbidi.ON
}
