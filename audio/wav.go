package audio

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

const (
	wavPCM        = 1
	wavFloat      = 3
	wavExtensible = 0xfffe
)

// probeWAV walks the RIFF chunks of a WAVE file of the given size and
// returns its format and the position of its sample data.
func probeWAV(r io.ReadSeeker, size int64) (Info, error) {
	info := Info{Format: "wav"}
	var (
		haveFmt, haveData bool
		dataLen           int64
		hdr               [8]byte
	)
	pos := int64(12)
	for pos+8 <= size && !(haveFmt && haveData) {
		if _, err := readAt(r, hdr[:], pos); err != nil {
			return info, fmt.Errorf("audio: wav: %w", err)
		}
		id := string(hdr[:4])
		n := int64(binary.LittleEndian.Uint32(hdr[4:]))
		body := pos + 8
		switch id {
		case "fmt ":
			if n < 16 || n > 1024 {
				return info, formatErr("wav", ErrCorrupt, pos, fmt.Sprintf("fmt chunk of %d bytes", n), nil)
			}
			if body+n > size {
				return info, formatErr("wav", ErrTruncated, pos, "fmt chunk", nil)
			}
			b := make([]byte, n)
			if _, err := readAt(r, b, body); err != nil {
				return info, fmt.Errorf("audio: wav: %w", err)
			}
			if err := parseWAVFmt(b, &info, pos); err != nil {
				return info, err
			}
			haveFmt = true
		case "data":
			info.dataStart = body
			dataLen = n
			if body+n > size || n == 0xffffffff {
				if n != 0xffffffff && n != 0 {
					info.Truncated = true
				}
				dataLen = size - body
			}
			haveData = true
			n = dataLen
		}
		pos = body + n + n&1
	}
	switch {
	case !haveFmt && !haveData && pos+8 > size && pos < size:
		return info, formatErr("wav", ErrTruncated, pos, "chunk header", nil)
	case !haveFmt:
		return info, formatErr("wav", ErrCorrupt, -1, "no fmt chunk", nil)
	case !haveData:
		return info, formatErr("wav", ErrEmpty, -1, "no data chunk", nil)
	}
	info.Samples = dataLen / int64(info.blockAlign)
	if info.Samples == 0 {
		return info, formatErr("wav", ErrEmpty, info.dataStart, "data chunk holds no sample frame", nil)
	}
	if dataLen%int64(info.blockAlign) != 0 {
		info.Truncated = true
	}
	info.dataEnd = info.dataStart + info.Samples*int64(info.blockAlign)
	info.Duration = float64(info.Samples) / float64(info.SampleRate)
	info.Bitrate = info.SampleRate * info.blockAlign * 8
	return info, nil
}

// parseWAVFmt validates a fmt chunk body into info.
func parseWAVFmt(b []byte, info *Info, off int64) error {
	tag := binary.LittleEndian.Uint16(b)
	ch := int(binary.LittleEndian.Uint16(b[2:]))
	rate := binary.LittleEndian.Uint32(b[4:])
	align := int(binary.LittleEndian.Uint16(b[12:]))
	bits := int(binary.LittleEndian.Uint16(b[14:]))
	if tag == wavExtensible {
		if len(b) < 40 {
			return formatErr("wav", ErrCorrupt, off, "WAVE_FORMAT_EXTENSIBLE fmt chunk shorter than 40 bytes", nil)
		}
		tag = binary.LittleEndian.Uint16(b[24:])
	}
	switch {
	case tag != wavPCM && tag != wavFloat:
		return formatErr("wav", ErrUnsupported, off, fmt.Sprintf("codec 0x%04x (only PCM and IEEE float)", tag), nil)
	case ch < 1 || ch > 32:
		return formatErr("wav", ErrCorrupt, off, fmt.Sprintf("%d channels", ch), nil)
	case rate < 1000 || rate > 768000:
		return formatErr("wav", ErrUnsupported, off, fmt.Sprintf("sample rate %d Hz", rate), nil)
	case tag == wavPCM && bits != 8 && bits != 16 && bits != 24 && bits != 32,
		tag == wavFloat && bits != 32 && bits != 64:
		return formatErr("wav", ErrUnsupported, off, fmt.Sprintf("%d-bit samples", bits), nil)
	case align != ch*bits/8:
		return formatErr("wav", ErrCorrupt, off, fmt.Sprintf("block align %d for %d channels of %d bits", align, ch, bits), nil)
	}
	info.Channels, info.SampleRate = ch, int(rate)
	info.bits, info.float, info.blockAlign = bits, tag == wavFloat, align
	return nil
}

// wavSample decodes one sample of the given layout to [-1, 1].
func wavSample(b []byte, bits int, float bool) float32 {
	switch {
	case float && bits == 32:
		return sanitize(math.Float32frombits(binary.LittleEndian.Uint32(b)))
	case float:
		return sanitize(float32(math.Float64frombits(binary.LittleEndian.Uint64(b))))
	case bits == 8:
		return float32(int(b[0])-128) / 128
	case bits == 16:
		return float32(int16(binary.LittleEndian.Uint16(b))) / 32768
	case bits == 24:
		v := int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24) >> 8
		return float32(v) / (1 << 23)
	default:
		return float32(int32(binary.LittleEndian.Uint32(b))) / (1 << 31)
	}
}

// sanitize maps NaN to 0 and clamps float samples to [-4, 4] so a broken
// file cannot poison the mix with Inf or NaN.
func sanitize(v float32) float32 {
	if v != v {
		return 0
	}
	return max(-4, min(4, v))
}

// wavReader streams the sample data of a probed WAV file as stereo floats.
type wavReader struct {
	r    io.Reader
	info Info
	buf  []byte
	left int64 // sample frames not yet read
}

func (w *wavReader) read(p []float32) (int, error) {
	if w.left == 0 {
		if w.info.Truncated {
			return 0, formatErr("wav", ErrTruncated, w.info.dataEnd, "data chunk shorter than its header says", nil)
		}
		return 0, io.EOF
	}
	frames := int64(len(p) / 2)
	frames = min(frames, w.left, int64(cap(w.buf)/w.info.blockAlign))
	b := w.buf[:frames*int64(w.info.blockAlign)]
	n, err := io.ReadFull(w.r, b)
	got := n / w.info.blockAlign
	bs := w.info.bits / 8
	for i := 0; i < got; i++ {
		f := b[i*w.info.blockAlign:]
		l := wavSample(f, w.info.bits, w.info.float)
		rr := l
		if w.info.Channels > 1 {
			rr = wavSample(f[bs:], w.info.bits, w.info.float)
		}
		p[2*i], p[2*i+1] = l, rr
	}
	w.left -= int64(got)
	if err != nil {
		w.left = 0
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			return 2 * got, formatErr("wav", ErrTruncated, -1, "data ended early", nil)
		}
		return 2 * got, fmt.Errorf("audio: wav: %w", err)
	}
	return 2 * got, nil
}
