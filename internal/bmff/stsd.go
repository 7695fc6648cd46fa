package bmff

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// parseStsd reads the first sample entry of a sample description box
// payload into t: codec fourcc, coded size, codec configuration, colour
// description and audio format.
func parseStsd(t *Track, p []byte) error {
	if len(p) < 8 {
		return errors.New("stsd box is too short")
	}
	if binary.BigEndian.Uint32(p[4:8]) == 0 {
		return errors.New("stsd box has no sample entry")
	}
	p = p[8:]
	if len(p) < 16 {
		return errors.New("stsd sample entry is cut short")
	}
	size := int(binary.BigEndian.Uint32(p[:4]))
	if size < 16 || size > len(p) {
		return fmt.Errorf("stsd sample entry size %d does not fit its %d-byte box", size, len(p))
	}
	e := p[:size]
	t.Codec = string(e[4:8])
	body := e[16:] // after size, type, reserved[6], data_reference_index
	switch t.Kind {
	case VideoTrack:
		return parseVisualEntry(t, body)
	case AudioTrack:
		return parseAudioEntry(t, body)
	}
	return nil
}

// parseVisualEntry reads a VisualSampleEntry body (after the 16-byte
// SampleEntry header) and its child boxes.
func parseVisualEntry(t *Track, b []byte) error {
	const fixed = 70 // pre_defined .. pre_defined after depth
	if len(b) < fixed {
		return fmt.Errorf("%s sample entry is cut short", printable(t.Codec))
	}
	t.Width = int(binary.BigEndian.Uint16(b[16:18]))
	t.Height = int(binary.BigEndian.Uint16(b[18:20]))
	return eachChild(b[fixed:], func(typ string, body []byte) error {
		switch typ {
		case "avcC", "hvcC":
			if t.Config == nil {
				t.Config = append([]byte(nil), body...)
			}
		case "colr":
			parseColr(t, body)
		}
		return nil
	})
}

// parseColr reads an nclx (ISO) or nclc (QuickTime) colour description.
func parseColr(t *Track, b []byte) {
	if len(b) < 10 {
		return
	}
	kind := string(b[:4])
	if kind != "nclx" && kind != "nclc" {
		return // ICC profiles: not used
	}
	t.ColourPrimaries = int(binary.BigEndian.Uint16(b[4:6]))
	t.TransferCharacteristics = int(binary.BigEndian.Uint16(b[6:8]))
	t.MatrixCoefficients = int(binary.BigEndian.Uint16(b[8:10]))
	if kind == "nclx" && len(b) >= 11 {
		t.FullRange = b[10]&0x80 != 0
	}
}

// parseAudioEntry reads an AudioSampleEntry body, with the QuickTime
// sound description versions 1 and 2, and its child boxes (esds, maybe
// inside a wave box).
func parseAudioEntry(t *Track, b []byte) error {
	if len(b) < 20 {
		return fmt.Errorf("%s sample entry is cut short", printable(t.Codec))
	}
	version := binary.BigEndian.Uint16(b[0:2])
	t.Channels = int(binary.BigEndian.Uint16(b[8:10]))
	t.BitsPerSample = int(binary.BigEndian.Uint16(b[10:12]))
	t.SampleRate = int(binary.BigEndian.Uint32(b[16:20]) >> 16)
	rest := b[20:]
	switch version {
	case 1:
		if len(rest) < 16 {
			return errors.New("QuickTime sound description v1 is cut short")
		}
		rest = rest[16:]
	case 2:
		if len(rest) < 36 {
			return errors.New("QuickTime sound description v2 is cut short")
		}
		rate := math.Float64frombits(binary.BigEndian.Uint64(rest[4:12]))
		if rate > 0 && rate < 1e7 {
			t.SampleRate = int(math.Round(rate))
		}
		t.Channels = int(binary.BigEndian.Uint32(rest[12:16]))
		t.BitsPerSample = int(binary.BigEndian.Uint32(rest[20:24]))
		flags := binary.BigEndian.Uint32(rest[24:28])
		t.Float = flags&1 != 0
		t.LittleEndian = flags&2 == 0
		rest = rest[36:]
	}
	switch t.Codec {
	case "sowt":
		t.LittleEndian = true
	case "twos":
		t.LittleEndian = false
	case "fl32", "fl64":
		t.Float = true
	}
	if t.Channels > 64 {
		return fmt.Errorf("%d audio channels", t.Channels)
	}
	var walk func(typ string, body []byte) error
	walk = func(typ string, body []byte) error {
		switch typ {
		case "wave":
			return eachChild(body, walk)
		case "esds":
			if t.Config != nil {
				return nil
			}
			oti, asc, err := parseEsds(body)
			if err != nil {
				return err
			}
			t.Config = asc
			if t.Codec == "mp4a" && (oti == 0x69 || oti == 0x6B) {
				t.Codec = ".mp3"
			}
			if rate, ch, ok := ascFormat(asc); ok && t.Codec == "mp4a" {
				if t.SampleRate == 0 {
					t.SampleRate = rate
				}
				if ch > 0 && t.Channels == 0 {
					t.Channels = ch
				}
			}
		}
		return nil
	}
	return eachChild(rest, walk)
}

