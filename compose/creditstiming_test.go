package compose

import (
	"fmt"
	"testing"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// TestCreditsTiming: for every style at 16:9 (letterbox kept) and 9:16,
// with a short and a long list of credits: nothing is drawn while the
// transition into the card is on (no credit over the last photo), no
// credit ever reaches the rows outside the title-safe area (so none is
// cut by a letterbox bar or the frame's edge), the last credit is on
// screen at the card's end, and a rolling crawl is at rest before it.
func TestCreditsTiming(t *testing.T) {
	t.Parallel()
	long := make([][2]string, 24)
	for i := range long {
		long[i] = [2]string{"Role", fmt.Sprintf("Person %d", i+1)}
	}
	for _, base := range styles.Builtin().List() {
		st := styleWith(t, base.MachineName, func(s *styles.Style) {
			s.Overlays = styles.Overlays{Letterbox: s.Overlays.Letterbox}
		})
		for _, sz := range [][2]int{{320, 180}, {180, 320}} {
			for _, rows := range [][][2]string{long[:3], long} {
				w, h := sz[0], sz[1]
				name := fmt.Sprintf("%s %dx%d %d rows", st.MachineName, w, h, len(rows))
				dur := 8.0
				s := &Slide{Kind: CreditsCard, Duration: dur, Credits: rows}
				r := NewRenderer(st, w, h, Options{})
				bg := int(toYUV(st.Palette.Background.R, st.Palette.Background.G, st.Palette.Background.B).Y)
				bar := r.ov.barTop
				safe := text.SafeArea(st, w, h)
				inked := func(m [][]int, y0, y1 int) bool {
					for y := max(y0, bar); y < min(y1, h-bar); y++ {
						for _, v := range m[y] {
							if absInt(v-bg) > 6 {
								return true
							}
						}
					}
					return false
				}
				frame := func(tt float64) [][]int {
					dst := newYCbCr(w, h)
					if err := r.Render(dst, Scene{Current: Shot{Slide: s, T: tt}}); err != nil {
						t.Fatal(err)
					}
					m := make([][]int, h)
					for y := range m {
						m[y] = make([]int, w)
						for x := range m[y] {
							m[y][x] = lumaAt(dst, x, y)
						}
					}
					return m
				}
				enter := CreditsEnter(st)
				if inked(frame(enter*0.95), 0, h) {
					t.Errorf("%s: credits drawn at %.2f s, inside the %.2f s transition into the card", name, enter*0.95, enter)
				}
				for tt := enter; tt <= dur; tt += 0.25 {
					m := frame(tt)
					if inked(m, 0, safe.Min.Y) || inked(m, safe.Max.Y, h) {
						t.Fatalf("%s: credit outside the title-safe rows %d..%d at %.2f s", name, safe.Min.Y, safe.Max.Y, tt)
					}
				}
				end := frame(dur)
				if !inked(end, 0, h) {
					t.Errorf("%s: nothing on screen at the card's end", name)
				}
				if st.Credits.Mode == styles.CreditsRolling {
					before := frame(dur - 0.3)
					for y := range end {
						for x := range end[y] {
							if end[y][x] != before[y][x] {
								t.Fatalf("%s: the crawl still moves in the card's last 0.3 s (row %d)", name, y)
							}
						}
					}
				}
			}
		}
	}
}
