package server

import "bytes"

// sniffImage names the image format of the first bytes of a file, or "".
func sniffImage(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	}
	return ""
}

// looksLikeAudio reports whether b starts like an MP3 (ID3v2 tag or MPEG
// audio frame sync) or a WAV file: such a file that fails to probe is
// corrupt (400), anything else is of an unsupported type (415).
func looksLikeAudio(b []byte) bool {
	switch {
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WAVE":
		return true
	case bytes.HasPrefix(b, []byte("ID3")):
		return true
	case len(b) >= 2 && b[0] == 0xFF && b[1]&0xE0 == 0xE0:
		return true
	}
	return false
}

// looksLikeClip reports whether b starts like an ISO BMFF file (MP4,
// MOV: a box type at offset 4 that such files start with), a GIF or a
// WebP: such a file that fails to probe is corrupt (400), anything else
// is of an unsupported type (415).
func looksLikeClip(b []byte) bool {
	if len(b) >= 8 {
		switch string(b[4:8]) {
		case "ftyp", "moov", "mdat", "wide", "free", "skip", "pnot":
			return true
		}
	}
	switch sniffImage(b) {
	case "image/gif", "image/webp":
		return true
	}
	return false
}
