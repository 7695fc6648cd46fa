// Package nalu splits H.264 and HEVC access units into NAL units, from
// either of the two framings a clip can use: length-prefixed (AVCC/HVCC,
// as MP4 stores samples, each NAL unit preceded by a big-endian length of
// 1, 2 or 4 bytes) or Annex B (each NAL unit preceded by a 00 00 01 or
// 00 00 00 01 start code). The returned NAL units alias the input: no
// byte is copied.
package nalu

import (
	"errors"
	"fmt"
)

// ErrFraming is wrapped by every error about an access unit whose NAL
// unit framing cannot be read.
var ErrFraming = errors.New("nalu: bad NAL unit framing")

// MaxNALUs bounds the number of NAL units one access unit may hold, so
// that a hostile sample cannot make a caller allocate without limit.
const MaxNALUs = 4096

// SplitLengthPrefixed splits au, a sequence of NAL units each preceded by
// its big-endian length in lengthSize bytes (1, 2 or 4), and appends the
// units to dst. A zero-length unit is skipped. It fails, returning dst
// unchanged, when a length runs past the end of au or lengthSize is not
// 1, 2 or 4.
func SplitLengthPrefixed(dst [][]byte, au []byte, lengthSize int) ([][]byte, error) {
	if lengthSize != 1 && lengthSize != 2 && lengthSize != 4 {
		return dst, fmt.Errorf("%w: NAL length size %d (want 1, 2 or 4)", ErrFraming, lengthSize)
	}
	start := len(dst)
	for i := 0; i < len(au); {
		if len(au)-i < lengthSize {
			return dst[:start], fmt.Errorf("%w: %d trailing bytes are shorter than a %d-byte length", ErrFraming, len(au)-i, lengthSize)
		}
		n := 0
		for _, b := range au[i : i+lengthSize] {
			n = n<<8 | int(b)
		}
		i += lengthSize
		if n > len(au)-i {
			return dst[:start], fmt.Errorf("%w: NAL unit of %d bytes at offset %d overruns the %d-byte access unit", ErrFraming, n, i, len(au))
		}
		if n > 0 {
			if len(dst)-start >= MaxNALUs {
				return dst[:start], fmt.Errorf("%w: more than %d NAL units in one access unit", ErrFraming, MaxNALUs)
			}
			dst = append(dst, au[i:i+n])
		}
		i += n
	}
	return dst, nil
}

// HasStartCode reports whether b begins with an Annex B start code
// (00 00 01 or 00 00 00 01).
func HasStartCode(b []byte) bool {
	return len(b) >= 3 && b[0] == 0 && b[1] == 0 && (b[2] == 1 || (len(b) >= 4 && b[2] == 0 && b[3] == 1))
}

// SplitAnnexB splits an Annex B byte stream into its NAL units (start
// codes and the zero bytes that pad them removed) and appends them to
// dst. Bytes before the first start code are ignored.
func SplitAnnexB(dst [][]byte, b []byte) ([][]byte, error) {
	start := len(dst)
	unit := -1 // start of the current NAL unit's payload
	for i := 0; i+2 < len(b); {
		if b[i+2] > 1 {
			i += 3
			continue
		}
		if b[i] != 0 || b[i+1] != 0 || b[i+2] != 1 {
			i++
			continue
		}
		if unit >= 0 {
			var ok bool
			if dst, ok = appendUnit(dst, b[unit:i], start); !ok {
				return dst[:start], fmt.Errorf("%w: more than %d NAL units in one access unit", ErrFraming, MaxNALUs)
			}
		}
		i += 3
		unit = i
	}
	if unit >= 0 {
		var ok bool
		if dst, ok = appendUnit(dst, b[unit:], start); !ok {
			return dst[:start], fmt.Errorf("%w: more than %d NAL units in one access unit", ErrFraming, MaxNALUs)
		}
	}
	return dst, nil
}

// appendUnit appends u without its trailing zero bytes (the leading zero
// of a 4-byte start code, trailing_zero_8bits), skipping an empty unit.
func appendUnit(dst [][]byte, u []byte, start int) ([][]byte, bool) {
	for len(u) > 0 && u[len(u)-1] == 0 {
		u = u[:len(u)-1]
	}
	if len(u) == 0 {
		return dst, true
	}
	if len(dst)-start >= MaxNALUs {
		return dst, false
	}
	return append(dst, u), true
}

// Split splits one access unit. With lengthSize 4 and an input that does
// not parse exactly as length-prefixed NAL units but starts with a start
// code, it is read as Annex B instead: this is how callers without a
// decoder configuration record accept both framings. Every other
// lengthSize means the framing is known (from avcC or hvcC) and only
// length prefixes are accepted.
func Split(dst [][]byte, au []byte, lengthSize int) ([][]byte, error) {
	out, err := SplitLengthPrefixed(dst, au, lengthSize)
	if lengthSize == 4 && HasStartCode(au) && (err != nil || !plausible(out[len(dst):])) {
		return SplitAnnexB(dst, au)
	}
	return out, err
}

// plausible reports whether units look like NAL units: each is at least
// two bytes long (every H.264 and HEVC NAL header with payload is) and
// has its forbidden_zero_bit clear.
func plausible(units [][]byte) bool {
	for _, u := range units {
		if len(u) < 2 || u[0]&0x80 != 0 {
			return false
		}
	}
	return len(units) > 0
}

// AppendAnnexB appends the NAL unit u to dst in Annex B form with
// a 4-byte start code, the form OpenH264 reads.
func AppendAnnexB(dst, u []byte) []byte {
	return append(append(dst, 0, 0, 0, 1), u...)
}
