package engine

import (
	"math"
	"time"

	"github.com/reelkit/reel/styles"
)

// plan lays a validated project out on the timeline (see the package
// documentation's timing rules).
// clips gives each video asset's timing by asset index.
func plan(p *Project, st *styles.Style, top rendition, fps Rational, clips map[int]*ClipTiming) *Plan {
	pl := &Plan{Project: p, Style: st, Quality: top.q, Size: top.size, FrameRate: fps}
	add := func(k SlideKind, a *Asset, ai int, sec float64) {
		pl.Slides = append(pl.Slides, PlannedSlide{Kind: k, Index: len(pl.Slides), Asset: a, AssetIndex: ai, Frames: max(1, toFrames(sec, fps))})
	}
	add(TitleSlide, nil, -1, st.TitleCard.Duration)
	// desired[i] is the frame of the video (the one time origin of every
	// start_time, slides and music alike: frame 0, the title card's first)
	// where slide i asks to start, or -1.
	desired := []int{-1}
	for i := range p.Assets {
		a := &p.Assets[i]
		var k SlideKind
		switch a.Kind {
		case KindImage:
			k = PhotoSlide
		case KindText:
			k = TextSlide
		case KindVideo:
			k = VideoSlide
		default:
			continue
		}
		d := st.SlideDuration
		ct := clips[i]
		if n := ct.lengthOrZero(); n > 0 {
			d = n.Seconds() // a clip lasts its played part
		}
		if a.End > a.Start {
			d = secondsOf(a.End) - secondsOf(a.Start)
		}
		add(k, a, i, d)
		pl.Slides[len(pl.Slides)-1].Clip = ct
		want := -1
		if a.Start > 0 {
			want = toFrames(secondsOf(a.Start), fps)
		}
		desired = append(desired, want)
	}
	if len(p.Credit) > 0 {
		add(CreditsSlide, nil, -1, creditsDuration(st, top.size, len(p.Credit)))
		desired = append(desired, -1)
	}

	// Place the slides one after the other, overlapping by the transition
	// window; hold the previous slide longer when a slide asks to start
	// later than it naturally would.
	xf := toFrames(st.Transitions.Duration, fps)
	pl.Transitions = make([]Window, len(pl.Slides)-1)
	for i := 1; i < len(pl.Slides); i++ {
		prev, cur := &pl.Slides[i-1], &pl.Slides[i]
		x := min(xf, prev.Frames/3, cur.Frames/3)
		start := prev.EndFrame() - x
		if want := desired[i]; want > start {
			prev.Frames += want - start
			start = want
		}
		cur.pinned = desired[i] >= 0
		cur.StartFrame = start
		pl.Transitions[i-1] = Window{StartFrame: start, EndFrame: prev.EndFrame()}
	}
	pl.Frames = pl.Slides[len(pl.Slides)-1].EndFrame()

	for i := range p.Assets {
		a := &p.Assets[i]
		if a.Kind != KindMusic {
			continue
		}
		c := MusicCue{Asset: a, AssetIndex: i, Start: secondsOf(a.Start), Offset: secondsOf(a.Data.TrimStart)}
		if a.End > a.Start {
			c.End = secondsOf(a.End)
		}
		pl.Music = append(pl.Music, c)
	}
	return pl
}

// creditsDuration is the credits card's time on screen: the style's
// duration per page of rows that fit in the title-safe area of a frame of
// size sz (type sizes are fractions of its short side, so only its shape
// matters).
func creditsDuration(st *styles.Style, sz Size, rows int) float64 {
	c := st.Credits
	lh := func(t styles.TextStyle) float64 {
		l := t.LineHeight
		if l == 0 {
			l = 1.25
		}
		return t.Size * l
	}
	row := lh(c.Name) + c.RowGap
	if c.Stacked {
		row += lh(c.Role)
	}
	// The safe height in style units (fractions of the short side).
	in := st.SafeInsets(sz.Width, sz.Height)
	avail := float64(sz.Height-in.Top-in.Bottom) / styles.Unit(sz.Width, sz.Height)
	if c.Heading != "" {
		avail -= lh(c.HeadingText) + c.RowGap
	}
	perPage := 1
	if row > 0 {
		perPage = max(1, int(avail/row))
	}
	pages := (rows + perPage - 1) / perPage
	d := c.Duration
	if d <= 0 {
		d = 4
	}
	if c.Mode == styles.CreditsRolling {
		return math.Max(d, d*float64(rows)/float64(perPage))
	}
	return d * float64(pages)
}

// lengthOrZero is c's played length, 0 for a nil c or an unknown length.
func (c *ClipTiming) lengthOrZero() time.Duration {
	if c == nil {
		return 0
	}
	return c.Length()
}
