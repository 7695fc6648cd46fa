package compose

import (
	"math"

	"github.com/reelkit/reel/styles"
)

// How long a text that appears piece by piece (typewriter, words) stays
// whole and readable before its slide starts to leave.
const (
	// typewriterHold holds a typewriter text.
	typewriterHold = 1.5
	// wordsHold holds a word-by-word text.
	wordsHold = 0.6
	// titleHold holds the title card's text whatever its animation (the
	// engine's beat sync keeps the same hold).
	titleHold = 2.0
)

// textDeadline is the latest slide time at which a text of a slide of
// kind k, entering with animation a, may still be appearing, when the
// slide is readable until readable seconds (its outgoing transition's
// start): the animation's hold before that.
func textDeadline(k SlideKind, a styles.Animation, readable float64) float64 {
	hold := 0.0
	switch a {
	case styles.AnimTypewriter:
		hold = typewriterHold
	case styles.AnimWords:
		hold = wordsHold
	default:
		return readable
	}
	if k == TitleCard {
		hold = max(hold, titleHold)
	}
	return readable - hold
}

// EntranceEnd is the slide time after which a text entering at start
// with animation a and the style's AnimDuration dur no longer changes, on
// a slide of kind k lasting slideDur seconds with an outgoing transition
// window of transition seconds. It is exact for fades, slides and the
// typewriter, and an upper bound for words (whose pace depends on the
// text and the beats): the engine uses it to find frames that repeat.
func EntranceEnd(k SlideKind, a styles.Animation, start, dur, slideDur, transition float64) float64 {
	readable := slideDur - math.Max(0, transition)
	switch a {
	case styles.AnimNone, "":
		return start
	case styles.AnimTypewriter:
		return start + max(0, min(dur, textDeadline(k, a, readable)-start))
	case styles.AnimWords:
		return max(start, textDeadline(k, a, readable)) + wordPop
	}
	return start + dur
}
