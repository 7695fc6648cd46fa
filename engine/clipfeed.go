package engine

import (
	"context"
	"fmt"
	"image"
	"math"
	"sync"
	"time"
)

// clipFeed serves one video slide's pictures to the frame workers (it is
// the slide's compose.ClipFrames). A clip decodes sequentially, while the
// workers compose several frames at once, slightly out of order: the
// feed's goroutine decodes ahead, in output-frame order, into a small
// bounded buffer keyed by the slide's output frame, and a picture is
// dropped (its buffer reused) once the frame showing it was encoded, that
// is, once every worker is past it (release). Pictures are kept at the
// size the reader makes them (scaled down to cover the largest
// rendition), so memory stays at capacity pictures of output size per
// clip whatever the clip's own size.
//
// The slide's first picture (at the trim start) is decoded first and kept
// until the feed closes: a Renderer asks for it when it builds the slide
// (framing, backdrop), also in a segment render that starts inside the
// clip; the decoder then jumps ahead to the segment's first frame. Before
// it, the pictures that frame a cropped clip (see clipframing.go) are
// decoded, and their luma planes are kept until the feed closes too.
type clipFeed struct {
	ctx    context.Context
	cancel context.CancelFunc
	rd     clipReader
	data   clipData
	timing ClipTiming
	fps    Rational
	// k0, k1: the slide's output frames the feed serves; start is the
	// slide's first frame on the video timeline.
	k0, k1, start int
	capacity      int

	mu    sync.Mutex
	cond  *sync.Cond
	first *image.YCbCr
	// framing: the clip times of the pictures beyond the first that frame
	// the slide; luma: their luma planes, set before first.
	framing []time.Duration
	luma    []*image.Gray
	frames  map[int]*image.YCbCr
	refs    map[*image.YCbCr]int // frames entries sharing a picture
	free    []*image.YCbCr
	done    int // frames below this one were released
	err     error
	closed  bool

	stopped chan struct{}
}

// newClipFeed starts decoding rd for the frames [k0, k1) of a slide that
// begins at video frame start, holding at most capacity pictures ahead of
// the last released one. The feed owns rd and data.
func newClipFeed(ctx context.Context, rd clipReader, data clipData, t ClipTiming, fps Rational, start, k0, k1, capacity int) *clipFeed {
	return newFramedClipFeed(ctx, rd, data, t, fps, start, k0, k1, capacity, nil)
}

// newFramedClipFeed is newClipFeed that first decodes the pictures at the
// clip times framing (see framingPlan) for compose's framing.
func newFramedClipFeed(ctx context.Context, rd clipReader, data clipData, t ClipTiming, fps Rational, start, k0, k1, capacity int, framing []time.Duration) *clipFeed {
	ctx, cancel := context.WithCancel(ctx)
	f := &clipFeed{ctx: ctx, cancel: cancel, rd: rd, data: data, timing: t, fps: fps, framing: framing,
		start: start, k0: k0, k1: k1, capacity: max(2, capacity), done: k0,
		frames: map[int]*image.YCbCr{}, refs: map[*image.YCbCr]int{}, stopped: make(chan struct{})}
	f.cond = sync.NewCond(&f.mu)
	go f.run()
	return f
}

// src is the clip time shown at the slide's output frame k: the trim
// start plus k frames, held at the last picture once the played part is
// over.
func (f *clipFeed) src(k int) time.Duration {
	d := time.Duration(int64(k) * int64(time.Second) * int64(f.fps.Den) / int64(f.fps.Num))
	return min(f.timing.From+d, lastShown(&f.timing))
}

// run decodes the framing pictures and the first picture, then frames
// k0..k1-1 in order.
func (f *clipFeed) run() {
	defer close(f.stopped)
	stop := context.AfterFunc(f.ctx, func() {
		f.mu.Lock()
		f.cond.Broadcast()
		f.mu.Unlock()
	})
	defer stop()
	luma, err := framingLuma(f.ctx, f.rd, f.framing)
	if err != nil {
		f.fail(err)
		return
	}
	img, err := f.rd.FrameAt(f.ctx, f.src(0))
	if err != nil {
		f.fail(err)
		return
	}
	first := copyPicture(nil, img)
	f.mu.Lock()
	f.first, f.luma = first, luma
	f.cond.Broadcast()
	f.mu.Unlock()
	last, lastSrc := first, f.src(0)
	for k := f.k0; k < f.k1; k++ {
		f.mu.Lock()
		for k >= f.done+f.capacity && f.ctx.Err() == nil && !f.closed {
			f.cond.Wait()
		}
		if f.ctx.Err() != nil || f.closed {
			f.mu.Unlock()
			f.fail(f.ctx.Err())
			return
		}
		var buf *image.YCbCr
		if n := len(f.free); n > 0 {
			buf, f.free = f.free[n-1], f.free[:n-1]
		}
		f.mu.Unlock()
		pic, s := last, f.src(k)
		if s != lastSrc {
			img, err := f.rd.FrameAt(f.ctx, s)
			if err != nil {
				f.fail(fmt.Errorf("the picture at %.3f s: %w", s.Seconds(), err))
				return
			}
			pic = copyPicture(buf, img)
			buf = nil
		}
		last, lastSrc = pic, s
		f.mu.Lock()
		if buf != nil {
			f.free = append(f.free, buf)
		}
		f.frames[k] = pic
		f.refs[pic]++
		f.cond.Broadcast()
		f.mu.Unlock()
	}
}

