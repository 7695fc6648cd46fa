package compose

import (
	"bufio"
	"fmt"
	"image"
	"io"
)

// PhotoInfo is what ProbePhoto learns from an image's header.
type PhotoInfo struct {
	Format        string // "jpeg", "png", "gif", "webp", "bmp" or "tiff"
	Width, Height int    // as stored (before EXIF orientation)
}

// ProbePhoto reads only an image's header and checks it as DecodePhoto
// would before decoding: a supported format, a sane size, at most
// o.MaxPixels pixels. It reads a few kilobytes at most for common files
// (a JPEG's markers up to its frame header), never the pixels. Every
// failure is a *DecodeError, except an error of r itself.
func ProbePhoto(r io.Reader, o DecodeOptions) (PhotoInfo, error) {
	o = o.withDefaults()
	br := bufio.NewReaderSize(io.LimitReader(r, o.MaxBytes), 4096)
	head, err := br.Peek(12)
	if len(head) == 0 && err != nil && err != io.EOF {
		return PhotoInfo{}, fmt.Errorf("compose: read photo: %w", err)
	}
	c := sniff(head)
	if c == nil {
		return PhotoInfo{}, &DecodeError{Kind: ErrNotImage}
	}
	cfg, err := safeConfigReader(c, br)
	if err != nil {
		return PhotoInfo{}, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return PhotoInfo{}, &DecodeError{Kind: ErrCorrupt, Format: c.name, Err: fmt.Errorf("size %dx%d", cfg.Width, cfg.Height)}
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(o.MaxPixels) {
		return PhotoInfo{}, &DecodeError{Kind: ErrTooLarge, Format: c.name,
			Err: &PixelsError{Width: cfg.Width, Height: cfg.Height, Max: o.MaxPixels}}
	}
	return PhotoInfo{Format: c.name, Width: cfg.Width, Height: cfg.Height}, nil
}

// safeConfigReader runs a codec's DecodeConfig on r, turning errors and
// panics into *DecodeError values.
func safeConfigReader(c *codec, r io.Reader) (cfg image.Config, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = panicError(c.name, v)
		}
	}()
	cfg, err = c.config(r)
	if err != nil {
		return cfg, classify(c.name, err)
	}
	return cfg, nil
}
