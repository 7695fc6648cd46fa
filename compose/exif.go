package compose

import (
	"bytes"
	"encoding/binary"
)

// Orientation is an EXIF/TIFF orientation (1..8): the transform a viewer
// applies to the stored pixels to show the picture upright.
type Orientation int

// jpegOrientation finds the EXIF orientation in a JPEG's APP1 segment. It
// returns 1 when there is none or it is malformed (a bad EXIF block never
// fails a photo).
func jpegOrientation(b []byte) Orientation {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return 1
	}
	p := 2
	for p+4 <= len(b) {
		if b[p] != 0xFF {
			return 1
		}
		m := b[p+1]
		if m == 0xFF { // fill byte
			p++
			continue
		}
		if m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) {
			p += 2
			continue
		}
		if m == 0xDA || m == 0xD9 { // start of scan / end: no more metadata
			return 1
		}
		n := int(b[p+2])<<8 | int(b[p+3])
		if n < 2 || p+2+n > len(b) {
			return 1
		}
		seg := b[p+4 : p+2+n]
		if m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		p += 2 + n
	}
	return 1
}

// webpOrientation finds the orientation in a WebP's EXIF chunk.
func webpOrientation(b []byte) Orientation {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return 1
	}
	p := 12
	for p+8 <= len(b) {
		id := string(b[p : p+4])
		n := int(binary.LittleEndian.Uint32(b[p+4 : p+8]))
		if n < 0 || n > len(b)-p-8 {
			return 1
		}
		if id == "EXIF" {
			c := b[p+8 : p+8+n]
			c = bytes.TrimPrefix(c, []byte("Exif\x00\x00"))
			return tiffOrientation(c)
		}
		p += 8 + n + n&1
	}
	return 1
}

// tiffOrientation reads tag 0x0112 of IFD0 of a TIFF structure (an EXIF
// block or a whole TIFF file). It returns 1 when absent or invalid.
func tiffOrientation(t []byte) Orientation {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:4]) != 42 {
		return 1
	}
	off := int64(bo.Uint32(t[4:8]))
	if off < 8 || off+2 > int64(len(t)) {
		return 1
	}
	n := int64(bo.Uint16(t[off : off+2]))
	for i := int64(0); i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > int64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:e+2]) != 0x0112 {
			continue
		}
		typ, cnt := bo.Uint16(t[e+2:e+4]), bo.Uint32(t[e+4:e+8])
		var v uint32
		switch {
		case typ == 3 && cnt >= 1: // SHORT, stored inline
			v = uint32(bo.Uint16(t[e+8 : e+10]))
		case typ == 4 && cnt == 1: // LONG (seen in the wild)
			v = bo.Uint32(t[e+8 : e+12])
		default:
			return 1
		}
		if v >= 1 && v <= 8 {
			return Orientation(v)
		}
		return 1
	}
	return 1
}
