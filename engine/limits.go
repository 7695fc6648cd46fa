package engine

import (
	"fmt"
	"strings"
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
	// DefaultMaxClipDuration bounds one video clip's length.
	DefaultMaxClipDuration = 10 * time.Minute
)

// The limits of Options a project can exceed, as LimitError.Limit names
// them: each is the name of the Options field that sets it.
const (
	LimitPhotos   = "MaxPhotos"   // image assets in the project
	LimitDuration = "MaxDuration" // the video's length
	LimitFrames   = "MaxFrames"   // the video's frame count
	// LimitPhotoPixels: a photo's (or logo's) width x height.
	LimitPhotoPixels = "MaxPhotoPixels"
	// LimitClipDuration: a video clip's whole length.
	LimitClipDuration = "MaxClipDuration"
)

// LimitError is a project beyond one of the limits of Options: Got is what
// the project asks for, Max the limit. For LimitDuration and
// LimitClipDuration both are time.Duration values (nanoseconds); otherwise they are counts. Its
// message speaks to the project's author and names no Go identifier
// ("the project has 612 photos; the limit is 500"); a program that lets
// its user raise the limit maps Limit to its own setting (reel's CLI says
// "raise --max-photos").
//
// A LimitError matches [ErrInvalidProject] with errors.Is. Validate
// returns one for the whole project (photos, duration, frames) inside a
// [*StatusError] with code 7403 (CodeInsufficientAssets), one for a clip
// beyond LimitClipDuration inside the [*AssetError] naming the clip, and
// one for a photo beyond LimitPhotoPixels inside the [*AssetError] naming the photo
// (its Err is then the *compose.DecodeError, matching compose.ErrTooLarge),
// so errors.As finds both:
//
//	var le *engine.LimitError
//	if errors.As(err, &le) && le.Limit == engine.LimitPhotos { ... le.Got, le.Max ... }
type LimitError struct {
	Limit    string // LimitPhotos, LimitDuration, LimitFrames, LimitPhotoPixels or LimitClipDuration
	Got, Max int64
	Err      error // the cause, if any
}

// Error says what the project asks for and what the limit is.
func (e *LimitError) Error() string {
	switch e.Limit {
	case LimitPhotos:
		return fmt.Sprintf("the project has %d photos; the limit is %d", e.Got, e.Max)
	case LimitDuration:
		return fmt.Sprintf("the video would last %s; the limit is %s", clock(time.Duration(e.Got)), clock(time.Duration(e.Max)))
	case LimitFrames:
		return fmt.Sprintf("the video would have %d frames; the limit is %d", e.Got, e.Max)
	case LimitPhotoPixels:
		return fmt.Sprintf("the image has %d pixels; the limit is %d", e.Got, e.Max)
	case LimitClipDuration:
		return fmt.Sprintf("the clip lasts %s; the limit is %s", clock(time.Duration(e.Got)), clock(time.Duration(e.Max)))
	}
	return fmt.Sprintf("the project asks for %d; the limit is %d", e.Got, e.Max)
}

// Is reports whether target is ErrInvalidProject.
func (e *LimitError) Is(target error) bool { return target == ErrInvalidProject }

// Unwrap returns the cause, if any.
func (e *LimitError) Unwrap() error { return e.Err }

// limitStatus is the status error (7403) of a project beyond a limit.
func limitStatus(le *LimitError) *StatusError {
	msg := le.Error()
	return &StatusError{Code: CodeInsufficientAssets, Message: strings.ToUpper(msg[:1]) + msg[1:], Err: le}
}

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
		return limitStatus(&LimitError{Limit: LimitPhotos, Got: int64(images), Max: int64(m)})
	}
	return nil
}

// checkLength refuses a plan longer than o.MaxDuration or o.MaxFrames.
func (o Options) checkLength(pl *Plan) error {
	d := time.Duration(pl.Duration() * float64(time.Second))
	maxDur := limit(o.MaxDuration, DefaultMaxDuration)
	if maxDur >= 0 && d > maxDur {
		return limitStatus(&LimitError{Limit: LimitDuration, Got: int64(d), Max: int64(maxDur)})
	}
	defFrames := -1
	if maxDur >= 0 {
		defFrames = int(maxDur.Seconds()*DefaultMaxFrameRate) + 1
	}
	if m := limit(o.MaxFrames, defFrames); m >= 0 && pl.Frames > m {
		return limitStatus(&LimitError{Limit: LimitFrames, Got: int64(pl.Frames), Max: int64(m)})
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
