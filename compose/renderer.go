package compose

import (
	"context"
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// Options tune a Renderer. The zero value is usable.
type Options struct {
	// Warn, if set, is told about every character no font has (drawn as a
	// visible box). It may be called from several goroutines at once when
	// Render is used concurrently.
	Warn func(r rune)
	// Fonts are the registered and machine fonts text falls back on after
	// the embedded faces; nil means the embedded faces only.
	Fonts *text.FontLibrary
	// Transition, when set, replaces the style's transitions between all
	// slides (see Transition).
	Transition Transition
}

// Renderer draws frames of one style at one output size. It caches
// per-slide work (photo canvas, text sprites) until Release, and is safe
// for concurrent use by a pool of workers.
type Renderer struct {
	style   *styles.Style
	w, h    int
	opts    Options
	bg, dip yuv
	ov      *overlays

	mu    sync.Mutex
	cache map[*Slide]*slideData
	free  []*scratch // idle workers' scratch (never dropped, unlike a sync.Pool)
}

// scratch is one worker's reusable buffers: nothing is allocated per frame
// once a worker has rendered its first frames.
type scratch struct {
	wt     warpTables
	ws     warpScratch
	fa, fb *planes
	out    *planes // RenderRGBA's frame
	ramp   []int32
	reveal revealScratch
	vd, vb image.YCbCr // views handed to a custom Transition
}

// NewRenderer returns a renderer of st (nil means the default style) for
// w x h frames (both even and positive, else Render fails).
func NewRenderer(st *styles.Style, w, h int, o Options) *Renderer {
	if st == nil {
		st = styles.Builtin().Default()
	}
	r := &Renderer{style: st, w: w, h: h, opts: o, cache: map[*Slide]*slideData{}}
	bg := st.Palette.Background
	r.bg = toYUV(bg.R, bg.G, bg.B)
	dc := st.Transitions.DipColour
	r.dip = toYUV(dc.R, dc.G, dc.B)
	if w > 0 && h > 0 {
		r.ov = newOverlays(st.Overlays, w, h)
	}
	return r
}

// Size is the output frame size.
func (r *Renderer) Size() (w, h int) { return r.w, r.h }

func (r *Renderer) check() error {
	if r.w <= 0 || r.h <= 0 || r.w%2 != 0 || r.h%2 != 0 {
		return fmt.Errorf("compose: frame size %dx%d: want positive even width and height", r.w, r.h)
	}
	return nil
}

// Render draws the scene into dst: BT.709 limited-range 4:2:0 planes of
// the renderer's size.
func (r *Renderer) Render(dst *image.YCbCr, s Scene) error {
	if err := r.check(); err != nil {
		return err
	}
	if dst == nil || dst.SubsampleRatio != image.YCbCrSubsampleRatio420 || dst.Rect.Dx() != r.w || dst.Rect.Dy() != r.h {
		return fmt.Errorf("compose: destination must be a %dx%d 4:2:0 image", r.w, r.h)
	}
	p := planesOf(dst)
	sc := r.getScratch()
	defer r.putScratch(sc)
	return r.renderScene(&p, s.sane(), sc)
}

// RenderRGBA draws the scene into dst (same size as the renderer) for
// previews and thumbnails: the YUV frame converted back with BT.709.
func (r *Renderer) RenderRGBA(dst *image.RGBA, s Scene) error {
	if err := r.check(); err != nil {
		return err
	}
	if dst == nil || dst.Rect.Dx() != r.w || dst.Rect.Dy() != r.h {
		return fmt.Errorf("compose: destination must be %dx%d", r.w, r.h)
	}
	sc := r.getScratch()
	defer r.putScratch(sc)
	if sc.out == nil {
		sc.out = newPlanes(r.w, r.h)
	}
	if err := r.renderScene(sc.out, s.sane(), sc); err != nil {
		return err
	}
	planesToRGBA(dst, sc.out)
	return nil
}

// sane returns s with NaN times and mix replaced by 0, so no NaN reaches
// a camera, an alpha or the warp tables.
func (s Scene) sane() Scene {
	if math.IsNaN(s.Current.T) {
		s.Current.T = 0
	}
	if math.IsNaN(s.Mix) {
		s.Mix = 0
	}
	if s.Next != nil && math.IsNaN(s.Next.T) {
		n := *s.Next
		n.T = 0
		s.Next = &n
	}
	return s
}

func (r *Renderer) getScratch() *scratch {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.free); n > 0 {
		sc := r.free[n-1]
		r.free = r.free[:n-1]
		return sc
	}
	return &scratch{}
}

