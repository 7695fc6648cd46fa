// Command gen derives reel's test photographs from Debian's mate-backgrounds
// package (GPL-2+). It is run once by make.sh; its output is committed.
//
// Outputs (in the current directory):
//
//	01.jpg .. 12.jpg   the twelve nature photographs, long side <= 1600 px,
//	                   JPEG quality lowered until each is <= 360 KB
//	portrait.jpg       a 3:4 portrait crop of 05
//	exif-rotated.jpg   07 stored rotated, with EXIF orientation 6 (displays upright)
//	alpha.png          08 with a soft transparent oval vignette (NRGBA)
//	gray.jpg           09 as a grayscale JPEG
//	cmyk.jpg           10 as an Adobe CMYK JPEG (4 components, inverted as Photoshop writes)
//	progressive.jpg    11 as a progressive JPEG (spectral selection)
package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

const src = "/usr/share/backgrounds/mate/nature"

var names = []string{
	"Aqua", "Blinds", "Dune", "FreshFlower", "Garden", "GreenMeadow",
	"LadyBird", "RainDrops", "Storm", "TwoWings", "Wood", "YellowFlower",
}

func main() {
	var photos []*image.RGBA
	for i, n := range names {
		img := load(filepath.Join(src, n+".jpg"))
		img = fit(img, 1600)
		photos = append(photos, img)
		writeJPEGBudget(fmt.Sprintf("%02d.jpg", i+1), img, 360<<10)
	}
	// portrait: 3:4 centre crop of 05, 900x1200
	p := photos[4]
	b := p.Bounds()
	cw := b.Dy() * 3 / 4
	crop := p.SubImage(image.Rect(b.Min.X+(b.Dx()-cw)/2, b.Min.Y, b.Min.X+(b.Dx()-cw)/2+cw, b.Max.Y))
	portrait := image.NewRGBA(image.Rect(0, 0, 900, 1200))
	draw.CatmullRom.Scale(portrait, portrait.Bounds(), crop, crop.Bounds(), draw.Src, nil)
	writeJPEGBudget("portrait.jpg", portrait, 300<<10)

	// exif-rotated: stored rotated 90° CCW so that orientation 6 (rotate CW) shows it upright.
	small := fit(photos[6], 1280)
	writeEXIF("exif-rotated.jpg", orient(small, 8), 6)

	// alpha.png: soft oval alpha over 08.
	a := fit(photos[7], 640)
	ab := a.Bounds()
	nr := image.NewNRGBA(ab)
	for y := ab.Min.Y; y < ab.Max.Y; y++ {
		for x := ab.Min.X; x < ab.Max.X; x++ {
			c := a.RGBAAt(x, y)
			dx := (float64(x)+0.5)/float64(ab.Dx())*2 - 1
			dy := (float64(y)+0.5)/float64(ab.Dy())*2 - 1
			d := math.Sqrt(dx*dx + dy*dy)
			al := math.Min(1, math.Max(0, (1.0-d)/0.25))
			nr.SetNRGBA(x, y, color.NRGBA{c.R, c.G, c.B, uint8(al*255 + 0.5)})
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	check(enc.Encode(&buf, nr))
	check(os.WriteFile("alpha.png", buf.Bytes(), 0o644))

	// gray.jpg
	g := fit(photos[8], 1280)
	gray := image.NewGray(g.Bounds())
	draw.Draw(gray, gray.Bounds(), g, g.Bounds().Min, draw.Src)
	writeJPEGBudget("gray.jpg", gray, 250<<10)

	// cmyk.jpg and progressive.jpg use the small encoder in jpegw.go.
	c := fit(photos[9], 1024)
	check(os.WriteFile("cmyk.jpg", encodeCMYK(c, 85), 0o644))
	pr := fit(photos[10], 1280)
	check(os.WriteFile("progressive.jpg", encodeProgressive(pr, 85), 0o644))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func load(path string) *image.RGBA {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	img, err := jpeg.Decode(f)
	check(err)
	rgba := image.NewRGBA(img.Bounds().Sub(img.Bounds().Min))
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba
}

// fit scales img so that its long side is at most max pixels.
func fit(img *image.RGBA, max int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= max && h <= max {
		return img
	}
	if w >= h {
		h = (h*max + w/2) / w
		w = max
	} else {
		w = (w*max + h/2) / h
		h = max
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

func writeJPEGBudget(name string, img image.Image, budget int) {
	for q := 90; q >= 50; q -= 4 {
		var buf bytes.Buffer
		check(jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}))
		if buf.Len() <= budget || q <= 54 {
			check(os.WriteFile(name, buf.Bytes(), 0o644))
			return
		}
	}
}

// writeEXIF writes img as a JPEG with an APP1 EXIF segment holding only
// the orientation tag.
func writeEXIF(name string, img image.Image, orientation uint16) {
	var buf bytes.Buffer
	check(jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}))
	check(os.WriteFile(name, withEXIF(buf.Bytes(), orientation), 0o644))
}

// withEXIF inserts an EXIF APP1 segment (big-endian TIFF, IFD0 with one
// Orientation entry) right after SOI.
func withEXIF(j []byte, orientation uint16) []byte {
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, byte(orientation >> 8), byte(orientation), 0, 0,
		0, 0, 0, 0} // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff...)
	n := len(payload) + 2
	seg := append([]byte{0xFF, 0xE1, byte(n >> 8), byte(n)}, payload...)
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	return append(out, j[2:]...)
}

// orient applies EXIF orientation o (the transform a viewer applies to the
// stored pixels) to img.
func orient(img *image.RGBA, o int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 1:
				dx, dy = x, y
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			dst.SetRGBA(dx, dy, img.RGBAAt(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}