// eachChild calls fn for each box in b (child boxes of a sample entry);
// a trailing fragment too short to be a box is ignored, as players do
// with the padding some writers leave.
func eachChild(b []byte, fn func(typ string, body []byte) error) error {
	for depth := 0; len(b) >= 8; depth++ {
		if depth > 256 {
			return errors.New("too many boxes in a sample entry")
		}
		size := int(binary.BigEndian.Uint32(b[:4]))
		if size == 0 {
			size = len(b)
		}
		if size < 8 || size > len(b) {
			return nil
		}
		if err := fn(string(b[4:8]), b[8:size]); err != nil {
			return err
		}
		b = b[size:]
	}
	return nil
}

// parseEsds returns the object type indication and the decoder specific
// info (for AAC, the AudioSpecificConfig) of an esds box payload.
func parseEsds(b []byte) (oti byte, dsi []byte, err error) {
	if len(b) < 4 {
		return 0, nil, errors.New("esds box is too short")
	}
	b = b[4:] // version, flags
	tag, body, _, err := descriptor(b)
	if err != nil || tag != 0x03 {
		return 0, nil, fmt.Errorf("esds: no ES descriptor")
	}
	if len(body) < 3 {
		return 0, nil, errors.New("esds: ES descriptor is too short")
	}
	flags := body[2]
	body = body[3:]
	if flags&0x80 != 0 {
		if len(body) < 2 {
			return 0, nil, errors.New("esds: ES descriptor is too short")
		}
		body = body[2:]
	}
	if flags&0x40 != 0 {
		if len(body) < 1 || len(body) < 1+int(body[0]) {
			return 0, nil, errors.New("esds: ES descriptor URL is cut short")
		}
		body = body[1+int(body[0]):]
	}
	if flags&0x20 != 0 {
		if len(body) < 2 {
			return 0, nil, errors.New("esds: ES descriptor is too short")
		}
		body = body[2:]
	}
	for len(body) > 0 {
		tag, dc, rest, err := descriptor(body)
		if err != nil {
			return 0, nil, err
		}
		body = rest
		if tag != 0x04 {
			continue
		}
		if len(dc) < 13 {
			return 0, nil, errors.New("esds: decoder config descriptor is too short")
		}
		oti = dc[0]
		dc = dc[13:]
		for len(dc) > 0 {
			tag, d, rest, err := descriptor(dc)
			if err != nil {
				return 0, nil, err
			}
			if tag == 0x05 {
				return oti, append([]byte(nil), d...), nil
			}
			dc = rest
		}
		return oti, nil, nil
	}
	return 0, nil, errors.New("esds: no decoder config descriptor")
}

// descriptor reads one MPEG-4 descriptor: tag, body and what follows.
func descriptor(b []byte) (tag byte, body, rest []byte, err error) {
	if len(b) < 2 {
		return 0, nil, nil, errors.New("esds: descriptor is cut short")
	}
	tag = b[0]
	n, i := 0, 1
	for ; i < 5 && i < len(b); i++ {
		n = n<<7 | int(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			break
		}
	}
	i++
	if i > len(b) || n > len(b)-i {
		return 0, nil, nil, fmt.Errorf("esds: descriptor 0x%02x of %d bytes is cut short", tag, n)
	}
	return tag, b[i : i+n], b[i+n:], nil
}

// ascFormat reads the sampling rate and channel configuration of an
// AudioSpecificConfig (ISO 14496-3 1.6.2.1).
func ascFormat(asc []byte) (rate, channels int, ok bool) {
	rates := [...]int{96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350}
	br := bitReader{b: asc}
	aot := br.read(5)
	if aot == 31 {
		br.read(6)
	}
	fi := br.read(4)
	if fi == 15 {
		rate = int(br.read(24))
	} else if int(fi) < len(rates) {
		rate = rates[fi]
	}
	channels = int(br.read(4))
	return rate, channels, !br.short && rate > 0
}

// bitReader reads big-endian bit fields; reading past the end sets short.
type bitReader struct {
	b     []byte
	pos   int
	short bool
}

func (r *bitReader) read(n int) uint32 {
	var v uint32
	for range n {
		if r.pos >= len(r.b)*8 {
			r.short = true
			return 0
		}
		v = v<<1 | uint32(r.b[r.pos/8]>>(7-r.pos%8)&1)
		r.pos++
	}
	return v
}
