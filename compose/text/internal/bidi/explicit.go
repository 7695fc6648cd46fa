package bidi

import xbidi "golang.org/x/text/unicode/bidi"

// status is an entry of the directional status stack (rules X1–X8).
type status struct {
	level    Level
	override xbidi.Class // ON (neutral), L or R
	isolate  bool
}

// explicit applies rules X1–X8: explicit embedding levels and override
// types for every character.
func (p *para) explicit() {
	stack := make([]status, 1, 8)
	stack[0] = status{level: p.base, override: xbidi.ON}
	overflowIsolates, overflowEmbeddings, validIsolates := 0, 0, 0
	last := func() *status { return &stack[len(stack)-1] }
	// next returns the least level above the current one with the parity
	// of rtl.
	next := func(rtl bool) Level {
		l := last().level + 1
		if l.RTL() != rtl {
			l++
		}
		return l
	}
	for i, c := range p.cls {
		switch c {
		case xbidi.RLE, xbidi.LRE, xbidi.RLO, xbidi.LRO: // X2–X5
			p.levels[i] = last().level
			l := next(c == xbidi.RLE || c == xbidi.RLO)
			if l <= maxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				o := xbidi.ON
				switch c {
				case xbidi.RLO:
					o = xbidi.R
				case xbidi.LRO:
					o = xbidi.L
				}
				stack = append(stack, status{level: l, override: o})
			} else if overflowIsolates == 0 {
				overflowEmbeddings++
			}
		case xbidi.RLI, xbidi.LRI, xbidi.FSI: // X5a–X5c
			p.levels[i] = last().level
			if o := last().override; o != xbidi.ON {
				p.types[i] = o
			}
			rtl := c == xbidi.RLI
			if c == xbidi.FSI {
				rtl = p.firstStrong(i+1, p.matchPDI[i], 0) == 1
			}
			l := next(rtl)
			if l <= maxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				validIsolates++
				stack = append(stack, status{level: l, override: xbidi.ON, isolate: true})
			} else {
				overflowIsolates++
			}
		case xbidi.PDI: // X6a
			switch {
			case overflowIsolates > 0:
				overflowIsolates--
			case validIsolates == 0:
			default:
				overflowEmbeddings = 0
				for !last().isolate {
					stack = stack[:len(stack)-1]
				}
				stack = stack[:len(stack)-1]
				validIsolates--
			}
			p.levels[i] = last().level
			if o := last().override; o != xbidi.ON {
				p.types[i] = o
			}
		case xbidi.PDF: // X7
			switch {
			case overflowIsolates > 0:
			case overflowEmbeddings > 0:
				overflowEmbeddings--
			case !last().isolate && len(stack) >= 2:
				stack = stack[:len(stack)-1]
			}
			p.levels[i] = last().level
		case xbidi.B: // X8: a paragraph separator ends everything
			stack = stack[:1]
			overflowIsolates, overflowEmbeddings, validIsolates = 0, 0, 0
			p.levels[i] = p.base
		case xbidi.BN: // removed by X9; level for display only
			p.levels[i] = last().level
		default: // X6
			p.levels[i] = last().level
			if o := last().override; o != xbidi.ON {
				p.types[i] = o
			}
		}
	}
}
