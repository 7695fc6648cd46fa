package audio

import "encoding/binary"

// mp3Header is a parsed MPEG audio frame header.
type mp3Header struct {
	Version    int // 1 = MPEG-1, 2 = MPEG-2, 25 = MPEG-2.5
	Layer      int // 1, 2 or 3
	CRC        bool
	Bitrate    int // bit/s; 0 = free format
	SampleRate int
	Padding    bool
	Channels   int
	Size       int // bytes, header included; 0 for free format
	Samples    int // per channel per frame
}

var (
	mp3Bitrates = [2][3][16]int{ // [mpeg1?0:1][layer-1][index], kbit/s
		{
			{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
			{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
		},
		{
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
		},
	}
	mp3Rates = [3]int{44100, 48000, 32000}
)

// parseMP3Header parses the 4 bytes at b; ok is false when they are not a
// valid frame header.
func parseMP3Header(b []byte) (h mp3Header, ok bool) {
	if len(b) < 4 {
		return h, false
	}
	w := binary.BigEndian.Uint32(b)
	if w&0xffe00000 != 0xffe00000 {
		return h, false
	}
	ver := (w >> 19) & 3
	layer := (w >> 17) & 3
	bri := (w >> 12) & 15
	sri := (w >> 10) & 3
	if ver == 1 || layer == 0 || bri == 15 || sri == 3 || w&3 == 2 {
		return h, false
	}
	h.Layer = int(4 - layer)
	h.CRC = w&0x10000 == 0
	h.SampleRate = mp3Rates[sri]
	lsf := 1
	switch ver {
	case 3:
		h.Version, lsf = 1, 0
	case 2:
		h.Version = 2
		h.SampleRate /= 2
	default:
		h.Version = 25
		h.SampleRate /= 4
	}
	h.Bitrate = mp3Bitrates[lsf][h.Layer-1][bri] * 1000
	h.Padding = w&0x200 != 0
	h.Channels = 2
	if (w>>6)&3 == 3 {
		h.Channels = 1
	}
	pad := 0
	if h.Padding {
		pad = 1
	}
	switch h.Layer {
	case 1:
		h.Samples = 384
		h.Size = (12*h.Bitrate/h.SampleRate + pad) * 4
	case 2:
		h.Samples = 1152
		h.Size = 144*h.Bitrate/h.SampleRate + pad
	default:
		h.Samples = 1152
		h.Size = 144*h.Bitrate/h.SampleRate + pad
		if lsf == 1 {
			h.Samples = 576
			h.Size = 72*h.Bitrate/h.SampleRate + pad
		}
	}
	return h, true
}

// sameStream reports whether two frame headers can belong to one stream.
func (h mp3Header) sameStream(o mp3Header) bool {
	return h.Version == o.Version && h.Layer == o.Layer && h.SampleRate == o.SampleRate
}

// sideInfoSize is the size of the Layer III side information.
func (h mp3Header) sideInfoSize() int {
	switch {
	case h.Version == 1 && h.Channels == 1:
		return 17
	case h.Version == 1:
		return 32
	case h.Channels == 1:
		return 9
	default:
		return 17
	}
}

// vbrInfo is what a Xing/Info (with LAME extension) or VBRI header says.
type vbrInfo struct {
	Frames         int64 // audio frames, the header frame excluded; 0 if unknown
	Bytes          int64
	Delay, Padding int // encoder delay and end padding, samples (LAME tag)
	Kind           string
}

// parseVBRHeader looks for a Xing/Info or VBRI header in the first frame f
// (header included). ok is false when there is none.
func parseVBRHeader(h mp3Header, f []byte) (v vbrInfo, ok bool) {
	off := 4 + h.sideInfoSize()
	if h.CRC {
		off += 2
	}
	if len(f) >= off+8 && (string(f[off:off+4]) == "Xing" || string(f[off:off+4]) == "Info") {
		v.Kind = string(f[off : off+4])
		flags := binary.BigEndian.Uint32(f[off+4:])
		p := off + 8
		if flags&1 != 0 && len(f) >= p+4 {
			v.Frames = int64(binary.BigEndian.Uint32(f[p:]))
			p += 4
		}
		if flags&2 != 0 && len(f) >= p+4 {
			v.Bytes = int64(binary.BigEndian.Uint32(f[p:]))
			p += 4
		}
		if flags&4 != 0 {
			p += 100
		}
		if flags&8 != 0 {
			p += 4
		}
		// LAME extension: 9-byte encoder string, then delay/padding at +21.
		if len(f) >= p+24 {
			enc := string(f[p : p+4])
			if enc == "LAME" || enc == "Lavc" || enc == "Lavf" || enc == "GOGO" {
				d := f[p+21:]
				v.Delay = int(d[0])<<4 | int(d[1])>>4
				v.Padding = int(d[1]&15)<<8 | int(d[2])
			}
		}
		return v, true
	}
	if len(f) >= 36+18 && string(f[36:40]) == "VBRI" {
		v.Kind = "VBRI"
		v.Bytes = int64(binary.BigEndian.Uint32(f[36+10:]))
		v.Frames = int64(binary.BigEndian.Uint32(f[36+14:]))
		return v, true
	}
	return v, false
}
