package compose

import (
	_ "embed"
	"image"
	"math"
	"sync"

	pigo "github.com/esimov/pigo/core"
)

// facefinder is pigo's frontal-face cascade (see cascade/README.md).
//
//go:embed cascade/facefinder
var facefinder []byte

// faceClassifier unpacks the cascade once per process; the classifier is
// read-only afterwards and safe for concurrent use.
var faceClassifier = sync.OnceValues(func() (*pigo.Pigo, error) {
	return pigo.NewPigo().Unpack(facefinder)
})

// Face detection parameters. A detection's quality must reach faceQuality
// (pigo's score; its examples use 5). The search runs on a grey copy at
// most faceLen pixels on its long side, for faces of at least faceMinSize
// pixels there: faces smaller than about 1/32 of the photo's long side
// are not found (and so not protected by framing).
const (
	faceQuality = 5.0
	faceLen     = 640
	faceMinSize = 20
	faceMargin  = 0.15 // each side of a detected face box, of its size
	saliencyLen = 96   // long side of the saliency map
)

// detectFaces finds frontal faces in img with pigo's cascade (upright
// faces only, no rotation search) and returns their boxes in img's
// coordinates, each grown by faceMargin on every side (hair, chin) and
// clipped to img, in a deterministic order (pigo's clustering sorts by
// position). It never fails: a cascade that cannot unpack means no faces.
func detectFaces(img *image.RGBA) []image.Rectangle {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < faceMinSize || h < faceMinSize {
		return nil
	}
	step := faceStep(w, h)
	gw, gh := w/step, h/step
	gray := make([]uint8, gw*gh)
	for gy := 0; gy < gh; gy++ {
		for gx := 0; gx < gw; gx++ {
			var sum int
			for y := gy * step; y < (gy+1)*step; y++ {
				row := img.Pix[img.PixOffset(b.Min.X+gx*step, b.Min.Y+y):]
				for x := 0; x < step; x++ {
					r, g, bl := int(row[4*x]), int(row[4*x+1]), int(row[4*x+2])
					sum += (13933*r + 46871*g + 4732*bl + 1<<15) >> 16
				}
			}
			gray[gy*gw+gx] = uint8(sum / (step * step))
		}
	}
	return runCascade(gray, gw, gh, step, b)
}

// detectFacesLuma is detectFaces on a w x h BT.709 limited-range luma
// plane (rows stride bytes apart), such as a video clip's picture: the
// cascade reads grey levels, so no colour conversion is needed; the
// limited range is stretched to full range as it is averaged.
func detectFacesLuma(lum []uint8, stride, w, h int) []image.Rectangle {
	if w < faceMinSize || h < faceMinSize {
		return nil
	}
	step := faceStep(w, h)
	gw, gh := w/step, h/step
	gray := make([]uint8, gw*gh)
	n := step * step
	for gy := 0; gy < gh; gy++ {
		for gx := 0; gx < gw; gx++ {
			var sum int
			for y := gy * step; y < (gy+1)*step; y++ {
				row := lum[y*stride+gx*step : y*stride+gx*step+step]
				for _, v := range row {
					sum += int(v)
				}
			}
			v := ((sum-16*n)*255 + 219*n/2) / (219 * n)
			gray[gy*gw+gx] = uint8(min(max(v, 0), 255))
		}
	}
	return runCascade(gray, gw, gh, step, image.Rect(0, 0, w, h))
}

// faceStep is the box-averaging factor of the grey copy the cascade runs
// on: at most faceLen pixels on its long side (the search costs about
// area x scales, and at working size it took seconds per photo).
func faceStep(w, h int) int {
	return max(1, (max(w, h)+faceLen-1)/faceLen)
}

// runCascade finds faces in a gw x gh grey picture that is the picture b
// box-averaged by step, and returns their boxes in b's coordinates (see
// detectFaces).
func runCascade(gray []uint8, gw, gh, step int, b image.Rectangle) []image.Rectangle {
	cl, err := faceClassifier()
	if err != nil || gw < faceMinSize || gh < faceMinSize {
		return nil
	}
	dets := cl.RunCascade(pigo.CascadeParams{
		MinSize:     faceMinSize,
		MaxSize:     min(gw, gh),
		ShiftFactor: 0.1,
		ScaleFactor: 1.1,
		ImageParams: pigo.ImageParams{Pixels: gray, Rows: gh, Cols: gw, Dim: gw},
	}, 0)
	dets = cl.ClusterDetections(dets, 0.2)
	var faces []image.Rectangle
	for _, d := range dets {
		if float64(d.Q) < faceQuality {
			continue
		}
		k := float64(step)
		half := float64(d.Scale) * k * (0.5 + faceMargin)
		col, row := (float64(d.Col)+0.5)*k, (float64(d.Row)+0.5)*k
		r := image.Rect(
			int(math.Floor(col-half)), int(math.Floor(row-half)),
			int(math.Ceil(col+half)), int(math.Ceil(row+half)),
		).Add(b.Min).Intersect(b)
		if !r.Empty() {
			faces = append(faces, r)
		}
	}
	return faces
}

