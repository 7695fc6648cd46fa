package audio

import (
	"encoding/binary"
	"fmt"
	"math"
)

// pcmUnits converts uncompressed samples (QuickTime/ISO sound entries) to
// stereo float32: 8-bit ("raw " unsigned, others signed), 16/24/32-bit
// signed integers and 32/64-bit floats, either byte order.
type pcmUnits struct {
	sampleRate int
	chans      int
	bytes      int // per sample
	float      bool
	unsigned   bool
	order      binary.ByteOrder
	tmp, out   []float32
}

func newPCMUnits(t *clipTrack) (*pcmUnits, error) {
	p := &pcmUnits{sampleRate: t.rate, chans: t.chans, bytes: t.bits / 8, float: t.float, order: binary.BigEndian}
	switch t.codec {
	case "sowt":
		p.order = binary.LittleEndian
	case "raw ":
		p.unsigned = true
	case "fl32", "fl64":
		p.float = true
	}
	if t.littleEndian {
		p.order = binary.LittleEndian
	}
	switch {
	case t.rate < 1000 || t.rate > 384000:
		return nil, formatErr("pcm", ErrUnsupported, -1, fmt.Sprintf("sample rate %d Hz", t.rate), nil)
	case t.chans < 1 || t.chans > 32:
		return nil, formatErr("pcm", ErrUnsupported, -1, fmt.Sprintf("%d channels", t.chans), nil)
	case t.bits%8 != 0 || (p.float && p.bytes != 4 && p.bytes != 8) || (!p.float && (p.bytes < 1 || p.bytes > 4)):
		return nil, formatErr("pcm", ErrUnsupported, -1, fmt.Sprintf("%d-bit samples (float %v)", t.bits, p.float), nil)
	}
	return p, nil
}

func (p *pcmUnits) sample(b []byte) float32 {
	switch {
	case p.float && p.bytes == 4:
		return math.Float32frombits(p.order.Uint32(b))
	case p.float:
		return float32(math.Float64frombits(p.order.Uint64(b)))
	case p.bytes == 1 && p.unsigned:
		return (float32(b[0]) - 128) / 128
	case p.bytes == 1:
		return float32(int8(b[0])) / 128
	case p.bytes == 2:
		return float32(int16(p.order.Uint16(b))) / 32768
	case p.bytes == 3:
		var v int32
		if p.order == binary.LittleEndian {
			v = int32(b[0]) | int32(b[1])<<8 | int32(int8(b[2]))<<16
		} else {
			v = int32(b[2]) | int32(b[1])<<8 | int32(int8(b[0]))<<16
		}
		return float32(v) / (1 << 23)
	}
	return float32(float64(int32(p.order.Uint32(b))) / (1 << 31))
}

func (p *pcmUnits) decode(unit []byte) ([]float32, error) {
	n := len(unit) / p.bytes / p.chans * p.chans
	p.tmp = p.tmp[:0]
	for i := 0; i < n; i++ {
		p.tmp = append(p.tmp, p.sample(unit[i*p.bytes:]))
	}
	p.out = toStereo(p.out[:0], p.tmp, p.chans)
	return p.out, nil
}

func (p *pcmUnits) rate() int { return p.sampleRate }
func (p *pcmUnits) close()    {}
