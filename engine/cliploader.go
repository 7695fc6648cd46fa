package engine

import (
	"context"
	"image"
	"math"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/styles"
)

// maxLiveClips is how many clips a render holds open at once (each with
// its decoder and its pictures decoded ahead): the two on screen during
// a transition. Slides never stack, so the third is needed only once the
// first was released.
const maxLiveClips = 2

// clipConfig is how a photoLoader opens clips: pictures scaled to cover
// the largest rendition (w x h), capacity pictures decoded ahead, for the
// video frames [from, to) the render draws.
type clipConfig struct {
	backend  clipBackend
	tempDir  string
	w, h     int
	capacity int
	from, to int
}

// setClips sets how l opens clips (see clipConfig); frames [from, to) are
// those the render draws.
func (l *photoLoader) setClips(o Options, w, h, capacity, from, to int) {
	l.clip = clipConfig{backend: o.clips(), tempDir: o.TempDir, w: w, h: h, capacity: capacity, from: from, to: to}
}

// openClip opens slide i's clip and starts its feed, which becomes the
// compose slide's Clip until release.
func (l *photoLoader) openClip(ctx context.Context, i int) error {
	s := l.plan.Slides[i]
	var cd clipData
	if s.Asset.Bytes != nil {
		cd = clipDataOf(*s.Asset)
	} else {
		var err error
		if cd, err = openClipData(ctx, l.r, s.AssetIndex, *s.Asset, l.clip.tempDir); err != nil {
			return err
		}
	}
	backend := l.clip.backend
	if backend == nil {
		backend = clipLibrary{}
	}
	dw, dh := clipDecodeSize(l.plan, s.Clip, l.clip.w, l.clip.h)
	rd, err := backend.open(ctx, cd.r, cd.size, dw, dh)
	if err != nil {
		cd.Close()
		return assetErr(ctx, s.AssetIndex, *s.Asset, err)
	}
	timing := ClipTiming{}
	if s.Clip != nil {
		timing = *s.Clip
	}
	if timing.To <= timing.From {
		// Never probed (a plan made without a resolver): play to the end.
		timing.To = timing.From + seconds(l.plan.Seconds(s.Frames))
	}
	to := l.clip.to
	if to <= 0 {
		to = l.plan.Frames
	}
	k0 := max(0, l.clip.from-s.StartFrame)
	k1 := min(s.Frames, to-s.StartFrame)
	framing := framingPlan(l.plan, s, timing, rd, l.clip.w, l.clip.h)
	feed := newFramedClipFeed(ctx, rd, cd, timing, l.plan.FrameRate, s.StartFrame, k0, max(k0, k1), l.clip.capacity, framing)
	l.mu.Lock()
	if l.shut {
		l.mu.Unlock()
		feed.close()
		return context.Canceled
	}
	l.feeds[i] = feed
	l.mu.Unlock()
	l.slides[i].Clip = feed
	return nil
}

// advance tells every open clip that video frame f was encoded: the
// pictures up to it are dropped.
func (l *photoLoader) advance(f int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, fd := range l.feeds {
		if fd != nil {
			fd.release(f)
		}
	}
}

// closeClips closes every clip still open (a render that ends early) and
// makes later openings fail.
func (l *photoLoader) closeClips() {
	l.mu.Lock()
	l.shut = true
	feeds := l.feeds
	l.feeds = make([]*clipFeed, len(feeds))
	l.mu.Unlock()
	for _, fd := range feeds {
		if fd != nil {
			fd.close()
		}
	}
}

// clipFrames serves one slide's clip pictures straight from its reader,
// for a single frame (RenderFrame): the Renderer asks for the first
// picture, then for the frame's.
type clipFrames struct {
	ctx    context.Context
	rd     clipReader
	data   clipData
	timing ClipTiming
	luma   []*image.Gray // the framing pictures' luma (see clipframing.go)
}

