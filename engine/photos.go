package engine

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reelkit/reel/compose"
)

// photoLoader decodes the photos of a plan in slide order, a few slides
// ahead of the encoder, and drops each one after its last frame. At most
// maxLive photos are held at once, so memory does not grow with the number
// of photos.
type photoLoader struct {
	r       Resolver
	opts    compose.DecodeOptions
	plan    *Plan
	slides  []*compose.Slide
	futures []*photoFuture // by slide index; nil for slides without a photo
	maxLive int

	mu       sync.Mutex
	cond     *sync.Cond
	live     int
	released []bool

	decodeNanos atomic.Int64
}

type photoFuture struct {
	done chan struct{}
	err  error
}

func newPhotoLoader(pl *Plan, slides []*compose.Slide, r Resolver, opts compose.DecodeOptions, maxLive int) *photoLoader {
	l := &photoLoader{r: r, opts: opts, plan: pl, slides: slides, maxLive: max(2, maxLive)}
	l.cond = sync.NewCond(&l.mu)
	l.futures = make([]*photoFuture, len(slides))
	l.released = make([]bool, len(slides))
	for i, s := range pl.Slides {
		if s.Kind == PhotoSlide {
			l.futures[i] = &photoFuture{done: make(chan struct{})}
		}
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
		if fut == nil {
			continue
		}
		l.mu.Lock()
		for l.live >= l.maxLive && ctx.Err() == nil {
			l.cond.Wait()
		}
		l.live++
		l.mu.Unlock()
		if err := ctx.Err(); err != nil {
			fut.err = err
			close(fut.done)
			l.failRest(i+1, err)
			return
		}
		fut.err = l.decode(ctx, i)
		close(fut.done)
	}
}

func (l *photoLoader) failRest(from int, err error) {
	for _, fut := range l.futures[from:] {
		if fut != nil {
			fut.err = err
			close(fut.done)
		}
	}
}

func (l *photoLoader) decode(ctx context.Context, i int) error {
	t0 := time.Now()
	defer func() { l.decodeNanos.Add(int64(time.Since(t0))) }()
	a := *l.plan.Slides[i].Asset
	p, err := decodePhoto(ctx, l.r, a, l.opts)
	if err != nil {
		return err
	}
	l.slides[i].Photo = p
	return nil
}

// decodePhoto opens an image asset through r and decodes it.
func decodePhoto(ctx context.Context, r Resolver, a Asset, opts compose.DecodeOptions) (*compose.Photo, error) {
	rc, err := r.Open(ctx, a)
	if err != nil {
		return nil, fmt.Errorf("engine: image %q: %w", a.ref(), err)
	}
	defer rc.Close()
	p, err := compose.DecodePhoto(rc, opts)
	if err != nil {
		return nil, fmt.Errorf("engine: image %q: %w", a.ref(), err)
	}
	return p, nil
}

// wait blocks until slide i's photo (if it has one) is decoded.
func (l *photoLoader) wait(ctx context.Context, i int) error {
	fut := l.futures[i]
	if fut == nil {
		return nil
	}
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
	if l.futures[i] == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.released[i] {
		return
	}
	l.released[i] = true
	l.slides[i].Photo = nil
	l.live--
	l.cond.Broadcast()
}
