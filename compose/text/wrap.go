package text

import "github.com/go-text/typesetting/language"

// wrap breaks the paragraphs into lines no wider than wEm (em units) at
// UAX #14 break opportunities only, so a word is never split. A segment
// (a word and what may not be separated from it) wider than a line makes
// split true; it then stands alone on an over-wide line, unless
// splitWords is set: then it is split between clusters, each piece but
// the last ending with a hyphen (no hyphen in scripts written without
// spaces, such as Thai or CJK, which break between characters anyway).
func (ss *session) wrap(wEm float64, splitWords bool) (lines []wrapped, split bool) {
	var out []wrapped
	for _, p := range ss.paras {
		cs := p.clusters
		a, full := 0, 0.0 // current line: cs[a:i], its width with trailing spaces
		for i := 0; i < len(cs); {
			// the next segment cs[i:j]: up to the next break opportunity
			j := i + 1
			for j < len(cs) && !cs[j].breakBefore {
				j++
			}
			segFull, segW := extent(cs[i:j])
			if i > a && full+segW <= wEm {
				full += segFull
				i = j
				continue
			}
			if i > a {
				out = append(out, ss.line(cs[a:i:i], p.rtl))
				a, full = i, 0
			}
			if segW > wEm {
				split = true
			}
			// a segment wider than the line is split between clusters
			for splitWords && segW > wEm && j-a > 1 {
				hy := ss.hyphenFor(cs[a])
				k := a + fitClusters(cs[a:j], wEm-width(hy))
				if k >= j {
					break
				}
				l := ss.line(cs[a:k:k], p.rtl)
				if len(hy) > 0 {
					l = l.withHyphen(hy)
				}
				out = append(out, l)
				a = k
				segFull, segW = extent(cs[a:j])
			}
			full = segFull
			i = j
		}
		out = append(out, ss.line(cs[a:len(cs):len(cs)], p.rtl)) // an empty paragraph is a blank line
	}
	return out, split
}

// extent is the pen width of a segment with its trailing spaces (full)
// and without them (w), in em units.
func extent(cs []cluster) (full, w float64) {
	for _, c := range cs {
		full += c.adv
		if !c.space {
			w = full
		}
	}
	return full, w
}

// hyphenFor returns the hyphen to end a piece of a split word that starts
// with c, or nil for scripts that break words without one.
func (ss *session) hyphenFor(c cluster) []cluster {
	switch language.LookupScript(c.text[0]) {
	case language.Han, language.Hiragana, language.Katakana, language.Hangul, language.Bopomofo,
		language.Thai, language.Lao, language.Khmer, language.Myanmar:
		return nil
	}
	return ss.hyphen
}

// withHyphen appends the hyphen clusters hy to l, at the level of l's last
// cluster (so it ends the word in its reading direction).
func (l wrapped) withHyphen(hy []cluster) wrapped {
	lvl := l.base()
	if n := len(l.cs); n > 0 {
		lvl = l.cs[n-1].level
	}
	cs := append([]cluster(nil), l.cs...)
	for _, h := range hy {
		h.level = lvl
		cs = append(cs, h)
	}
	return wrapped{cs: cs, w: width(cs), rtl: l.rtl, hyphen: true}
}

// line makes a line of cs, trailing spaces dropped.
func (ss *session) line(cs []cluster, rtl bool) wrapped {
	cs = trimSpace(cs)
	return wrapped{cs: cs, w: width(cs), rtl: rtl}
}

// trimSpace drops trailing whitespace clusters.
func trimSpace(cs []cluster) []cluster {
	for len(cs) > 0 && cs[len(cs)-1].space {
		cs = cs[:len(cs)-1]
	}
	return cs
}

// width is the pen advance of clusters in em units.
func width(cs []cluster) float64 {
	w := 0.0
	for _, c := range cs {
		w += c.adv
	}
	return w
}

// balance narrows the wrap width as far as it can without adding a line
// or splitting a word, so that wrapped lines come out of similar length
// (no lone last word).
func (ss *session) balance(lines []wrapped, wEm float64) []wrapped {
	if len(lines) < 2 {
		return lines
	}
	lo, hi := 0.0, wEm
	best := lines
	for i := 0; i < 12; i++ {
		mid := (lo + hi) / 2
		if l, split := ss.wrap(mid, false); len(l) == len(lines) && !split {
			hi, best = mid, l
		} else {
			lo = mid
		}
	}
	return best
}

// fitClusters is how many leading clusters of cs fit in wEm (at least 1).
func fitClusters(cs []cluster, wEm float64) int {
	x := 0.0
	for i, c := range cs {
		x += c.adv
		if x > wEm && !c.space {
			return max(i, 1)
		}
	}
	return len(cs)
}
