package audio

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
)

// wavFile encodes interleaved samples (in [-1, 1]) as a WAV file.
func wavFile(rate, ch, bits int, float bool, s []float64) []byte {
	var data bytes.Buffer
	for _, v := range s {
		switch {
		case float:
			binary.Write(&data, binary.LittleEndian, float32(v))
		case bits == 16:
			binary.Write(&data, binary.LittleEndian, int16(math.Round(v*32767)))
		case bits == 24:
			x := int32(math.Round(v * 8388607))
			data.Write([]byte{byte(x), byte(x >> 8), byte(x >> 16)})
		}
	}
	tag := uint16(wavPCM)
	if float {
		tag = wavFloat
	}
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(36+data.Len()))
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), tag, uint16(ch), uint32(rate),
		uint32(rate * ch * bits / 8), uint16(ch * bits / 8), uint16(bits)} {
		binary.Write(&b, binary.LittleEndian, v)
	}
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, uint32(data.Len()))
	b.Write(data.Bytes())
	return b.Bytes()
}

// sineWAV is a mono 16-bit WAV of a sine.
func sineWAV(rate int, secs, freq, amp float64) []byte {
	n := int(math.Round(secs * float64(rate)))
	s := make([]float64, n)
	for i := range s {
		s[i] = amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate))
	}
	return wavFile(rate, 1, 16, false, s)
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// bytesCue is a cue over an in-memory file.
func bytesCue(b []byte, start, end float64) Cue {
	return Cue{Open: func() (io.ReadSeekCloser, error) { return nopCloser{bytes.NewReader(b)}, nil }, Start: start, End: end}
}