func (r *Renderer) putScratch(sc *scratch) {
	r.mu.Lock()
	r.free = append(r.free, sc)
	r.mu.Unlock()
}

func (sc *scratch) frames(w, h int) (*planes, *planes) {
	if sc.fa == nil {
		sc.fa, sc.fb = newPlanes(w, h), newPlanes(w, h)
	}
	return sc.fa, sc.fb
}

func (r *Renderer) renderScene(p *planes, s Scene, sc *scratch) error {
	if s.Current.Slide == nil {
		return fmt.Errorf("compose: scene has no current slide")
	}
	bar := r.ov.barTop
	if s.Next == nil || s.Next.Slide == nil {
		if err := r.renderShot(p, s.Current, sc, bar, r.h-bar, 1); err != nil {
			return err
		}
	} else if err := r.renderTransition(p, s, sc); err != nil {
		return err
	}
	seed := uint64(s.Current.Slide.Index)<<32 ^ uint64(int64(math.Round(s.Current.T*1000)))
	r.ov.apply(p, uint64(unitHash(seed)*(1<<16)))
	return nil
}

func (r *Renderer) renderTransition(p *planes, s Scene, sc *scratch) error {
	m := math.Min(1, math.Max(0, s.Mix))
	if t := r.opts.Transition; t != nil {
		return r.customTransition(t, p, s, sc, m)
	}
	e := ease("", m)
	if s.Next.Slide.Transition == "" && CardDissolve(s.Current.Slide.Kind, s.Next.Slide.Kind) {
		return r.dissolveCards(p, s, sc, m)
	}
	kind := transitionInto(r.style.Transitions, s.Next.Slide)
	// Text of the two slides does not overlap: the current slide's fades
	// out over the first 40 % of the window, the next one's comes in over
	// the last half. Pushes move text with its slide instead.
	opA, opB := math.Max(0, 1-m/0.4), math.Min(1, math.Max(0, (m-0.5)*2))
	switch kind {
	case styles.PushLeft, styles.PushRight, styles.PushUp, styles.PushDown:
		opA, opB = 1, 1
	}
	if kind == styles.Crossfade && pictured(s.Current.Slide.Kind) != pictured(s.Next.Slide.Kind) {
		// A card and a photo do not dissolve through each other: the
		// outgoing one is gone into the background before the other comes.
		return r.dipThrough(p, s, sc, m, opA, opB, r.bg)
	}
	switch kind {
	case styles.DipToColour:
		return r.dipThrough(p, s, sc, m, opA, opB, r.dip)
	case styles.Crossfade, styles.Wipe:
		if kind == styles.Crossfade && s.Next.Slide.Kind == PhotoSlide {
			return r.crossfadePhoto(p, s, sc, opA, opB, int32(math.Round(256*m)))
		}
		if err := r.renderShot(p, s.Current, sc, 0, r.h, opA); err != nil {
			return err
		}
		_, fb := sc.frames(r.w, r.h)
		if err := r.renderShot(fb, *s.Next, sc, 0, r.h, opB); err != nil {
			return err
		}
		if kind == styles.Crossfade {
			mixPlanes(p, fb, int32(math.Round(256*m)))
			return nil
		}
		if cap(sc.ramp) < r.w {
			sc.ramp = make([]int32, r.w)
		}
		wipe(p, fb, e, max(2, r.w/wipeFeather), sc.ramp[:r.w])
		return nil
	}
	fa, fb := sc.frames(r.w, r.h)
	if err := r.renderShot(fa, s.Current, sc, 0, r.h, opA); err != nil {
		return err
	}
	if err := r.renderShot(fb, *s.Next, sc, 0, r.h, opB); err != nil {
		return err
	}
	switch kind {
	case styles.PushLeft, styles.PushRight:
		dx := -1
		if kind == styles.PushRight {
			dx = 1
		}
		push(p, fa, fb, dx, 0, int(math.Round(e*float64(r.w)/2))*2)
	case styles.PushUp, styles.PushDown:
		dy := -1
		if kind == styles.PushDown {
			dy = 1
		}
		push(p, fa, fb, 0, dy, int(math.Round(e*float64(r.h)/2))*2)
	default: // ZoomThrough (and any unknown kind)
		za := 1 + 0.35*m*m        // accelerates into the cut
		zb := 1 + 0.2*(1-m)*(1-m) // settles
		warpPlanes(p, fa, camera{0.5, 0.5, za}.viewportOf(r.w, r.h, r.w, r.h), 0, r.h, &sc.wt, &sc.ws)
		warpPlanes(fa, fb, camera{0.5, 0.5, zb}.viewportOf(r.w, r.h, r.w, r.h), 0, r.h, &sc.wt, &sc.ws)
		mixPlanes(p, fa, int32(math.Round(256*e)))
	}
	return nil
}

