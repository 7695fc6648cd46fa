package membudget

import (
	"encoding/binary"
	"image"
	"image/color"
	"io"
)

// DecodeBytes estimates the bytes a full decode of an image of this
// configuration allocates: width x height x bytes per pixel of the
// decoder's colour model (8 for 16-bit RGBA, 4 for 8-bit RGBA or CMYK, 2
// for 16-bit grey, 1 for grey or paletted). JPEG (format "image/jpeg")
// is costed from its frame header, read from r and leaving r at an
// unspecified position, since a progressive JPEG also keeps every DCT
// coefficient (4 bytes each) while it decodes.
func DecodeBytes(cfg image.Config, format string, r io.ReadSeeker) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	if format == "image/jpeg" {
		if perPx, ok := jpegCost(r); ok {
			return int64(float64(px) * perPx)
		}
		return px * 15 // unknown layout: 3 planes plus 3 coefficient planes
	}
	return px * BytesPerPixel(cfg.ColorModel)
}

// BytesPerPixel is the in-memory size of one pixel of the image type the
// standard decoders return for model m (8, the most, when unknown).
func BytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3 // 4:4:4 at worst
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel, color.NYCbCrAModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8
}

// jpegCost reads a JPEG's markers up to its frame header (SOFn) and
// returns the decode cost per pixel: one byte per sample of every
// component at its sampling factor, plus four per sample for a
// progressive frame (image/jpeg keeps int32 coefficients of the whole
// image). r is left at an unspecified position.
func jpegCost(r io.ReadSeeker) (float64, bool) {
	if _, err := r.Seek(2, io.SeekStart); err != nil { // past SOI
		return 0, false
	}
	var hdr [4]byte
	for range 1000 { // bounded walk over marker segments
		if _, err := io.ReadFull(r, hdr[:]); err != nil || hdr[0] != 0xFF {
			return 0, false
		}
		marker := hdr[1]
		n := int64(binary.BigEndian.Uint16(hdr[2:]))
		if n < 2 {
			return 0, false
		}
		isSOF := marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
		if !isSOF {
			if _, err := r.Seek(n-2, io.SeekCurrent); err != nil {
				return 0, false
			}
			continue
		}
		var sof [6]byte
		if _, err := io.ReadFull(r, sof[:]); err != nil {
			return 0, false
		}
		nc := int(sof[5])
		if nc < 1 || nc > 4 {
			return 0, false
		}
		comps := make([]byte, 3*nc)
		if _, err := io.ReadFull(r, comps); err != nil {
			return 0, false
		}
		hmax, vmax := 1, 1
		for i := range nc {
			hmax = max(hmax, int(comps[3*i+1]>>4))
			vmax = max(vmax, int(comps[3*i+1]&15))
		}
		var planes float64
		for i := range nc {
			h, v := int(comps[3*i+1]>>4), int(comps[3*i+1]&15)
			planes += float64(max(h, 1)*max(v, 1)) / float64(hmax*vmax)
		}
		// CMYK/YCCK (4 components) is converted to a 4-byte CMYK image.
		cost := planes
		if nc == 4 {
			cost = planes + 4
		}
		progressive := marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE
		if progressive {
			cost += 4 * planes
		}
		return cost, true
	}
	return 0, false
}
