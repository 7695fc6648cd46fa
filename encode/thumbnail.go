package encode

import (
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
)

// DefaultThumbnailQuality is the JPEG quality used when 0 is given.
const DefaultThumbnailQuality = 85

// WriteThumbnail encodes img as a baseline JPEG to w. quality is 1..100;
// 0 selects DefaultThumbnailQuality. img should be an RGB image such as
// *image.RGBA: image/jpeg takes an *image.YCbCr as JFIF samples (full-range
// BT.601), so the encoder's BT.709 limited-range Frame would come out with
// washed-out, shifted colours.
func WriteThumbnail(w io.Writer, img image.Image, quality int) error {
	if img == nil || img.Bounds().Empty() {
		return errors.New("encode: empty thumbnail image")
	}
	if quality == 0 {
		quality = DefaultThumbnailQuality
	}
	if quality < 1 || quality > 100 {
		return fmt.Errorf("%w: JPEG quality %d outside 1..100", ErrInvalidOptions, quality)
	}
	if err := jpeg.Encode(w, img, &jpeg.Options{Quality: quality}); err != nil {
		return fmt.Errorf("encode: thumbnail: %w", err)
	}
	return nil
}
