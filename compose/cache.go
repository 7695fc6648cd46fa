package compose

import (
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// textElem is one animated text sprite of a slide.
type textElem struct {
	spr   *sprite
	anim  styles.Animation
	start float64 // seconds after the slide begins
	dur   float64 // animation length
	rv    *reveal // typewriter and words: the units and their times
}

// slideData is everything a Renderer derives once from a Slide.
type slideData struct {
	once   sync.Once
	err    error
	canvas *planes // PhotoSlide: the fitted, graded photo with headroom
	motion styles.Motion
	keep   *box      // PhotoSlide: faces every Ken Burns view holds, or nil
	avoid  *box      // PhotoSlide: the caption's box (frame fractions) faces are kept clear of, or nil
	pad    padding   // PhotoSlide: the fill around a contained photo (see strips.go)
	pan    bool      // PhotoSlide: the canvas is a strip of the photo panned across (see phonepan.go)
	index  int       // the slide's Index
	clip   *clipLook // VideoSlide: framing and backdrop
	texts  []textElem
	pages  [][]*sprite // paged credits
	roll   []*sprite   // rolling credits (y relative to the roll's top)
	rollH  int
}

// slideStyle is the style slide s is laid out with: the Renderer's, with
// the caption placed at s.TextPosition when that is a known placement
// other than the style's (see captionMoved).
func (r *Renderer) slideStyle(s *Slide) *styles.Style {
	if !r.captionMoved(s) {
		return r.style
	}
	c := *r.style
	c.Caption.VAlign = s.TextPosition
	return &c
}

// captionMoved reports whether slide s places its caption somewhere else
// than the style does. A framed print then carries no caption on its
// edge (it is centred as without a caption) and the caption is placed in
// the safe area like any other.
func (r *Renderer) captionMoved(s *Slide) bool {
	v := s.TextPosition
	return v != "" && v.Known() && v != r.style.Caption.VAlign
}

// slideData returns the cached per-slide data, building it on first use.
// Concurrent callers for the same slide wait for one build.
func (r *Renderer) data(s *Slide) (*slideData, error) {
	r.mu.Lock()
	d := r.cache[s]
	if d == nil {
		d = &slideData{}
		r.cache[s] = d
	}
	r.mu.Unlock()
	d.once.Do(func() { d.err = r.build(s, d) })
	return d, d.err
}

// Release drops everything cached for s (canvas, sprites). Call it once the
// slide's last frame has been rendered; rendering s again rebuilds them.
func (r *Renderer) Release(s *Slide) {
	r.mu.Lock()
	delete(r.cache, s)
	r.mu.Unlock()
}

func (r *Renderer) build(s *Slide, d *slideData) error {
	st, w, h := r.slideStyle(s), r.w, r.h
	warn := &text.Env{Fonts: r.opts.Fonts, Warn: text.WarnFunc(r.opts.Warn)}
	// Text enters once the transition into the slide is half done (the
	// next slide's text is hidden before that, see renderTransition).
	enter := 0.5*math.Max(0, st.Transitions.Duration) + 0.1
	// Text is readable until the slide's outgoing transition begins.
	readable := s.Duration - math.Max(0, st.Transitions.Duration)
	switch s.Kind {
	case PhotoSlide:
		if s.Photo == nil {
			return fmt.Errorf("compose: photo slide %d has no photo", s.Index)
		}
		d.motion = pickMotion(st.Motion, s.Index)
		d.index = s.Index
		cw, ch := canvasSize(w, h, headroom(d.motion))
		fst := st
		if span := panSpan(st, s.Photo.Image().Bounds(), w, h); span > 1 {
			d.pan = true
			cw, ch = int(math.Ceil(float64(w)*span/2))*2, h
			c := *st
			c.Fill.Mode = styles.FillCrop // the strip covers its canvas
			fst = &c
		}
		// The caption is laid out first: framing keeps faces clear of its
		// box where it can (see framePhoto, keptCamera).
		var p text.Placed
		var avoid *box
		if s.Caption != "" {
			var err error
			if p, err = text.Caption(st, w, h, s.Caption, warn); err != nil {
				return fmt.Errorf("compose: caption of slide %d: %w", s.Index, err)
			}
			if rc := p.Rect().Intersect(image.Rect(0, 0, w, h)); !rc.Empty() {
				avoid = &box{float64(rc.Min.X) / float64(w), float64(rc.Min.Y) / float64(h),
					float64(rc.Max.X) / float64(w), float64(rc.Max.Y) / float64(h)}
			}
		}
		var att *printAttach // a framed print: the frame and the caption it carries
		if st.Overlays.Frame != nil {
			att = &printAttach{w: w, h: h, safe: text.SafeArea(st, w, h), margin: st.SafeMargin * float64(h)}
			if p.Block != nil && p.Image != nil && !r.captionMoved(s) {
				att.capH = p.Height
			}
		}
		rgba, fr := buildCanvas(fst, s.Photo, cw, ch, s.Index, avoid, att)
		d.keep, d.avoid, d.pad = fr.keep, fr.avoid, fr.pad
		d.canvas = newPlanes(cw, ch)
		rgbaToPlanes(d.canvas, rgba)
		if s.Caption != "" {
			var err error
			attach := r.captionAttacher(st, d, s, fr, att, rgba.Bounds())
			attach(&p)
			// A plate behind the caption where the photo under it is too
			// bright (or too dark) for the text colour (see contrast.go).
			if rc := p.Rect(); !rc.Empty() {
				views := captionSamples(st, d, rgba, w, h, rc)
				if ts, plated := captionPlate(st.Caption.Text, views); plated {
					pst := *st
					pst.Caption.Text = ts
					if p, err = text.Caption(&pst, w, h, s.Caption, warn); err != nil {
						return fmt.Errorf("compose: caption of slide %d: %w", s.Index, err)
					}
					attach(&p)
				}
			}
			d.addText(p, st.Caption.Animation, enter, st.Caption.AnimDuration, textDeadline(s.Kind, st.Caption.Animation, readable), s.Beats)
		}
	case VideoSlide:
		return r.buildClip(s, d, warn, enter, readable)
	case TextSlide:
		tb, xb, err := text.TextSlide(st, w, h, s.Title, s.Text, warn)
		if err != nil {
			return fmt.Errorf("compose: text slide %d: %w", s.Index, err)
		}
		l := st.TextSlide
		anim := l.Animation
		if s.Settled {
			anim = styles.AnimNone
		}
		d.addText(tb, anim, enter, l.AnimDuration, textDeadline(s.Kind, anim, readable), s.Beats)
		d.addText(xb, anim, enter+l.TextDelay, l.AnimDuration, textDeadline(s.Kind, anim, readable), s.Beats)
	case TitleCard:
		p, err := text.TitleCard(st, w, h, s.Title, warn)
		if err != nil {
			return fmt.Errorf("compose: title card: %w", err)
		}
		d.addText(p, st.TitleCard.Animation, 0.3, st.TitleCard.AnimDuration, textDeadline(s.Kind, st.TitleCard.Animation, readable), s.Beats)
	case CreditsCard:
		cl, err := text.Credits(st, w, h, s.Credits, warn)
		if err != nil {
			return fmt.Errorf("compose: credits: %w", err)
		}
		for _, page := range cl.Pages {
			var sp []*sprite
			for _, p := range page {
				if spr := placedSprite(p); spr != nil {
					sp = append(sp, spr)
				}
			}
			d.pages = append(d.pages, sp)
		}
		for _, p := range cl.Roll {
			if spr := placedSprite(p); spr != nil {
				d.roll = append(d.roll, spr)
			}
		}
		d.rollH = cl.RollHeight
	default:
		return fmt.Errorf("compose: unknown slide kind %d", s.Kind)
	}
	return nil
}

func placedSprite(p text.Placed) *sprite {
	if p.Block == nil || p.Image == nil {
		return nil
	}
	s := newSprite(p.Image, p.At.X, p.At.Y)
	s.neutralPlate(p.Plate, p.At.X, p.At.Y)
	return s
}

// addText adds a text element entering at start for dur seconds, whole
// by deadline (see textDeadline). A typewriter is sped up when needed to
// end by deadline; with no time for that it shows at once. Words
// (styles.AnimWords) come dur apart, on the slide's beats when it has
// some (see wordTimes), the last by deadline.
func (d *slideData) addText(p text.Placed, a styles.Animation, start, dur, deadline float64, beats []float64) {
	spr := placedSprite(p)
	if spr == nil {
		return
	}
	e := textElem{spr: spr, anim: a, start: start, dur: dur}
	switch a {
	case styles.AnimTypewriter:
		e.dur = max(0, min(dur, deadline-start))
		e.rv = typewriterReveal(p, spr)
		n := 0
		for _, ps := range e.rv.pieces {
			n += len(ps)
		}
		e.rv.times = make([]float64, n)
		for u := range e.rv.times {
			e.rv.times[u] = start + e.dur*float64(u+1)/float64(n)
		}
	case styles.AnimWords:
		e.rv = wordsReveal(p, spr)
		n := 0
		for _, l := range p.Lines {
			n += len(l.Words)
		}
		e.rv.times = wordTimes(n, start, deadline, dur, beats)
		e.rv.fade = wordPop
		for u := 1; u < n; u++ {
			e.rv.fade = min(e.rv.fade, e.rv.times[u]-e.rv.times[u-1])
		}
		e.dur = 0
		if n > 0 {
			e.dur = e.rv.times[n-1] + e.rv.fade - start
		}
	}
	d.texts = append(d.texts, e)
}
