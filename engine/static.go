package engine

import (
	"math"

	"github.com/reelkit/reel/styles"
)

// staticFrames finds frames that show exactly what the previous frame
// showed, so that they are encoded again without being recomposed: a title
// card, text slide or still photo after its entry animation, outside any
// transition, in a style without film grain (grain changes every frame).
type staticFrames struct {
	plan *Plan
	// settle[i] is the time into slide i after which it no longer changes
	// (+Inf when it always changes).
	settle []float64
}

func newStaticFrames(pl *Plan, st *styles.Style) *staticFrames {
	s := &staticFrames{plan: pl, settle: make([]float64, len(pl.Slides))}
	for i, sl := range pl.Slides {
		s.settle[i] = settleTime(st, sl)
	}
	return s
}

func settleTime(st *styles.Style, sl PlannedSlide) float64 {
	never := math.Inf(1)
	if st.Overlays.Grain > 0 {
		return never
	}
	// When compose's text enters (docs/DESIGN.md, compose timing rules):
	// titles at 0.3 s, slide text at half the transition window plus 0.1 s.
	// The static-frame test guards these numbers.
	enter := 0.5*st.Transitions.Duration + 0.1
	anim := func(at float64, a styles.Animation, d float64) float64 {
		if a == styles.AnimNone {
			return at
		}
		return at + d
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
	// One frame of slack after the animation ends.
	return a.T >= s.settle[a.Current]+s.plan.Seconds(1)
}
