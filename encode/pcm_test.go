package encode

import (
	"io"
	"math"
)

// pcmSource is an in-memory PCMReader over interleaved samples.
type pcmSource struct {
	s   []int16
	pos int
}

func (p *pcmSource) ReadPCM(dst []int16) (int, error) {
	if p.pos >= len(p.s) {
		return 0, io.EOF
	}
	n := copy(dst, p.s[p.pos:])
	p.pos += n
	return n, nil
}

// toneWithClicks returns frames of a quiet 440 Hz tone (channels
// interleaved) with a loud 2 ms burst starting at each click position.
func toneWithClicks(rate, channels, frames int, clicks ...int) []int16 {
	s := make([]int16, frames*channels)
	for i := range frames {
		v := 1000 * math.Sin(2*math.Pi*440*float64(i)/float64(rate))
		for _, c := range clicks {
			if i >= c && i < c+rate/500 {
				v = 30000 * math.Sin(2*math.Pi*3000*float64(i-c)/float64(rate))
			}
		}
		for ch := range channels {
			s[i*channels+ch] = int16(v)
		}
	}
	return s
}
