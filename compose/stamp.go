package compose

import (
	"image"
	"image/color"
	"image/draw"
	"math"
)

// Stamp is a picture prepared once for drawing over finished frames many
// times: a watermark, a logo, a badge. NewStamp converts it to BT.709
// premultiplied planes plus alpha (the form compose's own text sprites
// take), so that drawing it into a video frame is a blend per covered
// pixel with no allocation. A Stamp is immutable and safe for concurrent
// use.
type Stamp struct {
	sp   *sprite
	rgba *image.RGBA // for DrawRGBA (previews, thumbnails)
	w, h int
}

// NewStamp prepares img (any image; transparency is kept) for drawing. It
// returns nil for an empty image; a nil *Stamp draws nothing.
func NewStamp(img image.Image) *Stamp {
	if img == nil || img.Bounds().Empty() {
		return nil
	}
	b := img.Bounds()
	m := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(m, m.Bounds(), img, b.Min, draw.Src) // premultiplied
	return &Stamp{sp: newSprite(m, 0, 0), rgba: m, w: b.Dx(), h: b.Dy()}
}

// Size returns the stamp's size in pixels.
func (s *Stamp) Size() (w, h int) {
	if s == nil {
		return 0, 0
	}
	return s.w, s.h
}

// Draw blends the stamp into dst (a 4:2:0 frame as compose writes them)
// with its top-left corner at (x, y) (x rounded down to even, so chroma
// lines up) and the given opacity (0..1). Parts outside dst are clipped.
// It does not allocate.
func (s *Stamp) Draw(dst *image.YCbCr, x, y int, opacity float64) {
	if s == nil || dst == nil {
		return
	}
	op := opacity256(opacity)
	if op == 0 {
		return
	}
	p := planesOf(dst)
	s.sp.draw(&p, x, y, op, nil)
}

// DrawRGBA is Draw for an RGBA picture (a preview or a thumbnail).
func (s *Stamp) DrawRGBA(dst *image.RGBA, x, y int, opacity float64) {
	if s == nil || dst == nil {
		return
	}
	op := opacity256(opacity)
	if op == 0 {
		return
	}
	r := image.Rect(x, y, x+s.w, y+s.h).Add(dst.Bounds().Min)
	draw.DrawMask(dst, r, s.rgba, image.Point{}, image.NewUniform(color.Alpha{uint8(min(255, op))}), image.Point{}, draw.Over)
}

// FillRect blends the colour c (opaque sRGB; its alpha is ignored) over
// the rectangle r of dst with the given opacity (0..1): a progress bar, a
// band behind a caption. r is clipped to dst; chroma is written for the
// 2x2 blocks whose top-left luma sample is inside r. It does not allocate.
func FillRect(dst *image.YCbCr, r image.Rectangle, c color.Color, opacity float64) {
	if dst == nil {
		return
	}
	op := opacity256(opacity)
	r = r.Intersect(dst.Rect)
	if op == 0 || r.Empty() {
		return
	}
	v := colorYUV(c)
	blend := func(d *uint8, to uint8) { *d = uint8(int32(*d) + ((int32(to)-int32(*d))*op+128)>>8) }
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := dst.Y[dst.YOffset(r.Min.X, y):]
		for i := range r.Dx() {
			blend(&row[i], v.Y)
		}
		if (y-dst.Rect.Min.Y)&1 != 0 {
			continue
		}
		for x := r.Min.X; x < r.Max.X; x++ {
			if (x-dst.Rect.Min.X)&1 != 0 {
				continue
			}
			o := dst.COffset(x, y)
			blend(&dst.Cb[o], v.Cb)
			blend(&dst.Cr[o], v.Cr)
		}
	}
}

// opacity256 maps 0..1 to 0..256 (NaN and negatives to 0).
func opacity256(o float64) int32 {
	if !(o > 0) {
		return 0
	}
	return int32(math.Round(math.Min(o, 1) * 256))
}
