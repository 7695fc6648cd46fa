package compose

import "image"

// sprite is a pre-rendered RGBA overlay (text, a card) converted once to
// premultiplied BT.709 planes plus alpha, at an even frame position so that
// its chroma lines up with the frame's.
type sprite struct {
	x, y   int // top-left in the frame (even)
	w, h   int // luma size (even)
	yp, a  []uint8
	cbp    []uint8 // premultiplied chroma, (w/2) x (h/2)
	crp    []uint8
	ca     []uint8 // chroma alpha: average of the 2x2 alphas
	bounds image.Rectangle
}

// newSprite converts the premultiplied RGBA image m, to be drawn with its
// top-left at (x, y) of the frame. Returns nil for an empty image.
func newSprite(m *image.RGBA, x, y int) *sprite {
	if m == nil || m.Bounds().Empty() {
		return nil
	}
	b := m.Bounds()
	px, py := x&1, y&1 // pad odd positions with a transparent column/row
	w := (b.Dx() + px + 1) &^ 1
	h := (b.Dy() + py + 1) &^ 1
	s := &sprite{x: x - px, y: y - py, w: w, h: h,
		yp: make([]uint8, w*h), a: make([]uint8, w*h),
		cbp: make([]uint8, w*h/4), crp: make([]uint8, w*h/4), ca: make([]uint8, w*h/4)}
	s.bounds = image.Rect(s.x, s.y, s.x+w, s.y+h)
	at := func(sx, sy int) (r, g, bl, a int32) {
		sx -= px
		sy -= py
		if sx < 0 || sy < 0 || sx >= b.Dx() || sy >= b.Dy() {
			return
		}
		o := m.PixOffset(b.Min.X+sx, b.Min.Y+sy)
		p := m.Pix[o : o+4]
		return int32(p[0]), int32(p[1]), int32(p[2]), int32(p[3])
	}
	for cy := 0; cy < h/2; cy++ {
		for cx := 0; cx < w/2; cx++ {
			var sr, sg, sb, sa int32
			for _, d := range [4][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				X, Y := 2*cx+d[0], 2*cy+d[1]
				r, g, bl, a := at(X, Y)
				s.a[Y*w+X] = uint8(a)
				s.yp[Y*w+X] = clamp8((kYR*r + kYG*g + kYB*bl + 16*a*257 + 1<<15) >> 16)
				sr, sg, sb, sa = sr+r, sg+g, sb+bl, sa+a
			}
			i := cy*(w/2) + cx
			s.ca[i] = uint8((sa + 2) >> 2)
			s.cbp[i] = clamp8((kCbR*sr + kCbG*sg + kCbB*sb + 128*sa*257 + 1<<17) >> 18)
			s.crp[i] = clamp8((kCrR*sr + kCrG*sg + kCrB*sb + 128*sa*257 + 1<<17) >> 18)
		}
	}
	return s
}

// draw composites the sprite into dst moved by (dx, dy) (dx rounded down
// to even; an odd dy puts chroma half a chroma row off, which is invisible
// in motion), with opacity op (0..256). When limit is non-nil, only the
// sprite-local columns in [limit[row][0], limit[row][1]) are drawn
// (typewriter, words): luma exactly, chroma for the 2x2 blocks whose
// left column is inside.
func (s *sprite) draw(dst *planes, dx, dy int, op int32, limit [][2]int) {
	if s == nil || op <= 0 {
		return
	}
	op = min(op, 256)
	ox, oy := s.x+dx&^1, s.y+dy
	x0, y0 := max(0, -ox), max(0, -oy)
	x1, y1 := min(s.w, dst.w-ox), min(s.h, dst.h-oy)
	x0 = (x0 + 1) &^ 1
	if x1 <= x0 || y1 <= y0 {
		return
	}
	cs := s.w / 2
	xb := x0
	for y := y0; y < y1; y++ {
		x0, xe := xb, x1
		if limit != nil {
			x0 = max(x0, limit[y][0])
			xe = min(xe, limit[y][1])
		}
		if xe <= x0 {
			continue
		}
		fy := oy + y
		blendRow(dst.y[fy*dst.ys+ox+x0:fy*dst.ys+ox+xe], s.yp[y*s.w+x0:y*s.w+xe], s.a[y*s.w+x0:y*s.w+xe], op)
		if y&1 == 0 {
			cy, fcy := y/2, fy>>1
			if fcy < 0 || fcy >= dst.ch() {
				continue
			}
			cx0, cx1 := (x0+1)/2, min((xe+1)/2, dst.cw()-ox/2)
			if cx1 <= cx0 {
				continue
			}
			co := fcy*dst.cs + ox/2
			si := cy * cs
			blendRow(dst.cb[co+cx0:co+cx1], s.cbp[si+cx0:si+cx1], s.ca[si+cx0:si+cx1], op)
			blendRow(dst.cr[co+cx0:co+cx1], s.crp[si+cx0:si+cx1], s.ca[si+cx0:si+cx1], op)
		}
	}
}

// blendRow: d = d*(1-a*op) + p*op for premultiplied p.
func blendRow(d, p, a []uint8, op int32) {
	p, a = p[:len(d)], a[:len(d)]
	for i := range d {
		ai := int32(a[i])
		if ai == 0 {
			continue
		}
		A := ai * op >> 8
		A += A >> 7
		d[i] = uint8((int32(d[i])*(256-A) + int32(p[i])*op + 128) >> 8)
	}
}

// neutralPlate makes the sprite's plate (the coverage mask of the box
// behind its text, drawn with its top-left at (x, y) like the sprite's
// image; nil for none) opaque in chroma: under a translucent plate the
// photo shows through in luma only, so the plate takes the photo's
// lightness but never its hue (a dark plate over a yellow photo stays
// grey instead of turning olive). The plate's own colour and the text's
// keep their hue; luma and its alpha are unchanged, so the text's
// contrast is the one the plate was sized for.
func (s *sprite) neutralPlate(plate *image.Alpha, x, y int) {
	if s == nil || plate == nil {
		return
	}
	pb := plate.Bounds()
	px, py := x-s.x, y-s.y // the image's offset inside the padded sprite
	cov := func(X, Y int) int32 {
		X, Y = X-px, Y-py
		if X < 0 || Y < 0 || X >= pb.Dx() || Y >= pb.Dy() {
			return 0
		}
		return int32(plate.Pix[Y*plate.Stride+X])
	}
	cw := s.w / 2
	for cy := 0; cy < s.h/2; cy++ {
		for cx := 0; cx < cw; cx++ {
			c := (cov(2*cx, 2*cy) + cov(2*cx+1, 2*cy) + cov(2*cx, 2*cy+1) + cov(2*cx+1, 2*cy+1) + 2) >> 2
			i := cy*cw + cx
			a := int32(s.ca[i])
			if c <= a || a == 0 {
				continue
			}
			// keep the chroma's colour (premultiplied value over alpha), at alpha c
			s.cbp[i] = clamp8((int32(s.cbp[i])*c + a/2) / a)
			s.crp[i] = clamp8((int32(s.crp[i])*c + a/2) / a)
			s.ca[i] = uint8(c)
		}
	}
}
