package compose

import "math"

// creditsPageFade is how long a credits page takes to fade in and out.
const creditsPageFade = 0.4

// CreditsPage reports which of n credit pages a credits card of dur
// seconds shows t seconds after it begins, and that page's opacity before
// easing. Pages share the card's time equally; a page lasting more than
// three fades fades in and (unless it is the last) out over 0.4 s, and is
// fully opaque in between, so frames there repeat exactly.
func CreditsPage(t, dur float64, n int) (page int, opacity float64) {
	if n <= 0 {
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
