package compose

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"sync"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// Defaults of DecodeOptions.
const (
	DefaultMaxPixels  = 64_000_000
	DefaultMaxBytes   = 256 << 20
	DefaultWorkWidth  = 1664 // 1280x720 plus 30 % Ken Burns headroom
	DefaultWorkHeight = 936
)

// DecodeOptions bound and size a photo decode. The zero value is usable.
type DecodeOptions struct {
	// MaxPixels rejects images with more pixels (width*height, read from the
	// header before any pixel is decoded). 0 means DefaultMaxPixels.
	MaxPixels int
	// MaxBytes rejects inputs longer than this. 0 means DefaultMaxBytes.
	MaxBytes int64
	// WorkWidth and WorkHeight: the photo is pre-scaled (down only) to the
	// smallest size that still covers WorkWidth x WorkHeight, which must be
	// at least the largest output frame times its Ken Burns headroom.
	// 0 means DefaultWorkWidth x DefaultWorkHeight.
	WorkWidth, WorkHeight int
}

func (o DecodeOptions) withDefaults() DecodeOptions {
	if o.MaxPixels <= 0 {
		o.MaxPixels = DefaultMaxPixels
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.WorkWidth <= 0 || o.WorkHeight <= 0 {
		o.WorkWidth, o.WorkHeight = DefaultWorkWidth, DefaultWorkHeight
	}
	return o
}

// Photo is a decoded, upright, pre-scaled photograph, ready for any number
// of renderers. It is immutable and safe for concurrent use; it is freed by
// the garbage collector once no Slide refers to it (a Renderer drops its
// per-slide copies in Release).
type Photo struct {
	img    *image.RGBA // premultiplied, upright, origin (0,0)
	opaque bool
	format string
	srcW   int // upright size before pre-scaling
	srcH   int

	focusOnce sync.Once // faces and saliency, found on first use
	focus     focus
}

// Faces returns the boxes of the frontal faces found in the working-size
// image (pigo's cascade, each box grown by a margin for hair and chin), in
// its coordinates. Detection runs once per photo, on first use by a
// Faces call or a Renderer, and is cached with the decode.
func (p *Photo) Faces() []image.Rectangle {
	return append([]image.Rectangle(nil), p.findFocus().faces...)
}

func (p *Photo) findFocus() focus {
	p.focusOnce.Do(func() { p.focus = findFocus(p.img) })
	return p.focus
}

// Format is the container format: "jpeg", "png", "gif", "webp", "bmp", "tiff".
func (p *Photo) Format() string { return p.format }

// SourceSize is the upright size of the original image.
func (p *Photo) SourceSize() (w, h int) { return p.srcW, p.srcH }

// Bounds is the size of the pre-scaled working image.
func (p *Photo) Bounds() image.Rectangle { return p.img.Bounds() }

// Opaque reports whether the photo has no transparent pixels.
func (p *Photo) Opaque() bool { return p.opaque }

// Image returns the pre-scaled working image (premultiplied RGBA). Callers
// must not modify it.
func (p *Photo) Image() *image.RGBA { return p.img }

// NewPhoto wraps an already decoded image (e.g. a generated pattern) as a
// Photo, pre-scaled like DecodePhoto does.
func NewPhoto(img image.Image, o DecodeOptions) *Photo {
	o = o.withDefaults()
	b := img.Bounds()
	rgba := toRGBA(img)
	return &Photo{img: prescale(rgba, o.WorkWidth, o.WorkHeight), opaque: rgba.Opaque(), format: "image", srcW: b.Dx(), srcH: b.Dy()}
}

type codec struct {
	name   string
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

var codecs = [...]codec{
	{"jpeg", jpeg.DecodeConfig, jpeg.Decode},
	{"png", png.DecodeConfig, png.Decode},
	{"gif", gif.DecodeConfig, gif.Decode}, // first frame
	{"webp", webp.DecodeConfig, webp.Decode},
	{"bmp", bmp.DecodeConfig, bmp.Decode},
	{"tiff", tiff.DecodeConfig, tiff.Decode},
}

// sniff returns the codec for b's magic bytes, or nil.
func sniff(b []byte) *codec {
	has := func(p string) bool { return bytes.HasPrefix(b, []byte(p)) }
	switch {
	case has("\xFF\xD8\xFF"):
		return &codecs[0]
	case has("\x89PNG\r\n\x1a\n"):
		return &codecs[1]
	case has("GIF87a"), has("GIF89a"):
		return &codecs[2]
	case len(b) >= 12 && has("RIFF") && string(b[8:12]) == "WEBP":
		return &codecs[3]
	case has("BM"):
		return &codecs[4]
	case has("II*\x00"), has("MM\x00*"):
		return &codecs[5]
	}
	return nil
}

// DecodePhoto reads a whole image (JPEG incl. progressive, CMYK and
// grayscale; PNG 8/16-bit, paletted, with alpha; GIF first frame; WebP; BMP;
// TIFF), checks its pixel count from the header before decoding, honours
// the EXIF orientation (JPEG APP1, WebP EXIF chunk, TIFF IFD0) and
// pre-scales it once with a box prefilter plus Catmull-Rom, reading the
// decoder's image row by row: beyond the decoder's own buffer, memory is
// the working-size result and a few rows (no full-size RGBA copy). Transparent
// pixels are kept (premultiplied); a Renderer composites them over the
// style's background. Every failure is a *DecodeError; decoders never panic
// through it.
func DecodePhoto(r io.Reader, o DecodeOptions) (*Photo, error) {
	o = o.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, o.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("compose: read photo: %w", err)
	}
	if int64(len(data)) > o.MaxBytes {
		return nil, &DecodeError{Kind: ErrTooLarge, Err: fmt.Errorf("more than %d bytes", o.MaxBytes)}
	}
	c := sniff(data)
	if c == nil {
		return nil, &DecodeError{Kind: ErrNotImage}
	}
	cfg, err := safeConfig(c, data)
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, &DecodeError{Kind: ErrCorrupt, Format: c.name, Err: fmt.Errorf("size %dx%d", cfg.Width, cfg.Height)}
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(o.MaxPixels) {
		return nil, &DecodeError{Kind: ErrTooLarge, Format: c.name,
			Err: &PixelsError{Width: cfg.Width, Height: cfg.Height, Max: o.MaxPixels}}
	}
	if c.name == "jpeg" {
		if n := jpegScans(data); n > maxJPEGScans {
			return nil, &DecodeError{Kind: ErrTooLarge, Format: c.name, Err: fmt.Errorf("%d scans, more than %d", n, maxJPEGScans)}
		}
	}
	img, err := safeDecode(c, data)
	if err != nil {
		return nil, err
	}
	screen := image.Rect(0, 0, cfg.Width, cfg.Height)
	org := img.Bounds().Min
	if b := img.Bounds(); c.name == "gif" && b != screen && b.In(screen) && !b.Empty() {
		// a first frame smaller than the logical screen: it sits on a
		// transparent screen-sized canvas
		org = image.Point{}
	} else if b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, &DecodeError{Kind: ErrCorrupt, Format: c.name, Err: fmt.Errorf("decoded %v, header says %dx%d", b, cfg.Width, cfg.Height)}
	}
	var ori Orientation = 1
	switch c.name {
	case "jpeg":
		ori = jpegOrientation(data)
	case "webp":
		ori = webpOrientation(data)
	case "tiff":
		ori = tiffOrientation(data)
	}
	opaque := isOpaque(img) && img.Bounds().Sub(org) == screen
	// Work in the stored orientation with the target turned to match, so
	// the integer box reduction (cheap, alias-free) and the Catmull-Rom
	// pass run first, row by row from the decoder's own image (no
	// full-size RGBA copy), and only the small result is oriented.
	var src rowSource = newImageRows(img, org, cfg.Width, cfg.Height)
	tw, th := o.WorkWidth, o.WorkHeight
	if ori.swapsAxes() {
		tw, th = th, tw
	}
	if f := boxFactor(cfg.Width, cfg.Height, tw, th); f > 1 {
		src = rgbaRows{boxReduce(src, f)}
	}
	w, h := cfg.Width, cfg.Height
	if ori.swapsAxes() {
		w, h = h, w
	}
	return &Photo{img: orient(prescaleRows(src, tw, th), ori), opaque: opaque, format: c.name, srcW: w, srcH: h}, nil
}