// pictured reports whether a slide of kind k shows a picture (a photo or
// a video clip) rather than a card.
func pictured(k SlideKind) bool { return k == PhotoSlide || k == VideoSlide }

// wipeFeather: a wipe's edge is softened over 1/wipeFeather of the
// frame's width, a few pixels: enough to hide stair-steps, too little to
// show the two pictures through each other.
const wipeFeather = 160

// dipThrough is a dip to colour c: the current shot (its text at opA)
// fades into c over the first half of the window, the next one (its text
// at opB) out of c over the second half; the two never overlap.
func (r *Renderer) dipThrough(p *planes, s Scene, sc *scratch, m, opA, opB float64, c yuv) error {
	if m < 0.5 {
		if err := r.renderShot(p, s.Current, sc, 0, r.h, opA); err != nil {
			return err
		}
		mixColour(p, c, int32(256*ease("", m*2)))
		return nil
	}
	if err := r.renderShot(p, *s.Next, sc, 0, r.h, opB); err != nil {
		return err
	}
	mixColour(p, c, int32(256*ease("", (1-m)*2)))
	return nil
}

// dissolveCards mixes two cards linearly by m, each drawn with its text at
// full strength: the outgoing card's text dissolves into the incoming
// one's (its text is Settled, so already whole), with no empty frame.
func (r *Renderer) dissolveCards(p *planes, s Scene, sc *scratch, m float64) error {
	if err := r.renderShot(p, s.Current, sc, 0, r.h, 1); err != nil {
		return err
	}
	_, fb := sc.frames(r.w, r.h)
	if err := r.renderShot(fb, *s.Next, sc, 0, r.h, 1); err != nil {
		return err
	}
	mixPlanes(p, fb, int32(math.Round(256*m)))
	return nil
}

// renderShot draws one slide at one moment into luma rows [y0, y1) of p
// (photo and video slides; cards fill the whole frame).
func (r *Renderer) renderShot(p *planes, sh Shot, sc *scratch, y0, y1 int, textOp float64) error {
	s := sh.Slide
	d, err := r.data(s)
	if err != nil {
		return err
	}
	prog := 0.0
	if s.Duration > 0 {
		prog = math.Min(1, math.Max(0, sh.T/s.Duration))
	}
	switch s.Kind {
	case PhotoSlide:
		warpPlanes(p, d.canvas, r.photoView(d, prog), y0, y1, &sc.wt, &sc.ws)
	case VideoSlide:
		f, err := s.Clip.FrameAt(context.Background(), clipTime(sh.T))
		if err != nil {
			return fmt.Errorf("compose: clip of slide %d at %.3f s: %w", s.Index, sh.T, err)
		}
		r.drawClip(p, d, f, prog, y0, y1, &sc.wt, &sc.ws)
	default:
		p.fill(r.bg)
	}
	for i := range d.texts {
		r.drawText(p, &d.texts[i], sh.T, textOp, sc)
	}
	if s.Kind == CreditsCard {
		r.drawCredits(p, d, sh.T, s.Duration, prog, textOp)
	}
	return nil
}

// photoView is where a photo slide's Ken Burns camera looks at progress
// prog (0..1) of the slide.
func (r *Renderer) photoView(d *slideData, prog float64) viewport {
	return d.view(r.style, r.w, r.h, prog, d.index)
}

// slideProgress is how far into its slide (0..1) a shot is.
func slideProgress(sh Shot) float64 {
	if sh.Slide.Duration > 0 {
		return math.Min(1, math.Max(0, sh.T/sh.Slide.Duration))
	}
	return 0
}

