//go:build cgo && (linux || freebsd || darwin)

package faad

import (
	"fmt"
	"math"
)

// probeASC is the AudioSpecificConfig of AAC-LC, 44.1 kHz, stereo.
var probeASC = []byte{0x12, 0x10}

// probeFrame is one raw AAC-LC access unit (24 kb/s stereo, the third
// frame of a 1 kHz sine at amplitude 1/8 encoded by ffmpeg's aac encoder).
var probeFrame = []byte{
	0x21, 0x75, 0x4f, 0xff, 0x80, 0x24, 0x0a, 0xad, 0xe5, 0xf8, 0x37, 0xeb, 0x9f, 0xe9, 0xf7, 0xfd,
	0xfc, 0xeb, 0x5a, 0x9a, 0xb0, 0x7f, 0xe1, 0xb4, 0xbb, 0xef, 0x0b, 0xf9, 0x3e, 0x07, 0x7b, 0x42,
	0x11, 0xf0, 0xd9, 0x86, 0x7d, 0x10, 0x8c, 0x9f, 0x00, 0x3b, 0xef, 0x08, 0x3f, 0xc0, 0x12, 0x02,
	0xcf, 0x4b, 0x79, 0x7e, 0x0d, 0xfa, 0xe7, 0xfa, 0x7d, 0xc0, 0x00, 0x00, 0x0e,
}

// probe decodes probeFrame three times and checks what comes out: the
// first call may give nothing (faad2 withholds a stream's first frame, the
// start-up half of the transform's overlap), every later one 1024 stereo
// frames at 44.1 kHz of a tone whose peak is near 1/8 of full scale.
// Wrong struct layouts or an output format other than float fail one of
// these.
func probe(l *Lib) error {
	d, err := l.NewDecoder(probeASC)
	if err != nil {
		return err
	}
	defer d.Close()
	if d.SampleRate() != 44100 || d.Channels() != 2 {
		return fmt.Errorf("AAC-LC 44.1 kHz stereo configuration read as %d Hz, %d channels", d.SampleRate(), d.Channels())
	}
	var peak float64
	for i := 0; i < 3; i++ {
		out, err := d.Decode(probeFrame)
		if err != nil {
			return err
		}
		if i == 0 && len(out) == 0 {
			continue
		}
		if len(out) != 2048 || d.SampleRate() != 44100 || d.Channels() != 2 {
			return fmt.Errorf("frame decoded to %d samples, %d Hz, %d channels (want 2048, 44100, 2)", len(out), d.SampleRate(), d.Channels())
		}
		peak = 0
		for _, v := range out {
			if math.IsNaN(float64(v)) {
				return fmt.Errorf("frame decoded to NaN")
			}
			peak = max(peak, math.Abs(float64(v)))
		}
	}
	if peak < 0.06 || peak > 0.25 {
		return fmt.Errorf("tone frame decoded with peak %.4g (want about 0.125 of full scale)", peak)
	}
	return nil
}
