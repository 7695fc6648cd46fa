package engine

import (
	"context"
	"image"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/styles"
)

// frameResult is one composed frame: a picture per rendition, or nil
// pictures when the frame repeats the previous one (whose pictures are not
// recycled until a new frame is drawn).
type frameResult struct {
	f      int
	pics   []*image.YCbCr
	thumbs []*image.RGBA // set on the thumbnail frame only
	err    error
}

// composer draws the frames of a plan with a pool of workers and hands them
// back in order.
type composer struct {
	plan      *Plan
	slides    []*compose.Slide
	renderers []*compose.Renderer
	loader    *photoLoader
	static    *staticFrames
	dec       *decorator // logo and caller's overlay; nil: none
	workers   int
	window    int // frames in flight
	thumb     int // frame whose RGBA thumbnails are drawn
	// from and to are the frames [from, to) run composes: the whole plan,
	// or one segment of a split render.
	from, to int

	free  []chan *image.YCbCr // per rendition: reusable pictures
	sizes [][2]int

	composeNanos atomic.Int64
	composed     atomic.Int64
	repeated     atomic.Int64
}

func newComposer(pl *Plan, st *styles.Style, slides []*compose.Slide, rs []*compose.Renderer, sizes [][2]int, loader *photoLoader, workers int, fonts *FontLibrary) *composer {
	c := &composer{plan: pl, slides: slides, renderers: rs, loader: loader, workers: workers,
		window: 2*workers + 2, sizes: sizes, static: newStaticFrames(pl, st, sizes, fonts), thumb: thumbnailFrame(pl), to: pl.Frames}
	c.free = make([]chan *image.YCbCr, len(rs))
	for i := range rs {
		c.free[i] = make(chan *image.YCbCr, c.window+1)
	}
	return c
}

// picture takes a reusable picture of rendition i, allocating it the first
// times.
func (c *composer) picture(i int) *image.YCbCr {
	select {
	case p := <-c.free[i]:
		return p
	default:
		return image.NewYCbCr(image.Rect(0, 0, c.sizes[i][0], c.sizes[i][1]), image.YCbCrSubsampleRatio420)
	}
}

// recycle returns the pictures of a written frame.
func (c *composer) recycle(r frameResult) {
	for i, p := range r.pics {
		if p != nil {
			select {
			case c.free[i] <- p:
			default:
			}
		}
	}
}

// run composes frames [from, to) and calls emit for each in order,
// from the calling goroutine. It stops at the first error (of a worker or
// of emit) or when ctx is done.
func (c *composer) run(ctx context.Context, emit func(frameResult) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	results := make(chan frameResult, c.window)
	tokens := make(chan struct{}, c.window)
	var wg sync.WaitGroup

	// Dispatcher: frames in order, at most window in flight, each sent only
	// when the photos it shows are decoded (so workers never wait on them).
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(jobs)
		for f := c.from; f < c.to; f++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			if f != c.thumb && f != c.from && !c.dec.everyFrame() && c.static.repeats(f) {
				c.repeated.Add(1)
				select {
				case results <- frameResult{f: f}:
				case <-ctx.Done():
					return
				}
				continue
			}
			sc := c.plan.Scene(f)
			err := c.loader.wait(ctx, sc.Current)
			if err == nil && sc.Next >= 0 {
				err = c.loader.wait(ctx, sc.Next)
			}
			if err != nil {
				select {
				case results <- frameResult{f: f, err: err}:
				case <-ctx.Done():
				}
				return
			}
			select {
			case jobs <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range c.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				r := c.draw(f)
				select {
				case results <- r:
				case <-ctx.Done():
					c.recycle(r)
					return
				}
			}
		}()
	}
	defer wg.Wait()
	defer cancel()

	pending := make(map[int]frameResult, c.window)
	// The pictures of the last drawn frame stay out of the pool while the
	// frames after it repeat it: emit encodes them again.
	var shown frameResult
	for next := c.from; next < c.to; {
		var r frameResult
		select {
		case r = <-results:
		case <-ctx.Done():
			return ctx.Err()
		}
		if r.err != nil {
			return r.err
		}
		pending[r.f] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			err := emit(r)
			if r.pics != nil {
				c.recycle(shown)
				shown = r
			}
			<-tokens
			if err != nil {
				return err
			}
			next++
		}
	}
	return nil
}

// draw composes frame f at every rendition size.
func (c *composer) draw(f int) frameResult {
	t0 := time.Now()
	defer func() { c.composeNanos.Add(int64(time.Since(t0))) }()
	c.composed.Add(1)
	sc := composeScene(c.plan.Scene(f), c.slides)
	r := frameResult{f: f, pics: make([]*image.YCbCr, len(c.renderers))}
	for i, rd := range c.renderers {
		p := c.picture(i)
		r.pics[i] = p
		if err := rd.Render(p, sc); err != nil {
			r.err = err
			return r
		}
		c.dec.frame(i, f, p, nil)
	}
	if f == c.thumb {
		r.thumbs = make([]*image.RGBA, len(c.renderers))
		for i, rd := range c.renderers {
			img := image.NewRGBA(image.Rect(0, 0, c.sizes[i][0], c.sizes[i][1]))
			if err := rd.RenderRGBA(img, sc); err != nil {
				r.err = err
				return r
			}
			c.dec.frame(i, f, nil, img)
			r.thumbs[i] = img
		}
	}
	return r
}

// thumbnailFrame picks the frame shown as the thumbnail: the middle of the
// first photo or video slide outside its transitions, else of the first slide after
// the title card.
func thumbnailFrame(pl *Plan) int {
	pick := -1
	for i, s := range pl.Slides {
		if s.Kind == PhotoSlide || s.Kind == VideoSlide {
			pick = i
			break
		}
	}
	if pick < 0 {
		pick = min(1, len(pl.Slides)-1)
	}
	s := pl.Slides[pick]
	return min(s.StartFrame+s.Frames/2, pl.Frames-1)
}
