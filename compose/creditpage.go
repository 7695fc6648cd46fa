package compose

import (
	"math"

	"github.com/reelkit/reel/styles"
)

// creditsPageFade is how long a credits page takes to fade in and out.
const creditsPageFade = 0.4

// CreditsPage reports which of n credit pages a credits card of dur
// seconds shows t seconds after it begins, and that page's opacity before
// easing. Pages share the card's time equally; a page lasting more than
// three fades fades in and (unless it is the last) out over 0.4 s, and is
// fully opaque in between, so frames there repeat exactly. Before the
// card's time starts (t < 0) no page shows (opacity 0).
func CreditsPage(t, dur float64, n int) (page int, opacity float64) {
	if n <= 0 || t < 0 {
		return 0, 0
	}
	pd := dur / float64(n)
	if pd > 0 {
		page = min(n-1, max(0, int(t/pd)))
	}
	lt := t - float64(page)*pd
	opacity = 1
	if pd > 3*creditsPageFade {
		opacity = math.Min(1, lt/creditsPageFade)
		if page < n-1 {
			opacity = math.Min(opacity, (pd-lt)/creditsPageFade)
		}
	}
	return page, opacity
}

// CreditsEnter is when a credits card's text appears, in seconds after
// the card begins: once the style's transition into the card is over, so
// no credit is drawn over the last photo as it leaves. Paged credits
// share the card's time after it (see CreditsPage, called with t and dur
// less CreditsEnter); rolling credits start rolling then.
func CreditsEnter(st *styles.Style) float64 {
	return math.Max(0, st.Transitions.Duration)
}

// creditsRollFade is the height, as a fraction of the frame's height,
// over which a rolling credit fades in at the bottom of the title-safe
// area and out at its top; creditsRollStop the share of the roll's time
// over which it slows to a stop.
const (
	creditsRollFade = 0.08
	creditsRollStop = 0.15
)

// creditsRollHold is the share of the card's rolling time (at most
// creditsRollHoldMax seconds) the roll stands still at its end.
const (
	creditsRollHold    = 0.2
	creditsRollHoldMax = 2.0
)

// creditsRollTop is the y of the top of a roll rollH pixels tall at t
// seconds into a credits card of dur seconds whose text enters at enter,
// rolling up through the title-safe rows [y0, y1): from just below y1
// (t <= enter) up to its end position, which it reaches, slowing to a
// stop, before the card's last creditsRollHold of time (so the crawl has
// finished before the video does): the whole roll centred when it fits,
// else its last row (centred at lastMid from the roll's top) centred.
func creditsRollTop(t, dur, enter float64, rollH, lastMid, y0, y1 int) float64 {
	end := float64(y0+y1)/2 - float64(lastMid)
	if rollH <= y1-y0 {
		end = float64(y0) + float64(y1-y0-rollH)/2
	}
	run := dur - enter
	run -= math.Min(creditsRollHoldMax, creditsRollHold*run)
	p := 1.0
	if run > 0 {
		p = math.Min(1, math.Max(0, (t-enter)/run))
	}
	const q = creditsRollStop
	s := p / (1 - q/2)
	if p > 1-q {
		u := p - (1 - q)
		s = (1 - q + u - u*u/(2*q)) / (1 - q/2)
	}
	return float64(y1) + (end-float64(y1))*s
}

// creditsRollOpacity is the opacity (0..1) of a rolling credit spanning
// rows [top, bottom): 1 inside the title-safe rows [y0, y1), fading to 0
// over band rows at both ends, 0 once any of it leaves them (so no
// credit is ever cut by a letterbox bar or the frame's edge).
func creditsRollOpacity(top, bottom, y0, y1 int, band float64) float64 {
	if top < y0 || bottom > y1 {
		return 0
	}
	if band <= 0 {
		return 1
	}
	return math.Min(1, math.Min(float64(top-y0), float64(y1-bottom))/band)
}