// openClipFrames opens slide s's clip for RenderFrame, its pictures
// scaled to cover w x h.
func openClipFrames(ctx context.Context, r Resolver, o Options, pl *Plan, s PlannedSlide, w, h int) (*clipFrames, error) {
	var cd clipData
	if s.Asset.Bytes != nil {
		cd = clipDataOf(*s.Asset)
	} else {
		var err error
		if cd, err = openClipData(ctx, r, s.AssetIndex, *s.Asset, o.TempDir); err != nil {
			return nil, err
		}
	}
	dw, dh := clipDecodeSize(pl, s.Clip, w, h)
	rd, err := o.clips().open(ctx, cd.r, cd.size, dw, dh)
	if err != nil {
		cd.Close()
		return nil, assetErr(ctx, s.AssetIndex, *s.Asset, err)
	}
	c := &clipFrames{ctx: ctx, rd: rd, data: cd}
	if s.Clip != nil {
		c.timing = *s.Clip
	}
	if c.timing.To <= c.timing.From {
		c.timing.To = c.timing.From + 24*time.Hour // unknown length: the reader holds its last picture
	}
	// The framing pictures are decoded before the first, as a render's
	// feed does, so that a frame is framed as in the video.
	if c.luma, err = framingLuma(ctx, rd, framingPlan(pl, s, c.timing, rd, w, h)); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// FrameAt implements compose.ClipFrames.
// The render's context bounds the decode (the Renderer passes none).
func (c *clipFrames) FrameAt(_ context.Context, t time.Duration) (*image.YCbCr, error) {
	return c.rd.FrameAt(c.ctx, min(c.timing.From+t, lastShown(&c.timing)))
}

// FramingLuma implements compose.ClipFraming.
func (c *clipFrames) FramingLuma(context.Context) ([]*image.Gray, error) {
	return c.luma, nil
}

// Close releases the reader and the clip.
func (c *clipFrames) Close() error {
	err := c.rd.Close()
	if cerr := c.data.Close(); err == nil {
		err = cerr
	}
	return err
}

// maxWarpReduction is the largest reduction (source pixels per output
// pixel on each axis) left to compose's bilinear warp alone: a clip at
// most this much larger than the pictures it fills is decoded at its own
// size and resampled once, by the warp, instead of being reduced by the
// reader's tent filter first and warped again. At 1.5 every source pixel
// still weighs on the output; measured on a 1080p clip and a photo
// reduced to 720p against ffmpeg's Lanczos, the warp alone is within
// 0.5 dB of the tent filter (grainy clip: 44.9 against 45.3 dB; photo:
// 55.0 against 51.0 dB), and it saves the tent filter's 13-16 ms per
// 1080p picture. Further reductions alias and go through the tent filter.
const maxWarpReduction = 1.5

// clipDecodeSize is the size a clip's pictures are decoded to cover for a
// w x h frame: the frame, or for a clip that compose shows contained (its
// aspect more than compose.ClipTolerance off the frame's, in a style that
// does not crop) the contained picture's size, so that a 4K portrait clip
// is scaled down once to the few hundred pixels it fills. A clip at most
// maxWarpReduction times larger than that is decoded at its own size.
func clipDecodeSize(pl *Plan, ct *ClipTiming, w, h int) (int, int) {
	tw, th := clipCoverBox(pl, ct, w, h)
	if ct != nil && ct.Width > 0 && ct.Height > 0 {
		s := max(float64(tw)/float64(ct.Width), float64(th)/float64(ct.Height))
		if s >= 1 || 1/s <= maxWarpReduction+1e-9 {
			return ct.Width, ct.Height
		}
	}
	return tw, th
}

// clipCoverBox is the box a clip's pictures must cover in a w x h frame:
// the frame, or the contained picture's size (see clipDecodeSize).
func clipCoverBox(pl *Plan, ct *ClipTiming, w, h int) (int, int) {
	if ct == nil || ct.Width <= 0 || ct.Height <= 0 || pl.Style.Fill.Mode == styles.FillCrop {
		return w, h
	}
	ca, fa := float64(ct.Width)/float64(ct.Height), float64(w)/float64(h)
	if math.Abs(ca/fa-1) <= compose.ClipTolerance {
		return w, h
	}
	if ca < fa {
		return max(2, int(math.Ceil(float64(h)*ca))), h
	}
	return w, max(2, int(math.Ceil(float64(w)/ca)))
}
