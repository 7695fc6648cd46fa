package engine

import (
	"math"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// staticFrames finds frames that show exactly what the previous frame
// showed, so that they are encoded again without being recomposed: a title
// card, text slide or still photo after its entry animation, outside any
// transition, in a style without film grain (grain changes every frame);
// and a page of paged credits between its fade in and its fade out.
type staticFrames struct {
	plan *Plan
	// settle[i] is the time into slide i after which it no longer changes
	// (+Inf when it always changes).
	settle []float64
	// creditPages is, per rendition size, how many pages compose lays the
	// credits out in (-1: rolling credits, which always move); nil when
	// the credits never hold still (no credits card, or grain).
	creditPages []int
}

// newStaticFrames works out the static frames of pl for renditions of the
// given sizes (credits are paginated per size with the render's fonts; a
// frame repeats only when it does in every rendition).
func newStaticFrames(pl *Plan, st *styles.Style, sizes [][2]int, fonts *FontLibrary) *staticFrames {
	s := &staticFrames{plan: pl, settle: make([]float64, len(pl.Slides))}
	for i, sl := range pl.Slides {
		s.settle[i] = settleTime(st, sl, pl.Seconds(sl.Frames))
		if settledText(pl, i) && st.Overlays.Grain <= 0 {
			s.settle[i] = 0 // no entrance animation after a card
		}
		if sl.Kind == CreditsSlide && st.Overlays.Grain <= 0 {
			s.creditPages = creditPages(st, pl, sizes, fonts)
		}
	}
	return s
}

// creditPages lays the credits out as compose does at each size and
// returns the page counts (-1 for rolling credits; nil if any size fails,
// which compose will report when it draws the card).
func creditPages(st *styles.Style, pl *Plan, sizes [][2]int, fonts *FontLibrary) []int {
	rows := make([][2]string, len(pl.Project.Credit))
	for i, c := range pl.Project.Credit {
		rows[i] = [2]string{c.Role, c.Name}
	}
	var out []int
	for _, sz := range sizes {
		cl, err := text.Credits(st, sz[0], sz[1], rows, &text.Env{Fonts: fonts})
		if err != nil {
			return nil
		}
		n := len(cl.Pages)
		if n == 0 {
			for _, p := range cl.Roll {
				if p.Block != nil && p.Image != nil {
					n = -1 // compose rolls only visible blocks
					break
				}
			}
		}
		out = append(out, n)
	}
	return out
}

// creditsRepeat reports whether the credits card shows the same picture
// at slide times ta and tb in every rendition.
func (s *staticFrames) creditsRepeat(slide int, ta, tb float64) bool {
	if s.creditPages == nil {
		return false
	}
	dur := s.plan.Seconds(s.plan.Slides[slide].Frames)
	for _, n := range s.creditPages {
		switch {
		case n < 0:
			return false
		case n == 0:
			continue // nothing drawn over the background
		}
		e := compose.CreditsEnter(s.plan.Style)
		ia, opA := compose.CreditsPage(ta-e, dur-e, n)
		ib, opB := compose.CreditsPage(tb-e, dur-e, n)
		if ia != ib || opA != opB {
			return false
		}
	}
	return true
}

// settleTime is the slide time after which slide sl (on screen for
// slideDur seconds) of style st no longer changes: its text has entered
// (compose.EntranceEnd) and, for photos, nothing moves; +Inf when it never
// holds still.
func settleTime(st *styles.Style, sl PlannedSlide, slideDur float64) float64 {
	never := math.Inf(1)
	if st.Overlays.Grain > 0 {
		return never
	}
	// When compose's text enters (docs/DESIGN.md, "Timing rules in compose"):
	// titles at 0.3 s, slide text at half the transition window plus 0.1 s.
	// The static-frame test guards these numbers.
	enter := 0.5*st.Transitions.Duration + 0.1
	anim := func(at float64, a styles.Animation, d float64) float64 {
		return compose.EntranceEnd(sl.Kind, a, at, d, slideDur, st.Transitions.Duration)
	}
	switch sl.Kind {
	case TitleSlide:
		return anim(0.3, st.TitleCard.Animation, st.TitleCard.AnimDuration)
	case TextSlide:
		return anim(enter+st.TextSlide.TextDelay, st.TextSlide.Animation, st.TextSlide.AnimDuration)
	case PhotoSlide:
		for _, m := range st.Motion.Moves {
			if m.Kind != styles.MotionNone && m.Amount != 0 {
				return never
			}
		}
		if sl.Asset.Data.CaptionText() == "" {
			return 0
		}
		return anim(enter, st.Caption.Animation, st.Caption.AnimDuration)
	}
	return never
}

// repeats reports whether frame f shows the same picture as frame f-1.
func (s *staticFrames) repeats(f int) bool {
	if f <= 0 || f >= s.plan.Frames {
		return false
	}
	a, b := s.plan.Scene(f-1), s.plan.Scene(f)
	if a.Next >= 0 || b.Next >= 0 || a.Current != b.Current {
		return false
	}
	if s.plan.Slides[a.Current].Kind == CreditsSlide {
		return s.creditsRepeat(a.Current, a.T, b.T)
	}
	// One frame of slack after the animation ends.
	return a.T >= s.settle[a.Current]+s.plan.Seconds(1)
}
