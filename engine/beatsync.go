package engine

import (
	"context"
	"math"
	"sort"

	"github.com/reelkit/reel/audio"
)

// minTitleHold is how long every built-in style holds the title card at
// full strength (seconds); beat sync never takes it below that.
const minTitleHold = 2.0

// beatGrid detects the beats of every music cue of pl and places them on
// the video timeline (seconds): a cue's beats start at its Start and repeat
// with the track's exact length where the track loops, up to the cue's end.
// It also returns the median beat period (seconds). A track whose beats
// cannot be found (not decodable, no clear onsets) adds none: the mix
// reports unreadable music on its own.
func beatGrid(ctx context.Context, pl *Plan, r Resolver, cache *BeatCache) ([]float64, float64, error) {
	var grid []float64
	var periods []float64
	for _, c := range pl.Music {
		key := beatKey(*c.Asset)
		b, ok := cache.get(key)
		if !ok {
			rc, err := openSeekable(ctx, r, c.AssetIndex, *c.Asset)
			if err != nil {
				if ctx.Err() != nil {
					return nil, 0, ctx.Err()
				}
				continue
			}
			b, err = audio.DetectBeats(ctx, rc)
			rc.Close()
			if ctx.Err() != nil {
				return nil, 0, ctx.Err()
			}
			if err != nil {
				continue
			}
			cache.put(key, b)
		}
		if len(b.Times) == 0 || b.Duration <= 0 {
			continue
		}
		periods = append(periods, 60/b.Tempo)
		end := pl.Duration()
		if c.End > 0 {
			end = min(end, c.End)
		}
		for pass := c.Start; pass < end; pass += b.Duration {
			for _, t := range b.Times {
				if pass+t < end {
					grid = append(grid, pass+t)
				}
			}
		}
	}
	if len(grid) == 0 {
		return nil, 0, nil
	}
	sort.Float64s(grid)
	sort.Float64s(periods)
	return grid, periods[len(periods)/2], nil
}

// syncToBeats moves each slide boundary of pl onto the nearest beat of
// grid (seconds, ascending). A boundary is the middle of its transition
// window, the cut; it moves by at most maxShift seconds (0: half the beat
// period) and keeps its window's length: the outgoing slide ends later or
// sooner by the same number of frames as the incoming one starts. A slide
// whose start_time is set (pinned) is never moved; the title card's
// boundary moves earlier only as far as keeps the title at full strength
// for minTitleHold, and later by up to one beat period (or maxShift when
// the style sets it); a move that would leave a slide less than half of the
// time it showed alone (between its two windows) is skipped. The last
// slide's end does not move, so the video's length is unchanged. A video
// slide keeps its length: the cut into it moves the whole clip (the slide
// after it starts that much sooner or later), the cut after it moves only
// with it, and a clip that is the last slide does not move.
func syncToBeats(pl *Plan, grid []float64, period, maxShift float64) {
	st := pl.Style
	if len(grid) == 0 || period <= 0 {
		return
	}
	titleShift := maxShift
	if maxShift <= 0 {
		maxShift, titleShift = period/2, period
	}
	fps := pl.FrameRate.Float()
	for i := 1; i < len(pl.Slides); i++ {
		prev, cur := &pl.Slides[i-1], &pl.Slides[i]
		if cur.pinned || prev.Kind == VideoSlide {
			continue // a clip's length is its own: the cut after it moves only with it
		}
		x := prev.EndFrame() - cur.StartFrame // the window's length
		cut := (float64(cur.StartFrame) + float64(x)/2) / fps
		// The nearest beat within maxShift (later only for the title).
		k := sort.SearchFloat64s(grid, cut)
		best := math.NaN()
		for _, j := range []int{k - 1, k} {
			if j < 0 || j >= len(grid) {
				continue
			}
			if prev.Kind == TitleSlide {
				spare := max(0, float64(cur.StartFrame)/fps-settleTime(st, *prev, pl.Seconds(prev.Frames))-minTitleHold)
				if grid[j] < cut-spare || grid[j]-cut > titleShift+1e-9 {
					continue
				}
			} else if math.Abs(grid[j]-cut) > maxShift+1e-9 {
				continue
			}
			if math.IsNaN(best) || math.Abs(grid[j]-cut) < math.Abs(best-cut) {
				best = grid[j]
			}
		}
		if math.IsNaN(best) {
			continue
		}
		delta := int(math.Round(best*fps-float64(x)/2)) - cur.StartFrame
		if delta == 0 {
			continue
		}
		if prev.Kind == TitleSlide && delta < 0 &&
			float64(cur.StartFrame+delta) < math.Ceil((settleTime(st, *prev, pl.Seconds(prev.Frames))+minTitleHold)*fps) {
			continue // frame rounding would cut into the title's hold
		}
		prevIn := 0 // frames of prev's incoming window
		if i >= 2 {
			prevIn = pl.Transitions[i-2].Len()
		}
		curOut := 0
		if i < len(pl.Transitions) {
			curOut = pl.Transitions[i].Len()
		}
		prevSolo := prev.Frames - prevIn - x
		curSolo := cur.Frames - x - curOut
		if cur.Kind == VideoSlide {
			// The clip moves whole: the slide after it gives or takes
			// the frames.
			if i+1 >= len(pl.Slides) || pl.Slides[i+1].pinned {
				continue
			}
			next := &pl.Slides[i+1]
			y := pl.Transitions[i].Len()
			nextOut := 0
			if i+1 < len(pl.Transitions) {
				nextOut = pl.Transitions[i+1].Len()
			}
			nextSolo := next.Frames - y - nextOut
			if prevSolo+delta < (prevSolo+1)/2 || nextSolo-delta < (nextSolo+1)/2 {
				continue
			}
			prev.Frames += delta
			cur.StartFrame += delta
			next.StartFrame += delta
			next.Frames -= delta
			pl.Transitions[i-1] = Window{StartFrame: cur.StartFrame, EndFrame: prev.EndFrame()}
			pl.Transitions[i] = Window{StartFrame: next.StartFrame, EndFrame: cur.EndFrame()}
			continue
		}
		if prevSolo+delta < (prevSolo+1)/2 || curSolo-delta < (curSolo+1)/2 {
			continue
		}
		prev.Frames += delta
		cur.StartFrame += delta
		cur.Frames -= delta
		pl.Transitions[i-1] = Window{StartFrame: cur.StartFrame, EndFrame: prev.EndFrame()}
	}
}

// applyBeatSync runs beat sync on pl when its style asks for it and the
// project has music (r opens the tracks; cache, when not nil, keeps their
// beats across calls).
func applyBeatSync(ctx context.Context, pl *Plan, r Resolver, cache *BeatCache) error {
	t := pl.Style.Transitions
	if !t.BeatSync || len(pl.Music) == 0 || r == nil {
		return nil
	}
	grid, period, err := beatGrid(ctx, pl, r, cache)
	if err != nil {
		return err
	}
	syncToBeats(pl, grid, period, t.BeatMaxShift)
	pl.Beats = grid
	return nil
}
