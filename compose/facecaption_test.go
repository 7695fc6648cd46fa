package compose

import (
	"image"
	"testing"

	"github.com/reelkit/reel/compose/text"
	"github.com/reelkit/reel/styles"
)

// TestFacesClearOfCaption: with a caption on the slide, framing keeps the
// faces out of the caption's box wherever some crop and Ken Burns view
// allow it, and still keeps every face inside every view. For each face
// photo (including faces in the lower part of a 3:2 photo), built-in
// style (and vanilla cropping under a narrower caption),
// 16:9 and 9:16 frame and move, an independent search over crop offsets
// (whole canvas in view) and over view centres (each end of the move, at
// the fitted zoom, on a 1/1000 grid, one side of the caption for both
// ends) decides whether an alternative exists; where it does, no known
// face box may intersect the caption box in any frame sampled every 2 %.
func TestFacesClearOfCaption(t *testing.T) {
	t.Parallel()
	cases := faceCases(t)
	cases["landscape-3:2-bottom"] = func() (*Photo, []image.Rectangle) {
		return facePhoto(t, "01.jpg", 1500, 1000, 180, image.Pt(660, 560))
	}
	cases["landscape-3:2-bottom-small"] = func() (*Photo, []image.Rectangle) {
		return facePhoto(t, "06.jpg", 1500, 1000, 60, image.Pt(340, 860))
	}
	const caption = "A caption long enough to span much of the frame's width"
	const eps = 1e-9
	// The built-in styles, and vanilla always cropping under a caption
	// half the safe width wide (a cover crop that slides sideways in 9:16).
	all := append(styles.Builtin().List(), styleWith(t, "vanilla", func(s *styles.Style) {
		s.MachineName = "vanilla-crop"
		s.Fill.Mode = styles.FillCrop
		s.Caption.Width = 0.5
	}))
	cleared, checked := 0, 0
	for name, mk := range cases {
		p, known := mk()
		fc := p.findFocus()
		for _, st := range all {
			if st.Overlays.Frame != nil || st.Fill.Centred {
				continue
			}
			for _, sz := range [][2]int{{1280, 720}, {720, 1280}} {
				w, h := sz[0], sz[1]
				pl, err := text.Caption(st, w, h, caption, nil)
				if err != nil {
					t.Fatal(err)
				}
				rc := pl.Rect()
				if rc.Empty() {
					t.Fatalf("%s: empty caption box", st.MachineName)
				}
				av := &box{float64(rc.Min.X) / float64(w), float64(rc.Min.Y) / float64(h), float64(rc.Max.X) / float64(w), float64(rc.Max.Y) / float64(h)}
				for mi, m := range st.Motion.Moves {
					cw, ch := canvasSize(w, h, headroom(m))
					canvas := image.Rect(0, 0, cw, ch)
					fr := framePhoto(st, p.Bounds(), cw, ch, fc, av)
					if fr.keep == nil {
						t.Fatalf("%s %s: no faces kept", name, st.MachineName)
					}
					// The crop chooser: if some crop offset holds the faces
					// clear of the caption (whole canvas in view), the
					// chosen one does.
					if fr.cover && cropAlternative(p.Bounds(), fr.crop, union(fc.faces).Intersect(p.Bounds()), av) {
						if k := fr.keep; overlapsBox(*k, *av, eps) {
							t.Errorf("%s %s %dx%d: crop %v puts the faces %+v in the caption %+v though a clear crop exists",
								name, st.MachineName, w, h, fr.crop, *k, *av)
						}
					}
					alt := viewAlternative(m, fr.keep, av)
					for _, kr := range known {
						kb := keepBox(kr, fr.crop, fr.dst, canvas)
						for i := 0; i <= 50; i++ {
							c := keptCamera(m, float64(i)/50, fr.keep, fr.avoid)
							hv := 0.5 / c.z
							if kb.x0 < c.cx-hv-eps || kb.x1 > c.cx+hv+eps || kb.y0 < c.cy-hv-eps || kb.y1 > c.cy+hv+eps {
								t.Errorf("%s %s %dx%d move %d (%s) at %d%%: face %v leaves the view %+v", name, st.MachineName, w, h, mi, m.Kind, 2*i, kr, c)
								break
							}
							if !alt {
								continue
							}
							checked++
							f := inView(*kb, c)
							if overlapsBox(f, *av, eps) {
								t.Errorf("%s %s %dx%d move %d (%s) at %d%%: face %v at %+v in the caption box %+v though views clear of it exist",
									name, st.MachineName, w, h, mi, m.Kind, 2*i, kr, f, *av)
								break
							}
						}
					}
					// Without the caption box some frame showed a face in it.
					if fr0 := framePhoto(st, p.Bounds(), cw, ch, fc, nil); alt && fr0.keep != nil {
						for i := 0; i <= 50; i++ {
							if overlapsBox(inView(*fr0.keep, keptCamera(m, float64(i)/50, fr0.keep, nil)), *av, eps) {
								cleared++
								break
							}
						}
					}
				}
			}
		}
	}
	if cleared == 0 || checked == 0 {
		t.Errorf("no case where the caption changed the framing (cleared %d, frames checked %d)", cleared, checked)
	}
	t.Logf("%d moves cleared of the caption, %d face frames checked", cleared, checked)
}

