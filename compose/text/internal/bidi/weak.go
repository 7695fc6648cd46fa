package bidi

import xbidi "golang.org/x/text/unicode/bidi"

// resolveWeak applies rules W1–W7 to the sequence's types.
func (s *sequence) resolveWeak() {
	t := s.types
	// W1: a non-spacing mark takes the type before it (ON after an
	// isolate initiator or PDI, sos at the start).
	for k := range t {
		if t[k] != xbidi.NSM {
			continue
		}
		switch {
		case k == 0:
			t[k] = s.sos
		case isolateInitiator(t[k-1]) || t[k-1] == xbidi.PDI:
			t[k] = xbidi.ON
		default:
			t[k] = t[k-1]
		}
	}
	// W2: a European number after Arabic letters is an Arabic number.
	// W3: Arabic letters are R.
	last := s.sos
	for k := range t {
		switch t[k] {
		case xbidi.L, xbidi.R, xbidi.AL:
			last = t[k]
		case xbidi.EN:
			if last == xbidi.AL {
				t[k] = xbidi.AN
			}
		}
	}
	for k := range t {
		if t[k] == xbidi.AL {
			t[k] = xbidi.R
		}
	}
	// W4: one separator between two numbers of the same kind joins them.
	for k := 1; k+1 < len(t); k++ {
		switch {
		case t[k] == xbidi.ES && t[k-1] == xbidi.EN && t[k+1] == xbidi.EN:
			t[k] = xbidi.EN
		case t[k] == xbidi.CS && t[k-1] == xbidi.EN && t[k+1] == xbidi.EN:
			t[k] = xbidi.EN
		case t[k] == xbidi.CS && t[k-1] == xbidi.AN && t[k+1] == xbidi.AN:
			t[k] = xbidi.AN
		}
	}
	// W5: terminators next to a European number are European numbers.
	for k := 0; k < len(t); {
		if t[k] != xbidi.ET {
			k++
			continue
		}
		j := k
		for j < len(t) && t[j] == xbidi.ET {
			j++
		}
		if (k > 0 && t[k-1] == xbidi.EN) || (j < len(t) && t[j] == xbidi.EN) {
			for m := k; m < j; m++ {
				t[m] = xbidi.EN
			}
		}
		k = j
	}
	// W6: other separators and terminators are neutral.
	for k := range t {
		switch t[k] {
		case xbidi.ES, xbidi.ET, xbidi.CS:
			t[k] = xbidi.ON
		}
	}
	// W7: a European number in left-to-right context is L.
	last = s.sos
	for k := range t {
		switch t[k] {
		case xbidi.L, xbidi.R:
			last = t[k]
		case xbidi.EN:
			if last == xbidi.L {
				t[k] = xbidi.L
			}
		}
	}
}
