package engine

import (
	"context"
	"image"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reelkit/reel/compose"
)

// photoLoader prepares the slides of a plan in order, a few slides ahead
// of the encoder: it decodes each photo (or opens each clip, see
// clipFeed) and then warms every renderer's
// cache for the slide (photo canvas, caption and text sprites), so that
// this costly, allocation-heavy work happens one slide at a time, off the
// frame workers. Each photo is dropped after its slide's last frame; at
// most maxLive photos are held at once, so memory does not grow with the
// number of photos. A clip is held the same way, from its opening to its
// slide's last frame.
type photoLoader struct {
	r         Resolver
	opts      compose.DecodeOptions
	plan      *Plan
	slides    []*compose.Slide
	futures   []*photoFuture // by slide index
	maxLive   int
	renderers []*compose.Renderer
	scratch   []*image.YCbCr // one warm-up frame per renderer

	mu   sync.Mutex
	cond *sync.Cond
	live int
	// liveClips counts the open clips among live (at most maxLiveClips).
	liveClips int
	peak      int // most photo slides held at once
	released  []bool
	// need, when set, marks the slides a segment render shows; the others
	// are never decoded.
	need []bool
	// clip settings and the open clips' feeds by slide index (see
	// cliploader.go).
	clip  clipConfig
	feeds []*clipFeed
	shut  bool

	decodeNanos atomic.Int64
	warmNanos   atomic.Int64 // building slide caches: part of compose time
}

type photoFuture struct {
	done chan struct{}
	err  error
}

func newPhotoLoader(pl *Plan, slides []*compose.Slide, r Resolver, opts compose.DecodeOptions, maxLive int, renderers []*compose.Renderer) *photoLoader {
	l := &photoLoader{r: r, opts: opts, plan: pl, slides: slides, maxLive: max(2, maxLive), renderers: renderers}
	l.cond = sync.NewCond(&l.mu)
	l.futures = make([]*photoFuture, len(slides))
	l.feeds = make([]*clipFeed, len(slides))
	l.clip.to = pl.Frames
	l.released = make([]bool, len(slides))
	for i := range pl.Slides {
		l.futures[i] = &photoFuture{done: make(chan struct{})}
	}
	for _, rd := range renderers {
		w, h := rd.Size()
		l.scratch = append(l.scratch, image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420))
	}
	return l
}

// run decodes every photo in order; it returns when all are decoded or ctx
// is done. A decode error is stored in the photo's future.
func (l *photoLoader) run(ctx context.Context) {
	stop := context.AfterFunc(ctx, func() {
		l.mu.Lock()
		l.cond.Broadcast()
		l.mu.Unlock()
	})
	defer stop()
	for i, fut := range l.futures {
		if l.need != nil && !l.need[i] {
			close(fut.done)
			continue
		}
		kind := l.plan.Slides[i].Kind
		photo := kind == PhotoSlide || kind == VideoSlide
		if photo {
			l.mu.Lock()
			for (l.live >= l.maxLive || (kind == VideoSlide && l.liveClips >= maxLiveClips)) && ctx.Err() == nil {
				l.cond.Wait()
			}
			if kind == VideoSlide {
				l.liveClips++
			}
			l.live++
			l.peak = max(l.peak, l.live)
			l.mu.Unlock()
		}
		if err := ctx.Err(); err != nil {
			fut.err = err
			close(fut.done)
			l.failRest(i+1, err)
			return
		}
		switch kind {
		case PhotoSlide:
			fut.err = l.decode(ctx, i)
		case VideoSlide:
			fut.err = l.openClip(ctx, i)
		}
		if fut.err == nil {
			fut.err = l.warm(i)
		}
		// Every renderer now holds the slide's canvas: the decoded photo
		// is needed again only if a cache were rebuilt, which happens only
		// after Release. Dropping it here keeps one photo in memory at a
		// time instead of maxLive.
		l.slides[i].Photo = nil
		close(fut.done)
	}
}

func (l *photoLoader) failRest(from int, err error) {
	for _, fut := range l.futures[from:] {
		fut.err = err
		close(fut.done)
	}
}

// warm makes every renderer build its cache for slide i by drawing the
// slide's first moment into a scratch frame.
func (l *photoLoader) warm(i int) error {
	t0 := time.Now()
	defer func() { l.warmNanos.Add(int64(time.Since(t0))) }()
	sc := compose.Scene{Current: compose.Shot{Slide: l.slides[i]}}
	for k, rd := range l.renderers {
		if err := rd.Render(l.scratch[k], sc); err != nil {
			return err
		}
	}
	return nil
}

func (l *photoLoader) decode(ctx context.Context, i int) error {
	t0 := time.Now()
	defer func() { l.decodeNanos.Add(int64(time.Since(t0))) }()
	s := l.plan.Slides[i]
	p, err := decodePhoto(ctx, l.r, s.AssetIndex, *s.Asset, l.opts)
	if err != nil {
		return err
	}
	l.slides[i].Photo = p
	return nil
}

// wait blocks until slide i is ready: photo decoded, caches built.
func (l *photoLoader) wait(ctx context.Context, i int) error {
	fut := l.futures[i]
	select {
	case <-fut.done:
		return fut.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release drops slide i's photo after its last frame was encoded.
func (l *photoLoader) release(i int, renderers []*compose.Renderer) {
	for _, r := range renderers {
		r.Release(l.slides[i])
	}
	kind := l.plan.Slides[i].Kind
	if (kind != PhotoSlide && kind != VideoSlide) || (l.need != nil && !l.need[i]) {
		return
	}
	l.mu.Lock()
	if l.released[i] {
		l.mu.Unlock()
		return
	}
	l.released[i] = true
	l.slides[i].Photo = nil
	feed := l.feeds[i]
	l.feeds[i] = nil
	if kind == VideoSlide {
		l.liveClips--
	}
	l.live--
	l.cond.Broadcast()
	l.mu.Unlock()
	if feed != nil {
		feed.close()
	}
}

// peakLive returns the most photo slides that were held at once.
func (l *photoLoader) peakLive() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.peak
}
