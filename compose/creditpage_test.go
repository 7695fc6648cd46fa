package compose

import "testing"

func TestCreditsPage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		t, dur  float64
		n       int
		page    int
		opacity float64
	}{
		{0, 6, 2, 0, 0},     // first page fading in
		{0.2, 6, 2, 0, 0.5}, // half way in
		{1.5, 6, 2, 0, 1},   // settled: frames repeat here
		{2.8, 6, 2, 0, 0.5}, // fading out before page 2
		{3.2, 6, 2, 1, 0.5}, // page 2 fading in
		{5.99, 6, 2, 1, 1},  // the last page does not fade out
		{9, 6, 2, 1, 1},     // past the end: still the last page
		{0.1, 1, 1, 0, 1},   // too short to fade
		{1, 6, 0, 0, 0},     // no pages
		{-0.1, 1, 1, 0, 0},  // before the credits' time: nothing
	} {
		page, op := CreditsPage(tc.t, tc.dur, tc.n)
		if page != tc.page || op < tc.opacity-1e-9 || op > tc.opacity+1e-9 {
			t.Errorf("CreditsPage(%v, %v, %d) = %d, %v; want %d, %v", tc.t, tc.dur, tc.n, page, op, tc.page, tc.opacity)
		}
	}
}