// isOpaque reports whether img has no transparent pixel (every decoder's
// image type has an Opaque method).
func isOpaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return toRGBA(img).Opaque()
}

func safeConfig(c *codec, data []byte) (cfg image.Config, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = panicError(c.name, v)
		}
	}()
	cfg, err = c.config(bytes.NewReader(data))
	if err != nil {
		// image/gif reports a short header with %s, losing io.ErrUnexpectedEOF
		if looksTruncated(c.name, data) {
			return cfg, &DecodeError{Kind: ErrTruncated, Format: c.name, Err: err}
		}
		return cfg, classify(c.name, err)
	}
	return cfg, nil
}

func safeDecode(c *codec, data []byte) (img image.Image, err error) {
	defer func() {
		if v := recover(); v != nil {
			img, err = nil, panicError(c.name, v)
		}
	}()
	img, err = c.decode(bytes.NewReader(data))
	if err != nil {
		if looksTruncated(c.name, data) {
			return nil, &DecodeError{Kind: ErrTruncated, Format: c.name, Err: err}
		}
		return nil, classify(c.name, err)
	}
	return img, nil
}

// looksTruncated reports whether data lacks the end marker its format
// always carries, so a decoder error is better reported as truncation.
func looksTruncated(format string, data []byte) bool {
	tail := data[max(0, len(data)-16):]
	switch format {
	case "jpeg":
		return !bytes.Contains(tail, []byte{0xFF, 0xD9})
	case "png":
		return !bytes.Contains(tail, []byte("IEND"))
	case "gif":
		return len(tail) == 0 || tail[len(tail)-1] != 0x3B
	}
	return false
}

// toRGBA converts any image to premultiplied RGBA with origin (0,0), using
// image/draw's fast paths (YCbCr, Gray, CMYK, NRGBA, ...).
func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && m.Bounds().Min == (image.Point{}) {
		return m
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
	return dst
}

// coverScale is the factor (<= 1) that makes w x h just cover ww x wh.
func coverScale(w, h, ww, wh int) float64 {
	return math.Min(1, math.Max(float64(ww)/float64(w), float64(wh)/float64(h)))
}

// boxFactor is the integer box reduction that keeps at least twice the
// final size, so the Catmull-Rom pass that follows is never aliased.
func boxFactor(w, h, ww, wh int) int {
	s := coverScale(w, h, ww, wh)
	return max(1, int(1/s/2))
}