// saliencyPoint estimates where the interest of a photo without faces
// lies: the centroid of its edge energy (the gradient magnitude of luma
// on a map of at most saliencyLen pixels a side), pulled halfway towards
// the centre so a single busy corner does not dominate. Flat photos give
// the centre. The point is in img's coordinates.
func saliencyPoint(img *image.RGBA) image.Point {
	b := img.Bounds()
	return saliencyOf(b, func(x, y int) float64 {
		o := img.PixOffset(x, y)
		return 0.2126*float64(img.Pix[o]) + 0.7152*float64(img.Pix[o+1]) + 0.0722*float64(img.Pix[o+2])
	})
}

// saliencyLuma is saliencyPoint on a w x h luma plane (rows stride bytes
// apart), in its coordinates.
func saliencyLuma(lum []uint8, stride, w, h int) image.Point {
	return saliencyOf(image.Rect(0, 0, w, h), func(x, y int) float64 {
		return float64(lum[y*stride+x])
	})
}

// saliencyOf is saliencyPoint on a picture with bounds b whose luma at
// (x, y) is lumAt(x, y) (sampled at most saliencyLen times a side).
func saliencyOf(b image.Rectangle, lumAt func(x, y int) float64) image.Point {
	w, h := b.Dx(), b.Dy()
	cx, cy := b.Min.X+w/2, b.Min.Y+h/2
	if w < 4 || h < 4 {
		return image.Pt(cx, cy)
	}
	s := math.Max(1, float64(max(w, h))/saliencyLen)
	mw, mh := max(2, int(float64(w)/s)), max(2, int(float64(h)/s))
	lum := make([]float64, mw*mh)
	for y := 0; y < mh; y++ {
		for x := 0; x < mw; x++ {
			px := b.Min.X + int((float64(x)+0.5)*float64(w)/float64(mw))
			py := b.Min.Y + int((float64(y)+0.5)*float64(h)/float64(mh))
			lum[y*mw+x] = lumAt(px, py)
		}
	}
	var sum, sx, sy float64
	for y := 1; y < mh-1; y++ {
		for x := 1; x < mw-1; x++ {
			gx := lum[y*mw+x+1] - lum[y*mw+x-1]
			gy := lum[(y+1)*mw+x] - lum[(y-1)*mw+x]
			e := math.Sqrt(gx*gx + gy*gy)
			sum += e
			sx += e * (float64(x) + 0.5)
			sy += e * (float64(y) + 0.5)
		}
	}
	if sum < 1e-6*float64(mw*mh) {
		return image.Pt(cx, cy)
	}
	fx := (sx/sum/float64(mw) + 0.5) / 2
	fy := (sy/sum/float64(mh) + 0.5) / 2
	return image.Pt(b.Min.X+int(math.Round(fx*float64(w))), b.Min.Y+int(math.Round(fy*float64(h))))
}

// focus is what framing keeps in view: the faces found in a photo (in its
// working-size coordinates) and, for a photo without faces, the saliency
// point the crop is centred on. The zero focus (on false) means centred
// framing.
type focus struct {
	on    bool
	faces []image.Rectangle
	point image.Point
}

// findFocus runs face detection and, when no face is found, the saliency
// estimate on a working-size photo.
func findFocus(img *image.RGBA) focus {
	if f := detectFaces(img); len(f) > 0 {
		return focus{on: true, faces: f, point: center(union(f))}
	}
	return focus{on: true, point: saliencyPoint(img)}
}

// findFocusLuma is findFocus on a w x h limited-range luma plane (rows
// stride bytes apart), such as a video clip's picture.
func findFocusLuma(lum []uint8, stride, w, h int) focus {
	if f := detectFacesLuma(lum, stride, w, h); len(f) > 0 {
		return focus{on: true, faces: f, point: center(union(f))}
	}
	return focus{on: true, point: saliencyLuma(lum, stride, w, h)}
}

// union is the smallest rectangle holding every r.
func union(rs []image.Rectangle) image.Rectangle {
	var u image.Rectangle
	for _, r := range rs {
		u = u.Union(r)
	}
	return u
}

func center(r image.Rectangle) image.Point {
	return image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
}
