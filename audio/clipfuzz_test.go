package audio

import (
	"io"
	"testing"
	"time"
)

// FuzzClipTrack decodes a fuzzed one- or two-sample track (AAC with a
// fuzzed AudioSpecificConfig, or PCM with fuzzed bit depth and bytes) at
// a fuzzed trim: errors are fine, panics, hangs and runaway output are not.
func FuzzClipTrack(f *testing.F) {
	f.Add(true, []byte{0x12, 0x10}, []byte{0x21, 0x10, 0x04, 0x60, 0x8c, 0x1c}, 16, int64(-1024), int64(0), int64(0))
	f.Add(false, []byte(nil), []byte{1, 2, 3, 4, 5, 6, 7, 8}, 16, int64(0), int64(0), int64(0))
	f.Add(false, []byte(nil), []byte{1, 2, 3, 4, 5, 6}, 24, int64(5), int64(1000), int64(90000))
	f.Fuzz(func(t *testing.T, aac bool, cfg, data []byte, bits int, pts int64, from, to int64) {
		tr := &clipTrack{codec: "sowt", timescale: 1000, config: cfg, rate: 8000, chans: 2, bits: bits, duration: time.Second}
		if aac {
			tr.codec, tr.timescale, tr.rate = "mp4a", 44100, 44100
		}
		half := len(data) / 2
		units := [][]byte{data[:half], data[half:]}
		tr.samples = []clipSample{{pts: pts, size: uint32(half)}, {pts: pts + 1024, size: uint32(len(data) - half)}}
		tr.read = func(i int, buf []byte) ([]byte, error) { return append(buf[:0], units[i]...), nil }
		s, err := openTrackAudio(tr, time.Duration(from)*time.Microsecond, time.Duration(to)*time.Microsecond)
		if err != nil {
			return
		}
		defer s.Close()
		buf := make([]float32, 4096)
		var total int64
		for {
			n, err := s.Read(buf)
			total += int64(n / 2)
			if total > s.Info().Samples {
				t.Fatalf("read %d frames, Info says %d", total, s.Info().Samples)
			}
			if err == io.EOF {
				return
			}
			if err != nil {
				return
			}
		}
	})
}