func (f *clipFeed) fail(err error) {
	if err == nil {
		err = context.Canceled
	}
	f.mu.Lock()
	if f.err == nil {
		f.err = err
	}
	f.cond.Broadcast()
	f.mu.Unlock()
}

// FrameAt implements compose.ClipFrames: the picture of the slide's
// output frame nearest t. It waits for the decoder; it fails when the
// clip cannot be decoded, when the render is cancelled, or for a frame
// outside those the feed serves (or already released: a caller's bug).
func (f *clipFeed) FrameAt(_ context.Context, t time.Duration) (*image.YCbCr, error) {
	k := int(math.Round(t.Seconds() * f.fps.Float()))
	f.mu.Lock()
	defer f.mu.Unlock()
	if k == 0 {
		for f.first == nil && f.err == nil {
			f.cond.Wait()
		}
		if f.first != nil {
			return f.first, nil
		}
		return nil, f.err
	}
	if k < f.done || k >= f.k1 {
		return nil, fmt.Errorf("engine: clip picture of frame %d asked for outside the frames %d..%d the feed holds", k, f.done, f.k1-1)
	}
	for {
		if p := f.frames[k]; p != nil {
			return p, nil
		}
		if f.err != nil {
			return nil, f.err
		}
		f.cond.Wait()
	}
}

// FramingLuma implements compose.ClipFraming: the luma planes of the
// pictures that frame the slide (none when compose does not crop it or
// the clip lists no keyframes in its played part), ready with the first
// picture.
func (f *clipFeed) FramingLuma(context.Context) ([]*image.Gray, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.first == nil && f.err == nil {
		f.cond.Wait()
	}
	if f.first == nil {
		return nil, f.err
	}
	return f.luma, nil
}

// release drops the pictures of every frame up to video frame vf (which
// was encoded).
func (f *clipFeed) release(vf int) {
	k := vf - f.start + 1
	f.mu.Lock()
	defer f.mu.Unlock()
	if k <= f.done {
		return
	}
	for j := f.done; j < k; j++ {
		p := f.frames[j]
		if p == nil {
			continue
		}
		delete(f.frames, j)
		if f.refs[p]--; f.refs[p] == 0 {
			delete(f.refs, p)
			if p != f.first {
				f.free = append(f.free, p)
			}
		}
	}
	f.done = k
	f.cond.Broadcast()
}

// held is how many distinct pictures the feed holds (first included).
func (f *clipFeed) held() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.refs) + len(f.free)
	if f.first != nil && f.refs[f.first] == 0 {
		n++
	}
	return n
}

// close stops the decoder and releases the clip and every picture.
func (f *clipFeed) close() error {
	f.mu.Lock()
	f.closed = true
	f.cond.Broadcast()
	f.mu.Unlock()
	f.cancel()
	<-f.stopped
	err := f.rd.Close()
	if cerr := f.data.Close(); err == nil {
		err = cerr
	}
	f.mu.Lock()
	f.frames, f.refs, f.free, f.first, f.luma = nil, nil, nil, nil, nil
	if f.err == nil {
		f.err = context.Canceled
	}
	f.mu.Unlock()
	return err
}

// copyPicture copies a 4:2:0 picture into dst (reused when it has the
// same size), returning the copy.
func copyPicture(dst, src *image.YCbCr) *image.YCbCr {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	if dst == nil || dst.Rect.Dx() != w || dst.Rect.Dy() != h || dst.SubsampleRatio != src.SubsampleRatio {
		dst = image.NewYCbCr(image.Rect(0, 0, w, h), src.SubsampleRatio)
	}
	for y := range h {
		copy(dst.Y[y*dst.YStride:y*dst.YStride+w], src.Y[src.YOffset(src.Rect.Min.X, src.Rect.Min.Y+y):])
	}
	cw, ch := dst.CStride, len(dst.Cb)/max(1, dst.CStride)
	for y := range ch {
		so := src.COffset(src.Rect.Min.X, src.Rect.Min.Y) + y*src.CStride
		copy(dst.Cb[y*cw:(y+1)*cw], src.Cb[so:])
		copy(dst.Cr[y*cw:(y+1)*cw], src.Cr[so:])
	}
	return dst
}