// crossfadePhoto mixes the next photo slide into the current one by
// m/256 without rendering it to a frame of its own first: rows its text
// cannot touch are warped and blended straight into p; only the band of
// rows under its text goes through the scratch frame (warp, text, mix),
// so the result is the same as rendering both shots and mixing them.
func (r *Renderer) crossfadePhoto(p *planes, s Scene, sc *scratch, opA, opB float64, m int32) error {
	if err := r.renderShot(p, s.Current, sc, 0, r.h, opA); err != nil {
		return err
	}
	nx := *s.Next
	_, fb := sc.frames(r.w, r.h) // allocated on a worker's first transition either way
	d, err := r.data(nx.Slide)
	if err != nil || m <= 0 {
		return err
	}
	sc.wt.build(r.w, r.h, d.canvas, r.photoView(d, slideProgress(nx)))
	t0, t1 := r.h, r.h // rows the next slide's text may draw on
	if opB > 0 {
		t0, t1 = r.textRows(d)
	}
	warpRows(p, d.canvas, 0, t0, &sc.wt, &sc.ws, m)
	if t1 > t0 {
		warpRows(fb, d.canvas, t0, t1, &sc.wt, &sc.ws, 256)
		for i := range d.texts {
			r.drawText(fb, &d.texts[i], nx.T, opB, sc)
		}
		mixPlaneRows(p, fb, t0, t1, m)
	}
	warpRows(p, d.canvas, t1, r.h, &sc.wt, &sc.ws, m)
	return nil
}

// textRows is the band of luma rows [t0, t1) (even bounds, within the
// frame) that the slide's text sprites can cover, slide-up travel
// included; t0 == t1 == h when the slide has no text.
func (r *Renderer) textRows(d *slideData) (t0, t1 int) {
	t0, t1 = r.h, 0
	for i := range d.texts {
		e := &d.texts[i]
		if e.spr == nil {
			continue
		}
		lo, hi := e.spr.y, e.spr.y+e.spr.h
		if e.anim == styles.AnimSlideUp {
			hi += int(math.Ceil(slideUpTravel*styles.Unit(r.w, r.h))) + 1
		}
		t0, t1 = min(t0, lo), max(t1, hi)
	}
	t0, t1 = max(0, t0)&^1, min(r.h, (t1+1)&^1)
	if t1 <= t0 {
		return r.h, r.h
	}
	return t0, t1
}

// slideUpTravel is how far a slide-up text element rises as it enters, as
// a fraction of the frame's styles.Unit.
const slideUpTravel = 0.05

// drawText composites one animated text element at slide time t.
func (r *Renderer) drawText(p *planes, e *textElem, t, textOp float64, sc *scratch) {
	q := 1.0
	if e.anim != styles.AnimNone && e.anim != "" {
		if e.dur > 0 {
			q = (t - e.start) / e.dur
		} else if t < e.start {
			q = 0
		}
		if q <= 0 {
			return
		}
		q = math.Min(q, 1)
	}
	k := ease("", q)
	op := 256 * textOp
	switch e.anim {
	case styles.AnimFade:
		e.spr.draw(p, 0, 0, int32(op*k), nil)
	case styles.AnimSlideUp:
		dy := int(math.Round((1 - k) * slideUpTravel * styles.Unit(r.w, r.h)))
		e.spr.draw(p, 0, dy, int32(op*math.Min(1, q*1.5)), nil)
	case styles.AnimTypewriter, styles.AnimWords:
		e.rv.draw(p, e.spr, t, op, sc)
	default:
		e.spr.draw(p, 0, 0, int32(op), nil)
	}
}

// drawCredits draws the paged or rolling credits at slide time t.
func (r *Renderer) drawCredits(p *planes, d *slideData, t, dur, prog, textOp float64) {
	enter := CreditsEnter(r.style)
	if len(d.roll) > 0 && len(d.pages) == 0 {
		r.drawRoll(p, d, t, dur, enter, textOp)
		return
	}
	if len(d.pages) == 0 {
		return
	}
	i, op := CreditsPage(t-enter, dur-enter, len(d.pages))
	for _, s := range d.pages[i] {
		s.draw(p, 0, 0, int32(256*textOp*ease("", math.Max(0, op))), nil)
	}
}

// drawRoll draws rolling credits at card time t: rolling up through the
// title-safe area once the card is in, fading at its edges, and at rest
// before the card ends (see creditsRollTop).
func (r *Renderer) drawRoll(p *planes, d *slideData, t, dur, enter, textOp float64) {
	safe := text.SafeArea(r.style, r.w, r.h)
	last := d.roll[len(d.roll)-1]
	top := int(math.Round(creditsRollTop(t, dur, enter, d.rollH, last.y+last.h/2, safe.Min.Y, safe.Max.Y)))
	band := creditsRollFade * float64(r.h)
	for _, s := range d.roll {
		op := creditsRollOpacity(s.y+top, s.y+top+s.h, safe.Min.Y, safe.Max.Y, band)
		s.draw(p, 0, top, int32(256*textOp*op), nil)
	}
}
