package engine

import (
	"context"
	"errors"
	"fmt"
	"image"
	"time"

	"github.com/reelkit/reel/compose"
)

// ErrOutOfRange is wrapped by RenderFrame's error for a time outside the
// video.
var ErrOutOfRange = errors.New("time outside the video")

// FrameResult is a frame drawn by RenderFrame.
type FrameResult struct {
	// Image is the frame at the largest rendition's size.
	Image *image.RGBA
	// Warnings are worded as Result.Warnings (characters no font has,
	// drawn as boxes: one line per script); they do not make the frame
	// fail.
	Warnings []string
}

// RenderFrame draws the single frame shown at time t at the largest
// rendition the options select; t must be in [0, duration] (the video's
// end shows its last frame), else the error wraps ErrOutOfRange. A t
// within a nanosecond of a frame's start counts as that frame, so that a
// frame's time rounded to a Duration draws that frame. Only the
// photos and clips on screen at t are decoded (a clip's headers are read
// for its length); music is decoded only in a style with
// transitions.beat_sync, to place the cuts as Render does. Errors follow
// Render's model (ErrInvalidOptions, ErrInvalidProject, *StatusError,
// *AssetError, *LimitError).
func RenderFrame(ctx context.Context, p *Project, r Resolver, o Options, t time.Duration) (*FrameResult, error) {
	at := func(pl *Plan) (int, error) { return frameAtDuration(pl, t) }
	img, warns, err := renderFrame(ctx, p, r, o, at)
	if err != nil {
		return nil, err
	}
	return &FrameResult{Image: img, Warnings: warns}, nil
}

// renderFrame is RenderFrame of the frame at returns for the project's
// plan.
func renderFrame(ctx context.Context, p *Project, r Resolver, o Options, at func(*Plan) (int, error)) (*image.RGBA, []string, error) {
	// Clips are read for their timing; music is not opened (beat sync
	// below reads it when the style asks).
	pl, err := validate(ctx, p, r, o, checks{})
	if err != nil {
		return nil, nil, err
	}
	if err := applyBeatSync(ctx, pl, r, o.Beats); err != nil {
		return nil, nil, err
	}
	f, err := at(pl)
	if err != nil {
		return nil, nil, err
	}
	w, h := pl.Size.Width, pl.Size.Height
	sc := pl.Scene(f)
	slides := composeSlides(pl)
	for _, i := range []int{sc.Current, sc.Next} {
		if i >= 0 && pl.Slides[i].Kind == VideoSlide {
			clip, err := openClipFrames(ctx, r, o, pl, pl.Slides[i], w, h)
			if err != nil {
				return nil, nil, err
			}
			defer clip.Close()
			slides[i].Clip = clip
			continue
		}
		if i < 0 || pl.Slides[i].Kind != PhotoSlide {
			continue
		}
		ph, err := decodePhoto(ctx, r, pl.Slides[i].AssetIndex, *pl.Slides[i].Asset, photoDecodeOptions(w, h, o.MaxPhotoPixels))
		if err != nil {
			return nil, nil, err
		}
		slides[i].Photo = ph
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	warns := &glyphWarnings{log: o.Logger}
	rd := compose.NewRenderer(pl.Style, w, h, composeOptions(o, o.fonts(), warns))
	if err := rd.RenderRGBA(img, composeScene(sc, slides)); err != nil {
		return nil, nil, err
	}
	dec, err := newDecorator(ctx, pl, r, o, [][2]int{{w, h}})
	if err != nil {
		return nil, nil, err
	}
	dec.frame(0, sc.Frame, nil, img)
	return img, warns.lines(), nil
}

// frameAtDuration is the frame of pl shown at t: a t within a nanosecond
// before a frame's start (a frame time rounded to a Duration) counts as
// that frame. A t outside the video wraps ErrOutOfRange.
func frameAtDuration(pl *Plan, t time.Duration) (int, error) {
	if !(t >= 0 && secondsOf(t) <= pl.Duration()+1e-9) {
		return 0, fmt.Errorf("engine: %w: %v s is outside 0..%.3f s", ErrOutOfRange, secondsOf(t), pl.Duration())
	}
	return pl.FrameAt(secondsOf(t + time.Nanosecond)), nil
}
