package bmff

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// boxHeader is one box's position: the box spans [off, off+size) and its
// payload starts at off+hdr.
type boxHeader struct {
	typ       string
	off, size int64
	hdr       int64
}

// topLevelTypes are the box types that may start an MP4 or MOV file; the
// first box must be one of them, which tells a media file from anything
// else cheaply.
var topLevelTypes = map[string]bool{
	"ftyp": true, "moov": true, "mdat": true, "free": true, "skip": true,
	"wide": true, "pnot": true, "uuid": true, "meta": true, "styp": true,
	"sidx": true, "moof": true, "PICT": true, "junk": true, "pdin": true,
}

// readBoxHeader reads the header of the box at off in a container that
// ends at end. A size of 0 means "to the end"; a box reaching past end is
// returned with its declared size (the caller decides whether that is
// truncation or an error).
func readBoxHeader(r io.ReaderAt, off, end int64) (boxHeader, error) {
	var b [16]byte
	if end-off < 8 {
		return boxHeader{}, fmt.Errorf("bmff: %d stray bytes at offset %d", end-off, off)
	}
	if _, err := r.ReadAt(b[:8], off); err != nil {
		return boxHeader{}, fmt.Errorf("bmff: box header at offset %d: %w", off, err)
	}
	h := boxHeader{typ: string(b[4:8]), off: off, hdr: 8}
	size := int64(binary.BigEndian.Uint32(b[:4]))
	switch size {
	case 0:
		size = end - off
	case 1:
		if end-off < 16 {
			return boxHeader{}, fmt.Errorf("bmff: %q box at offset %d: 64-bit size cut off", h.typ, off)
		}
		if _, err := r.ReadAt(b[8:16], off+8); err != nil {
			return boxHeader{}, fmt.Errorf("bmff: box header at offset %d: %w", off, err)
		}
		u := binary.BigEndian.Uint64(b[8:16])
		if u > 1<<62 {
			return boxHeader{}, fmt.Errorf("bmff: %q box at offset %d: absurd size %d", h.typ, off, u)
		}
		size = int64(u)
		h.hdr = 16
	}
	if size < h.hdr {
		return boxHeader{}, fmt.Errorf("bmff: %q box at offset %d: size %d is smaller than its header", h.typ, off, size)
	}
	h.size = size
	return h, nil
}

// topLevel walks the file's top-level boxes and returns the ftyp and moov
// boxes (moov nil when there is none). The first box decides whether the
// input is an MP4/MOV at all.
func topLevel(r io.ReaderAt, size int64) (ftyp, moov *boxHeader, err error) {
	var off int64
	for n := 0; off < size; n++ {
		if n >= maxTopBoxes {
			return nil, nil, fmt.Errorf("bmff: more than %d top-level boxes", maxTopBoxes)
		}
		h, err := readBoxHeader(r, off, size)
		if err != nil {
			if n == 0 {
				return nil, nil, fmt.Errorf("%w (%v)", ErrNotBMFF, err)
			}
			if moov != nil {
				break // trailing junk after a complete moov: ignore
			}
			return nil, nil, err
		}
		if n == 0 && (!topLevelTypes[h.typ] || h.size > size && h.typ != "mdat") {
			return nil, nil, fmt.Errorf("%w: it starts with %q", ErrNotBMFF, printable(h.typ))
		}
		switch h.typ {
		case "ftyp":
			if ftyp == nil {
				ftyp = &h
			}
		case "moov":
			if moov == nil {
				if off+h.size > size {
					return nil, nil, fmt.Errorf("moov box (%d bytes at offset %d) ends past the end of the %d-byte file: %w", h.size, off, size, ErrTruncated)
				}
				moov = &h
			}
		}
		if h.size > size-off {
			break // a box (typically mdat) runs past the end: sample checks say what is missing
		}
		off += h.size
	}
	if moov == nil {
		if ftyp == nil {
			return nil, nil, fmt.Errorf("%w: no ftyp or moov box", ErrNotBMFF)
		}
		return nil, nil, errors.New("bmff: no moov box (a fragmented or unfinished recording?)")
	}
	return ftyp, moov, nil
}

// printable renders a fourcc for an error message.
func printable(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '.'
		}
	}
	return string(b)
}
