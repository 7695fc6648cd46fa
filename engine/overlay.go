package engine

import (
	"context"
	"image"
	"image/color"
	"image/draw"

	"github.com/reelkit/reel/compose"
)

// Overlay draws the caller's content over composed frames: a watermark, a
// progress bar, a clock. Set Options.Overlay; a render without one takes
// none of this path (frames are drawn and repeated as before, without
// allocating).
type Overlay struct {
	// Draw is called for every composed frame of every rendition after
	// compose drew it (the style's overlays and the logo included) and
	// before it is encoded, and for the thumbnails and RenderFrame's
	// picture. It is called from several goroutines at once, for frames in
	// any order; it must not keep f's pictures after it returns. Draw
	// through f's methods, or on f.YCbCr() / f.RGBA() directly.
	Draw func(f Frame)
	// Static says Draw draws the same thing over every frame (a watermark):
	// frames that repeat the previous one are then encoded again without
	// being recomposed. Without it every frame is composed and drawn,
	// since Draw may depend on f.Index or f.Time.
	Static bool
}

// Frame is one picture handed to Overlay.Draw: exactly one of YCbCr()
// (a video frame, BT.709 limited range 4:2:0) and RGBA() (a thumbnail or
// RenderFrame's picture) is non-nil.
type Frame struct {
	// Index is the frame's index in the video, Total the video's frame
	// count, Time the frame's time in seconds.
	Index, Total int
	Time         float64
	// Width and Height are the picture's size (the rendition's).
	Width, Height int

	ycc  *image.YCbCr
	rgba *image.RGBA
}

// YCbCr returns the video frame being drawn, or nil for an RGBA picture.
func (f Frame) YCbCr() *image.YCbCr { return f.ycc }

// RGBA returns the RGBA picture being drawn, or nil for a video frame.
func (f Frame) RGBA() *image.RGBA { return f.rgba }

// DrawStamp blends s with its top-left corner at (x, y) and the given
// opacity (0..1) into whichever picture the frame holds. Prepare the
// stamp once (compose.NewStamp), not per frame.
func (f Frame) DrawStamp(s *compose.Stamp, x, y int, opacity float64) {
	if f.ycc != nil {
		s.Draw(f.ycc, x, y, opacity)
	} else {
		s.DrawRGBA(f.rgba, x, y, opacity)
	}
}

// FillRect blends the opaque colour c over r with the given opacity (0..1).
func (f Frame) FillRect(r image.Rectangle, c color.Color, opacity float64) {
	if f.ycc != nil {
		compose.FillRect(f.ycc, r, c, opacity)
		return
	}
	if f.rgba == nil || !(opacity > 0) {
		return
	}
	red, green, blue, _ := c.RGBA()
	a := min(1, opacity)
	src := color.NRGBA64{R: uint16(red), G: uint16(green), B: uint16(blue), A: uint16(a * 0xffff)}
	draw.Draw(f.rgba, r.Intersect(f.rgba.Rect), image.NewUniform(src), image.Point{}, draw.Over)
}

// decorator draws the logo and the caller's overlay over the frames of
// one render; nil when there is neither.
type decorator struct {
	logos   []placedStamp // per rendition
	overlay *Overlay
	plan    *Plan
}

// placedStamp is a stamp at its place in one rendition.
type placedStamp struct {
	s       *compose.Stamp
	x, y    int
	opacity float64
}

// newDecorator prepares the logo for every rendition size and the caller's
// overlay; it returns nil when the render has neither.
func newDecorator(ctx context.Context, pl *Plan, r Resolver, o Options, sizes [][2]int) (*decorator, error) {
	logos, err := logoStamps(ctx, pl.Project, r, o.MaxPhotoPixels, sizes)
	if err != nil {
		return nil, err
	}
	if logos == nil && o.Overlay == nil {
		return nil, nil
	}
	return &decorator{logos: logos, overlay: o.Overlay, plan: pl}, nil
}

// frame draws over rendition i's picture of frame f (one of ycc, rgba).
func (d *decorator) frame(i, f int, ycc *image.YCbCr, rgba *image.RGBA) {
	if d == nil {
		return
	}
	fr := Frame{Index: f, Total: d.plan.Frames, Time: d.plan.Seconds(f), ycc: ycc, rgba: rgba}
	if ycc != nil {
		fr.Width, fr.Height = ycc.Rect.Dx(), ycc.Rect.Dy()
	} else {
		fr.Width, fr.Height = rgba.Rect.Dx(), rgba.Rect.Dy()
	}
	if i < len(d.logos) {
		l := d.logos[i]
		fr.DrawStamp(l.s, l.x, l.y, l.opacity)
	}
	if d.overlay != nil && d.overlay.Draw != nil {
		d.overlay.Draw(fr)
	}
}

// everyFrame reports whether frames must all be composed (the overlay may
// change from frame to frame).
func (d *decorator) everyFrame() bool {
	return d != nil && d.overlay != nil && d.overlay.Draw != nil && !d.overlay.Static
}
