package engine

import (
	"fmt"
	"time"
)

// Default resource limits of Options (MaxDuration, MaxPhotos): generous
// for a slideshow, small enough that a stray or hostile project cannot
// hold a render worker for hours. Raise them in Options. The default
// MaxFrames follows MaxDuration: DefaultMaxFrameRate frames per second of
// it (so a high Options.FrameRate cannot multiply the work).
const (
	DefaultMaxDuration  = 30 * time.Minute
	DefaultMaxPhotos    = 500
	DefaultMaxFrameRate = 60
)

// limit returns v, def when v is zero, or -1 (no limit) when v < 0.
func limit[T ~int | ~int64](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return -1
	}
	return v
}

// checkPhotoCount refuses more image assets than o.MaxPhotos.
func (o Options) checkPhotoCount(images int) error {
	if m := limit(o.MaxPhotos, DefaultMaxPhotos); m >= 0 && images > m {
		return statusf(CodeInsufficientAssets, nil,
			"The video has %d images; the limit is %d (raise Options.MaxPhotos)", images, m)
	}
	return nil
}

// checkLength refuses a plan longer than o.MaxDuration or o.MaxFrames.
func (o Options) checkLength(pl *Plan) error {
	d := time.Duration(pl.Duration() * float64(time.Second))
	maxDur := limit(o.MaxDuration, DefaultMaxDuration)
	if maxDur >= 0 && d > maxDur {
		return statusf(CodeInsufficientAssets, nil,
			"The video would last %s; the limit is %s (raise Options.MaxDuration)", clock(d), clock(maxDur))
	}
	defFrames := -1
	if maxDur >= 0 {
		defFrames = int(maxDur.Seconds()*DefaultMaxFrameRate) + 1
	}
	if m := limit(o.MaxFrames, defFrames); m >= 0 && pl.Frames > m {
		return statusf(CodeInsufficientAssets, nil,
			"The video would have %d frames; the limit is %d (raise Options.MaxFrames)", pl.Frames, m)
	}
	return nil
}

// clock formats a duration as h:mm:ss (or m:ss under an hour).
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
