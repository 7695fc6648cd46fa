package bmff

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpen feeds Open arbitrary bytes: it must return a File or an error,
// never panic, hang or allocate without bound; every sample it returns
// lies inside the input. The seeds are the checked-in clips and, when
// ffmpeg is installed, a few more shapes (faststart, HEVC, MOV with PCM,
// negative composition offsets).
func FuzzOpen(f *testing.F) {
	for _, name := range []string{"bframes.mp4", "portrait.mov"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	if hasFFmpeg() {
		for _, args := range [][]string{
			{"-f", "lavfi", "-i", "testsrc2=size=32x32:rate=10:duration=0.3", "-c:v", "libx264", "-bf", "2", "-movflags", "+faststart+negative_cts_offsets", "a.mp4"},
			{"-f", "lavfi", "-i", "testsrc2=size=32x32:rate=10:duration=0.3", "-c:v", "libx265", "-x265-params", "log-level=none", "-tag:v", "hvc1", "b.mp4"},
			{"-f", "lavfi", "-i", "sine=duration=0.1", "-c:a", "pcm_s16be", "c.mov"},
		} {
			out := ffmpegClip(f, args[len(args)-1], args[:len(args)-1]...)
			b, err := os.ReadFile(out)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Open(bytes.NewReader(data), int64(len(data)), Limits{MaxSamples: 1 << 16})
		if err != nil {
			return
		}
		for _, tr := range file.Tracks {
			for _, s := range tr.Samples {
				if s.Offset < 0 || s.Offset+int64(s.Size) > int64(len(data)) {
					t.Fatalf("track %d: sample [%d,+%d) outside the %d-byte input", tr.ID, s.Offset, s.Size, len(data))
				}
			}
		}
	})
}

// hasFFmpeg reports whether the ffmpeg oracle is installed.
func hasFFmpeg() bool {
	_, err := execLookPath("ffmpeg")
	return err == nil
}
