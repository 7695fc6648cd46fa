package audio

import (
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"unicode/utf16"
)

// id3Tag is what Probe keeps of an ID3 tag.
type id3Tag struct {
	Title, Artist string
	Cover         bool
}

const maxID3Text = 4096 // longer text frames are ignored, not read

// syncsafe decodes a 28-bit ID3v2 "syncsafe" integer; ok is false when a
// byte has its top bit set.
func syncsafe(b []byte) (n int64, ok bool) {
	for _, c := range b[:4] {
		if c&0x80 != 0 {
			return 0, false
		}
		n = n<<7 | int64(c)
	}
	return n, true
}

// id3v2Size reports the total size of the ID3v2 tag whose 10-byte header is
// h (header, body and optional footer), or 0 when h is not an ID3v2 header.
func id3v2Size(h []byte) int64 {
	if len(h) < 10 || string(h[:3]) != "ID3" || h[3] == 0xff || h[4] == 0xff {
		return 0
	}
	n, ok := syncsafe(h[6:10])
	if !ok {
		return 0
	}
	n += 10
	if h[3] >= 4 && h[5]&0x10 != 0 {
		n += 10 // footer
	}
	return n
}

// readID3v2 parses the frames of the ID3v2 tag at the reader's position
// (start of the "ID3" header, of total size size) and fills t. It never
// fails: a malformed tag body just yields fewer fields. Large frames
// (pictures) are skipped with Seek, not read.
func readID3v2(r io.ReadSeeker, start, size int64, t *id3Tag) {
	var h [10]byte
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return
	}
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return
	}
	ver, flags := h[3], h[5]
	if ver < 2 || ver > 4 {
		return
	}
	pos := start + 10
	end := start + size
	if ver >= 4 && flags&0x10 != 0 {
		end -= 10
	}
	if flags&0x40 != 0 && ver >= 3 { // extended header
		var e [4]byte
		if _, err := io.ReadFull(r, e[:]); err != nil {
			return
		}
		var n int64
		if ver == 4 {
			n, _ = syncsafe(e[:])
		} else {
			n = int64(binary.BigEndian.Uint32(e[:])) + 4
		}
		pos += n
	}
	idLen, hdrLen := 4, 10
	if ver == 2 {
		idLen, hdrLen = 3, 6
	}
	fh := make([]byte, hdrLen)
	for pos+int64(hdrLen) <= end {
		if _, err := r.Seek(pos, io.SeekStart); err != nil {
			return
		}
		if _, err := io.ReadFull(r, fh); err != nil {
			return
		}
		if fh[0] == 0 { // padding
			return
		}
		id := string(fh[:idLen])
		var n int64
		switch ver {
		case 2:
			n = int64(fh[3])<<16 | int64(fh[4])<<8 | int64(fh[5])
		case 3:
			n = int64(binary.BigEndian.Uint32(fh[4:8]))
		default:
			var ok bool
			if n, ok = syncsafe(fh[4:8]); !ok {
				n = int64(binary.BigEndian.Uint32(fh[4:8]))
			}
		}
		body := pos + int64(hdrLen)
		if n <= 0 || body+n > end {
			return
		}
		switch id {
		case "APIC", "PIC":
			t.Cover = true
		case "TIT2", "TT2", "TPE1", "TP1":
			if n <= maxID3Text {
				b := make([]byte, n)
				if _, err := io.ReadFull(r, b); err != nil {
					return
				}
				s := id3Text(b)
				switch id {
				case "TIT2", "TT2":
					if t.Title == "" {
						t.Title = s
					}
				default:
					if t.Artist == "" {
						t.Artist = s
					}
				}
			}
		}
		pos = body + n
	}
}

// id3Text decodes an ID3v2 text frame body: encoding byte, then text.
func id3Text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	enc, b := b[0], b[1:]
	var s string
	switch enc {
	case 1, 2: // UTF-16 with BOM, UTF-16BE
		be := enc == 2
		if len(b) >= 2 && b[0] == 0xff && b[1] == 0xfe {
			be, b = false, b[2:]
		} else if len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff {
			be, b = true, b[2:]
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			if be {
				u[i] = binary.BigEndian.Uint16(b[2*i:])
			} else {
				u[i] = binary.LittleEndian.Uint16(b[2*i:])
			}
		}
		s = string(utf16.Decode(u))
	case 3:
		s = strings.ToValidUTF8(string(b), "\uFFFD")
	default:
		s = latin1(b)
	}
	if i := strings.IndexByte(s, 0); i >= 0 { // first of several values
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// parseID3v1 reads title and artist from a 128-byte ID3v1 tag.
func parseID3v1(b []byte, t *id3Tag) {
	field := func(f []byte) string {
		if i := bytes.IndexByte(f, 0); i >= 0 {
			f = f[:i]
		}
		return strings.TrimSpace(latin1(f))
	}
	if t.Title == "" {
		t.Title = field(b[3:33])
	}
	if t.Artist == "" {
		t.Artist = field(b[33:63])
	}
}
