package engine

import (
	"sort"

	"github.com/reelkit/reel/compose"
)

// composeSlides turns the plan's slides into compose's slide descriptions
// (photos and clips are attached later by the photo loader).
func composeSlides(pl *Plan) []*compose.Slide {
	out := make([]*compose.Slide, len(pl.Slides))
	for i, s := range pl.Slides {
		cs := &compose.Slide{Kind: s.Kind, Index: s.Index, Duration: pl.Seconds(s.Frames)}
		switch s.Kind {
		case TitleSlide:
			cs.Title = pl.Project.Name
		case PhotoSlide, VideoSlide:
			cs.Caption = s.Asset.Data.CaptionText()
			cs.Transition = s.Asset.Data.Transition
			cs.TextPosition = s.Asset.Data.TextPosition
		case TextSlide:
			cs.Title = s.Asset.Data.Title
			cs.Text = s.Asset.Data.Text
			cs.Transition = s.Asset.Data.Transition
		case CreditsSlide:
			for _, c := range pl.Project.Credit {
				cs.Credits = append(cs.Credits, [2]string{c.Role, c.Name})
			}
		}
		cs.Settled = settledText(pl, i)
		cs.Beats = slideBeats(pl, s)
		out[i] = cs
	}
	return out
}

// slideBeats are the plan's beats while slide s shows, in seconds since
// it began; nil when the plan has none.
func slideBeats(pl *Plan, s PlannedSlide) []float64 {
	t0, t1 := pl.Seconds(s.StartFrame), pl.Seconds(s.EndFrame())
	i := sort.SearchFloat64s(pl.Beats, t0)
	var out []float64
	for ; i < len(pl.Beats) && pl.Beats[i] < t1; i++ {
		out = append(out, pl.Beats[i]-t0)
	}
	return out
}

// settledText reports whether slide i is a text slide that follows a
// card (title card or text slide) and has no transition of its own:
// compose dissolves the two cards' text into each other, so its text
// shows whole from its first frame.
func settledText(pl *Plan, i int) bool {
	return i > 0 && pl.Slides[i].Kind == TextSlide && pl.Slides[i].Asset.Data.Transition == "" &&
		(pl.Slides[i-1].Kind == TitleSlide || pl.Slides[i-1].Kind == TextSlide)
}

// composeScene turns a planned scene into compose's.
func composeScene(sc SceneAt, slides []*compose.Slide) compose.Scene {
	s := compose.Scene{Current: compose.Shot{Slide: slides[sc.Current], T: sc.T}}
	if sc.Next >= 0 {
		s.Next = &compose.Shot{Slide: slides[sc.Next], T: sc.NextT}
		s.Mix = sc.Mix
	}
	return s
}
