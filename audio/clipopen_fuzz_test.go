package audio

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fuzzClips are the small real clips (AAC, PCM and MP3 sound in MOV,
// about 1 KB each) that FuzzOpenClipAudio splices its inputs into.
var fuzzClips = []string{"aac.mov", "pcm.mov", "mp3.mov"}

func readFuzzClips(t testing.TB) [][]byte {
	t.Helper()
	var out [][]byte
	for _, name := range fuzzClips {
		b, err := os.ReadFile(filepath.Join("testdata", "clips", name))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// splice replaces cut bytes of base at offset at (both wrapped into
// range) by patch.
func splice(base []byte, at uint32, cut uint16, patch []byte) []byte {
	i := int(at % uint32(len(base)+1))
	j := min(i+int(cut), len(base))
	out := make([]byte, 0, len(base)-(j-i)+len(patch))
	out = append(out, base[:i]...)
	out = append(out, patch...)
	return append(out, base[j:]...)
}

func TestFuzzClipsDecode(t *testing.T) {
	for i, b := range readFuzzClips(t) {
		s, err := OpenClipAudio(bytes.NewReader(b), int64(len(b)), 0, 0)
		if err != nil {
			t.Fatalf("%s: %v", fuzzClips[i], err)
		}
		if got := readPCM(t, s); len(got) < 2*8000/20 {
			t.Errorf("%s: %d frames", fuzzClips[i], len(got)/2)
		}
		s.Close()
	}
}

// FuzzOpenClipAudio opens fuzzed clips and reads their sound: errors are
// fine, panics and runaway output are not. A fuzzed clip is one of the
// small real clips in testdata/clips with cut bytes at offset at replaced
// by patch (or patch alone, for a clip index past the list), so the
// fuzzer rewrites headers and sample data while what it minimises stays a
// few bytes long. Fuzzing whole clips made go test spend its time
// minimising: it shrinks every new input for up to -fuzzminimizetime
// (60 s) by trying to remove every byte range, O(n²) runs of the target,
// and with 1-18 KB clips it ran the fuzzer itself a few times in 30 s.
func FuzzOpenClipAudio(f *testing.F) {
	clips := readFuzzClips(f)
	for i := range clips {
		f.Add(uint8(i), uint32(0), uint16(0), []byte(nil), int64(0), int64(0))
		f.Add(uint8(i), uint32(0), uint16(0), []byte(nil), int64(10_000), int64(30_000))
	}
	f.Add(uint8(255), uint32(0), uint16(0), []byte("ID3 not a clip"), int64(0), int64(0))
	f.Fuzz(func(t *testing.T, clip uint8, at uint32, cut uint16, patch []byte, from, to int64) {
		b := patch
		if int(clip) < len(clips) {
			b = splice(clips[clip], at, cut, patch)
		}
		s, err := OpenClipAudio(bytes.NewReader(b), int64(len(b)), time.Duration(from)*time.Microsecond, time.Duration(to)*time.Microsecond)
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
			// A header may announce hours of sound (silence where the
			// samples run out): the mix bounds it by the clip's slot.
			if err != nil || total > 1<<18 {
				return
			}
		}
	})
}
