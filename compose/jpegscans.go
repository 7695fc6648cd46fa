package compose

import "bytes"

// maxJPEGScans bounds the scans of a JPEG. Every scan is a pass over all
// blocks of its components, so a small file of thousands of tiny
// progressive scans (an EOB run each) would keep the decoder busy for
// minutes. Encoders write at most a few dozen (libjpeg's progression: 10).
const maxJPEGScans = 256

// jpegScans counts the start-of-scan markers of a JPEG, walking its
// segments and skipping entropy-coded data, without decoding anything.
// It stops at the first malformed marker (the decoder reports those).
func jpegScans(b []byte) int {
	n, p := 0, 2
	for p+4 <= len(b) {
		if b[p] != 0xFF {
			return n
		}
		m := b[p+1]
		switch {
		case m == 0xFF: // fill byte
			p++
			continue
		case m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			p += 2
			continue
		case m == 0xD9:
			return n
		}
		l := int(b[p+2])<<8 | int(b[p+3])
		if l < 2 {
			return n
		}
		p += 2 + l
		if m != 0xDA {
			continue
		}
		n++
		// Entropy-coded data runs to the next marker: 0xFF followed by
		// anything but a stuffed 0x00 or a restart marker.
		for p < len(b) {
			i := bytes.IndexByte(b[p:], 0xFF)
			if i < 0 || p+i+1 >= len(b) {
				return n
			}
			p += i
			if c := b[p+1]; c != 0 && (c < 0xD0 || c > 0xD7) {
				break
			}
			p += 2
		}
	}
	return n
}
