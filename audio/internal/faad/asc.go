package faad

import (
	"errors"
	"fmt"
)

// ASC is what reel reads of an MPEG-4 AudioSpecificConfig (ISO/IEC
// 14496-3 1.6.2.1) before handing it to the library.
type ASC struct {
	ObjectType int  // audio object type of the core: 1 Main, 2 LC, 4 LTP, ...
	SampleRate int  // core sampling rate, Hz
	Channels   int  // channelConfiguration: 0 (in the stream's PCE), 1..7
	SBR        bool // explicit SBR (HE-AAC, object type 5 or 29)
	PS         bool // explicit parametric stereo (HE-AAC v2, object type 29)
	OutRate    int  // rate after SBR (SampleRate when there is none)
}

var ascRates = [...]int{96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350}

// objectNames names the object types reel accepts; others are refused
// before the library sees them.
var objectNames = map[int]string{1: "AAC Main", 2: "AAC-LC", 4: "AAC-LTP", 5: "HE-AAC (SBR)", 29: "HE-AAC v2 (PS)"}

// bitReader reads big-endian bit fields.
type bitReader struct {
	b   []byte
	pos int // bits
}

func (r *bitReader) read(n int) (int, error) {
	if r.pos+n > 8*len(r.b) {
		return 0, errors.New("faad: AudioSpecificConfig truncated")
	}
	v := 0
	for i := 0; i < n; i++ {
		bit := r.b[(r.pos)/8] >> (7 - r.pos%8) & 1
		v = v<<1 | int(bit)
		r.pos++
	}
	return v, nil
}

func (r *bitReader) objectType() (int, error) {
	t, err := r.read(5)
	if err == nil && t == 31 {
		t, err = r.read(6)
		t += 32
	}
	return t, err
}

func (r *bitReader) rate() (int, error) {
	i, err := r.read(4)
	switch {
	case err != nil:
		return 0, err
	case i == 15:
		return r.read(24)
	case i >= len(ascRates):
		return 0, fmt.Errorf("faad: reserved sampling frequency index %d", i)
	}
	return ascRates[i], nil
}

// ParseASC reads an AudioSpecificConfig and checks it is one the decoder
// is meant for: AAC Main, LC or LTP, optionally with explicit SBR/PS, at
// 7.35..96 kHz, channel configuration 0..7.
func ParseASC(b []byte) (ASC, error) {
	var a ASC
	if len(b) < 2 {
		return a, fmt.Errorf("faad: AudioSpecificConfig of %d bytes", len(b))
	}
	r := &bitReader{b: b}
	t, err := r.objectType()
	if err != nil {
		return a, err
	}
	if a.SampleRate, err = r.rate(); err != nil {
		return a, err
	}
	if a.Channels, err = r.read(4); err != nil {
		return a, err
	}
	a.OutRate = a.SampleRate
	if t == 5 || t == 29 {
		a.SBR, a.PS = true, t == 29
		if a.OutRate, err = r.rate(); err != nil {
			return a, err
		}
		if t, err = r.objectType(); err != nil {
			return a, err
		}
	}
	a.ObjectType = t
	switch {
	case t != 1 && t != 2 && t != 4:
		name := objectNames[t]
		if name == "" {
			name = fmt.Sprintf("object type %d", t)
		}
		return a, fmt.Errorf("faad: %s sound is not supported (AAC Main, LC, LTP and HE-AAC are)", name)
	case a.SampleRate < 7350 || a.SampleRate > 96000 || a.OutRate < a.SampleRate || a.OutRate > 96000:
		return a, fmt.Errorf("faad: sampling rate %d Hz (output %d Hz) out of range", a.SampleRate, a.OutRate)
	case a.Channels > 7:
		return a, fmt.Errorf("faad: reserved channel configuration %d", a.Channels)
	}
	return a, nil
}

// ascBytes returns a two-byte AudioSpecificConfig for a plain (no SBR)
// object type, rate (one of the 13 standard rates) and channel
// configuration, as ADTS streams imply it.
func ascBytes(objectType, rateIndex, channels int) []byte {
	v := objectType<<11 | rateIndex<<7 | channels<<3
	return []byte{byte(v >> 8), byte(v)}
}