// inView maps k (fractions of the canvas) into the view of c (fractions
// of the frame).
func inView(k box, c camera) box {
	h := 0.5 / c.z
	f := func(v, o float64) float64 { return (v - (o - h)) / (2 * h) }
	return box{f(k.x0, c.cx), f(k.y0, c.cy), f(k.x1, c.cx), f(k.y1, c.cy)}
}

// overlapsBox reports whether a and b share more than eps on both axes.
func overlapsBox(a, b box, eps float64) bool {
	return a.x1 > b.x0+eps && a.x0 < b.x1-eps && a.y1 > b.y0+eps && a.y0 < b.y1-eps
}

// cropAlternative reports whether some offset of crop along the photo's
// long axis (1 px steps) holds faces with them clear of av, whole canvas
// in view.
func cropAlternative(pb, crop, faces image.Rectangle, av *box) bool {
	frac := func(r image.Rectangle) box {
		return box{float64(faces.Min.X-r.Min.X) / float64(r.Dx()), float64(faces.Min.Y-r.Min.Y) / float64(r.Dy()),
			float64(faces.Max.X-r.Min.X) / float64(r.Dx()), float64(faces.Max.Y-r.Min.Y) / float64(r.Dy())}
	}
	for x := pb.Min.X; x+crop.Dx() <= pb.Max.X; x++ {
		for y := pb.Min.Y; y+crop.Dy() <= pb.Max.Y; y++ {
			r := image.Rect(x, y, x+crop.Dx(), y+crop.Dy())
			if faces.In(r) && !overlapsBox(frac(r), *av, 1e-9) {
				return true
			}
		}
	}
	return false
}

// viewAlternative reports whether both ends of move m, at their fitted
// zoom, have a centre (1/1000 grid along one axis) whose view holds k,
// lies in the canvas and shows k on the same side of av.
func viewAlternative(m styles.Motion, k, av *box) bool {
	ends := []camera{fitCamera(motionCamera(m, 0), k), fitCamera(motionCamera(m, 1), k)}
	const eps = 1e-9
	for side := 0; side < 4; side++ {
		both := true
		for _, e := range ends {
			found := false
			h := 0.5 / e.z
			for i := 0; i <= 1000 && !found; i++ {
				c := e
				v := h + (1-2*h)*float64(i)/1000
				if side < 2 {
					c.cy = v
				} else {
					c.cx = v
				}
				if k.x0 < c.cx-h-eps || k.x1 > c.cx+h+eps || k.y0 < c.cy-h-eps || k.y1 > c.cy+h+eps {
					continue
				}
				f := inView(*k, c)
				switch side {
				case 0:
					found = f.y1 <= av.y0+eps
				case 1:
					found = f.y0 >= av.y1-eps
				case 2:
					found = f.x1 <= av.x0+eps
				case 3:
					found = f.x0 >= av.x1-eps
				}
			}
			both = both && found
		}
		if both {
			return true
		}
	}
	return false
}
