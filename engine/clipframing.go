package engine

import (
	"context"
	"errors"
	"image"
	"time"
)

// A clip slide that compose crops is framed from its first picture and a
// few more from across its played part (compose.ClipFraming): a person
// who walks in after the first second stays in the crop. The crop must
// be known before the first frame is drawn, so those pictures are
// decoded before the slide's first one, by the slide's own reader, and
// only at keyframes (sync samples: one picture each, no run of pictures
// from the previous keyframe); the reader then goes back to the trim
// start as it would anyway. Only their luma planes are kept, until the
// clip closes, so that every rendition frames the slide alike.

// Framing picture counts: beyond the first picture, two for a played
// part of at least minFramingSpan (near a third and two thirds of it),
// three (near a quarter, half, three quarters) from longFramingSpan.
const (
	minFramingSpan  = time.Second
	longFramingSpan = 6 * time.Second
	// A keyframe this close to the first picture adds nothing.
	minFramingGap = 250 * time.Millisecond
)

// clipCropped reports whether compose crops the clip of a slide with
// timing ct in a w x h frame with pl's style, so that its framing
// pictures are worth decoding: the style does not centre crops, the clip
// covers the frame (see clipCoverBox) and its aspect is not the frame's.
func clipCropped(pl *Plan, ct *ClipTiming, w, h int) bool {
	if ct == nil || ct.Width <= 0 || ct.Height <= 0 || pl.Style.Fill.Centred {
		return false
	}
	if cw, ch := clipCoverBox(pl, ct, w, h); cw != w || ch != h {
		return false // contained
	}
	return ct.Width*h != ct.Height*w
}

// framingTimes picks the clip times of the pictures beyond the first that
// frame a slide playing the clip from ct.From to end: the keyframe
// nearest each target (see the framing picture counts) that lies after
// the first picture and no later than end, each at most once.
func framingTimes(from, end time.Duration, keys []time.Duration) []time.Duration {
	span := end - from
	if span < minFramingSpan || len(keys) == 0 {
		return nil
	}
	n := 2
	if span >= longFramingSpan {
		n = 3
	}
	var ts []time.Duration
	for i := 1; i <= n; i++ {
		target := from + span*time.Duration(i)/time.Duration(n+1)
		best := time.Duration(-1)
		for _, k := range keys {
			if k < from+minFramingGap || k > end {
				continue
			}
			if best < 0 || absDur(k-target) < absDur(best-target) {
				best = k
			}
		}
		if best >= 0 && (len(ts) == 0 || ts[len(ts)-1] != best) {
			ts = append(ts, best)
		}
	}
	return ts
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// framingPlan is framingTimes for the slide s of pl playing from timing
// in a w x h frame, read by rd: none when compose does not crop the clip
// or rd lists no keyframes.
func framingPlan(pl *Plan, s PlannedSlide, timing ClipTiming, rd clipReader, w, h int) []time.Duration {
	kf, ok := rd.(keyframeReader)
	if !ok || !clipCropped(pl, s.Clip, w, h) {
		return nil
	}
	end := min(lastShown(&timing), timing.From+seconds(pl.Seconds(s.Frames)))
	return framingTimes(timing.From, end, kf.Keyframes())
}

// framingLuma decodes rd's pictures at the clip times ts (keyframes, each
// decoded on its own when rd can) and returns copies of their luma
// planes. A picture that does not decode is left
// out (the framing is best effort; playing the clip reports the error)
// unless ctx is done.
func framingLuma(ctx context.Context, rd clipReader, ts []time.Duration) ([]*image.Gray, error) {
	var out []*image.Gray
	at := keyframeAt(rd)
	for _, t := range ts {
		img, err := at(ctx, t)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return nil, err
			}
			continue
		}
		b := img.Rect
		g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		for y := range b.Dy() {
			o := img.YOffset(b.Min.X, b.Min.Y+y)
			copy(g.Pix[y*g.Stride:(y+1)*g.Stride], img.Y[o:o+b.Dx()])
		}
		out = append(out, g)
	}
	return out, nil
}
