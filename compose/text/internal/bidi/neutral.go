package bidi

import xbidi "golang.org/x/text/unicode/bidi"

// neutralOrIsolate reports the types rules N1 and N2 resolve.
func neutralOrIsolate(t xbidi.Class) bool {
	switch t {
	case xbidi.B, xbidi.S, xbidi.WS, xbidi.ON, xbidi.LRI, xbidi.RLI, xbidi.FSI, xbidi.PDI:
		return true
	}
	return false
}

// resolveNeutral applies rules N1 and N2: a run of neutrals between text
// of one direction takes it (numbers count as R); any other takes the
// embedding direction.
func (s *sequence) resolveNeutral() {
	t := s.types
	e := dirOf(s.level)
	for k := 0; k < len(t); {
		if !neutralOrIsolate(t[k]) {
			k++
			continue
		}
		j := k
		for j < len(t) && neutralOrIsolate(t[j]) {
			j++
		}
		before, after := s.sos, s.eos
		if k > 0 {
			before = strong(t[k-1])
		}
		if j < len(t) {
			after = strong(t[j])
		}
		d := e
		if before == after && before != xbidi.ON {
			d = before
		}
		for m := k; m < j; m++ {
			t[m] = d
		}
		k = j
	}
}

// resolveImplicit applies rules I1 and I2 and writes the levels back.
func (s *sequence) resolveImplicit() {
	for k, i := range s.idx {
		l := s.level
		switch t := s.types[k]; {
		case !l.RTL() && t == xbidi.R:
			l++
		case !l.RTL() && (t == xbidi.AN || t == xbidi.EN):
			l += 2
		case l.RTL() && (t == xbidi.L || t == xbidi.AN || t == xbidi.EN):
			l++
		}
		s.p.levels[i] = l
	}
}
