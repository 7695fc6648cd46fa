package compose

import (
	"context"
	"fmt"
	"image"
	"math"
	"time"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// ClipTolerance is how far (relative difference) a clip's aspect may be
// from the frame's for the clip to cover the frame (cropped). A clip
// further off (a portrait phone clip in a 16:9 video, a landscape clip in
// a 9:16 one) is shown whole, contained, over a backdrop made once per
// slide from its first picture: blurred, darkened and desaturated like a
// photo's blur fill (or the style's bars colour when the style fills with
// bars). A style whose fill mode is crop always crops clips too.
const ClipTolerance = 0.15

// clipDesaturate is how much of its colour a contained clip's backdrop
// loses (0..256): it stays a hint of the clip's colours, never competes
// with the clip.
const clipDesaturate = 160

// clipLook is how a Renderer draws a video slide, decided once from its
// first picture.
type clipLook struct {
	contain  bool
	dst      image.Rectangle // contain: where the clip goes (even bounds)
	backdrop *planes         // contain: the w x h picture behind the clip
	// Cover: the centre of the crop as fractions of the picture (0.5,
	// 0.5: centred), the faces it holds as fractions of the crop (nil
	// without) and the caption's box (frame fractions) they are kept
	// clear of when the style moves clips (nil without faces or caption).
	cx, cy      float64
	keep, avoid *box
}

// buildClip prepares a video slide: framing, backdrop and caption.
//
// A clip that covers the frame is framed once, from its first picture
// and the pictures across its played part that the clip offers
// (ClipFraming), as a photo is: the faces found in their luma planes are
// held in the crop (all of them where they fit, else the group one crop
// holds best, see clipFocus) and kept clear of the caption's box where
// the crop can slide that far, and without faces the crop is centred on
// the pictures' mean saliency point (see focusCrop); the style's
// Fill.Centred keeps it centred. The crop then stays put for the whole
// slide: no per-frame detection, no jitter.
func (r *Renderer) buildClip(s *Slide, d *slideData, warn *text.Env, enter, readable float64) error {
	st, w, h := r.slideStyle(s), r.w, r.h
	if s.Clip == nil {
		return fmt.Errorf("compose: video slide %d has no clip", s.Index)
	}
	first, err := s.Clip.FrameAt(context.Background(), 0)
	if err != nil {
		return fmt.Errorf("compose: clip of slide %d: %w", s.Index, err)
	}
	if first == nil || first.Rect.Dx() < 2 || first.Rect.Dy() < 2 {
		return fmt.Errorf("compose: clip of slide %d gave an empty picture", s.Index)
	}
	d.motion = styles.Motion{Kind: styles.MotionNone}
	if st.Motion.Clips {
		d.motion = pickMotion(st.Motion, s.Index)
	}
	// The caption is laid out first: framing keeps faces clear of its box.
	var p text.Placed
	var avoid *box
	if s.Caption != "" {
		if p, err = text.Caption(st, w, h, s.Caption, warn); err != nil {
			return fmt.Errorf("compose: caption of slide %d: %w", s.Index, err)
		}
		if rc := p.Rect().Intersect(image.Rect(0, 0, w, h)); !rc.Empty() {
			avoid = &box{float64(rc.Min.X) / float64(w), float64(rc.Min.Y) / float64(h),
				float64(rc.Max.X) / float64(w), float64(rc.Max.Y) / float64(h)}
		}
	}
	fw, fh := first.Rect.Dx(), first.Rect.Dy()
	look := &clipLook{cx: 0.5, cy: 0.5}
	if st.Fill.Mode != styles.FillCrop && !aspectWithin(fw, fh, w, h, ClipTolerance) {
		look.contain = true
		c := containRect(first.Rect.Sub(first.Rect.Min), image.Rect(0, 0, w, h))
		// Even bounds, so the chroma planes of the view line up.
		look.dst = image.Rect(c.Min.X&^1, c.Min.Y&^1, (c.Max.X+1)&^1, (c.Max.Y+1)&^1).Intersect(image.Rect(0, 0, w, h))
		look.backdrop = clipBackdrop(st, first, w, h)
	} else if pb := image.Rect(0, 0, fw, fh); !st.Fill.Centred && coverRect(pb, w, h) != pb {
		fc, err := clipFocus(s.Clip, first, w, h)
		if err != nil {
			return fmt.Errorf("compose: clip of slide %d: %w", s.Index, err)
		}
		crop, faces := focusCrop(pb, w, h, fc, avoid)
		look.cx = float64(crop.Min.X+crop.Max.X) / 2 / float64(fw)
		look.cy = float64(crop.Min.Y+crop.Max.Y) / 2 / float64(fh)
		look.keep = keepBox(faces, crop, image.Rect(0, 0, w, h), image.Rect(0, 0, w, h))
		look.avoid = avoidFor(look.keep, avoid)
	}
	d.clip = look
	if s.Caption == "" {
		return nil
	}
	// A plate behind the caption where the clip's first picture under it
	// is too bright (or too dark) for the text colour (see contrast.go).
	if rc := p.Rect(); !rc.Empty() {
		pic := newPlanes(w, h)
		var wt warpTables
		var ws warpScratch
		r.drawClip(pic, d, first, 0, 0, h, &wt, &ws)
		rgba := image.NewRGBA(image.Rect(0, 0, w, h))
		planesToRGBA(rgba, pic)
		still := &slideData{motion: styles.Motion{Kind: styles.MotionNone}, canvas: pic}
		if ts, plated := captionPlate(st.Caption.Text, captionSamples(st, still, rgba, w, h, rc)); plated {
			pst := *st
			pst.Caption.Text = ts
			if p, err = text.Caption(&pst, w, h, s.Caption, warn); err != nil {
				return fmt.Errorf("compose: caption of slide %d: %w", s.Index, err)
			}
		}
	}
	d.addText(p, st.Caption.Animation, enter, st.Caption.AnimDuration, textDeadline(s.Kind, st.Caption.Animation, readable), s.Beats)
	return nil
}

// clipBackdrop is the w x h picture behind a contained clip: the style's
// bars colour, or the first picture blurred and dimmed as a photo's blur
// fill and then desaturated.
func clipBackdrop(st *styles.Style, first *image.YCbCr, w, h int) *planes {
	c := image.NewRGBA(image.Rect(0, 0, w, h))
	if st.Fill.Mode == styles.FillBars {
		fillRect(c, c.Bounds(), nrgba(st.Fill.Colour))
		out := newPlanes(w, h)
		rgbaToPlanes(out, c)
		return out
	}
	fp := planesOf(first)
	img := image.NewRGBA(image.Rect(0, 0, fp.w, fp.h))
	planesToRGBA(img, &fp)
	drawBlurFill(c, img, st.Fill)
	out := newPlanes(w, h)
	rgbaToPlanes(out, c)
	for _, pl := range [][]uint8{out.cb, out.cr} {
		mixConst(pl, 128, clipDesaturate)
	}
	return out
}

// clipTime is a shot's time as the clip's clock.
func clipTime(t float64) time.Duration {
	if !(t > 0) {
		return 0
	}
	return time.Duration(math.Round(t * float64(time.Second)))
}

// drawClip draws the clip picture f of a video slide at progress prog
// into luma rows [y0, y1) (even) of p: warped straight from the picture's
// planes, covering the frame (through the Ken Burns camera when the style
// moves clips) or contained over the slide's backdrop.
func (r *Renderer) drawClip(p *planes, d *slideData, f *image.YCbCr, prog float64, y0, y1 int, wt *warpTables, ws *warpScratch) {
	src := planesOf(f)
	look := d.clip
	if !look.contain {
		cam := keptCamera(d.motion, ease(r.style.Motion.Easing, prog), look.keep, look.avoid)
		warpPlanes(p, &src, coverView(src.w, src.h, r.w, r.h, look.cx, look.cy, cam), y0, y1, wt, ws)
		return
	}
	mixPlaneRows(p, look.backdrop, y0, y1, 256)
	dst := look.dst
	a, b := max(y0, dst.Min.Y), min(y1, dst.Max.Y)
	if b <= a || dst.Dx() < 2 {
		return
	}
	sub := p.view(dst)
	v := viewport{sx: float64(src.w) / float64(dst.Dx()), sy: float64(src.h) / float64(dst.Dy())}
	warpPlanes(&sub, &src, v, (a-dst.Min.Y)&^1, b-dst.Min.Y, wt, ws)
}

// coverView is the viewport that shows a sw x sh picture covering a w x h
// frame (the crop of the frame's aspect centred at fractions cx, cy of
// the picture, as far as the picture allows; 0.5, 0.5 is the centred
// crop) through camera cam over that crop.
func coverView(sw, sh, w, h int, cx, cy float64, cam camera) viewport {
	cw, ch := float64(sw), float64(sh)
	if fa := float64(w) / float64(h); cw/ch > fa {
		cw = ch * fa
	} else {
		ch = cw / fa
	}
	clamp := func(v, hi float64) float64 { return math.Min(hi, math.Max(0, v)) }
	x0 := clamp(cx*float64(sw)-cw/2, float64(sw)-cw)
	y0 := clamp(cy*float64(sh)-ch/2, float64(sh)-ch)
	vw, vh := cw/cam.z, ch/cam.z
	return viewport{
		x0: x0 + cam.cx*cw - vw/2,
		y0: y0 + cam.cy*ch - vh/2,
		sx: vw / float64(w),
		sy: vh / float64(h),
	}
}

// view is the part r (even bounds, inside p) of p as planes of its own,
// sharing p's memory.
func (p *planes) view(r image.Rectangle) planes {
	x0, y0 := r.Min.X, r.Min.Y
	return planes{
		y:  p.y[y0*p.ys+x0:],
		cb: p.cb[y0/2*p.cs+x0/2:],
		cr: p.cr[y0/2*p.cs+x0/2:],
		ys: p.ys, cs: p.cs, w: r.Dx(), h: r.Dy(),
	}
}
