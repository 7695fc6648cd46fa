package clip

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	"sort"
	"time"

	"github.com/reelkit/reel/compose"
)

// Frame disposal after display, shared by GIF and WebP.
const (
	disposeNone       = iota
	disposeBackground // clear the frame's rectangle to transparent
	disposePrevious   // restore the canvas as it was before the frame (GIF)
)

// animFrame is one frame of a GIF or WebP animation.
type animFrame struct {
	rect     image.Rectangle // on the canvas
	duration time.Duration
	op       draw.Op // Over (blend) or Src (replace)
	dispose  int
	decode   func() (image.Image, error) // the frame's pixels, sized rect
}

// animSource composites an animation's frames in order on an RGBA canvas,
// as browsers play them, and converts the canvas to BT.709 4:2:0.
// Transparent areas come out black.
type animSource struct {
	inf    Info
	frames []animFrame
	starts []time.Duration // presentation time of each frame

	canvas *image.RGBA
	saved  *image.RGBA // canvas before a disposePrevious frame
	next   int         // next frame to draw
	out    *image.YCbCr
}

func newAnimSource(inf Info, frames []animFrame) *animSource {
	s := &animSource{inf: inf, frames: frames}
	var t time.Duration
	for _, f := range frames {
		s.starts = append(s.starts, t)
		t += f.duration
	}
	return s
}

func (s *animSource) info() Info { return s.inf }

func (s *animSource) close() error { return nil }

// frameAt returns the frame showing at t (8-bit 4:2:0, coded orientation)
// and its index, compositing forward from the last frame drawn, or from
// the first after a backward jump.
func (s *animSource) frameAt(ctx context.Context, t time.Duration) (*image.YCbCr, int64, error) {
	k := max(0, sort.Search(len(s.starts), func(i int) bool { return s.starts[i] > t })-1)
	if s.canvas == nil || k < s.next-1 {
		r := image.Rect(0, 0, s.inf.Width, s.inf.Height)
		s.canvas = image.NewRGBA(r)
		s.out = image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
		s.next = 0
	} else if k == s.next-1 {
		return s.out, int64(k), nil
	}
	for s.next <= k {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		if s.next > 0 {
			s.disposeOf(s.frames[s.next-1])
		}
		f := s.frames[s.next]
		if f.dispose == disposePrevious {
			if s.saved == nil {
				s.saved = image.NewRGBA(s.canvas.Rect)
			}
			copy(s.saved.Pix, s.canvas.Pix)
		}
		m, err := f.decode()
		if err != nil {
			return nil, 0, fmt.Errorf("clip: %s frame %d: %w", s.inf.Container, s.next, err)
		}
		draw.Draw(s.canvas, f.rect, m, m.Bounds().Min, f.op)
		s.next++
	}
	compose.RGBAToYCbCr(s.out, s.canvas)
	return s.out, int64(k), nil
}

// disposeOf undoes or clears frame f after it was shown.
func (s *animSource) disposeOf(f animFrame) {
	switch f.dispose {
	case disposeBackground:
		draw.Draw(s.canvas, f.rect, image.Transparent, image.Point{}, draw.Src)
	case disposePrevious:
		copy(s.canvas.Pix, s.saved.Pix)
	}
}
