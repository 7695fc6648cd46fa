package bmff

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// TestPCMChunksMatchFFprobe checks every uncompressed sound format
// QuickTime writes, stored as many chunks (interleaved with video) and
// delayed by an edit list: format fields, and each of ffprobe's packets
// (ffmpeg splits chunks into 1024-frame packets) lies inside one of the
// track's per-chunk samples at the presentation time that sample implies.
func TestPCMChunksMatchFFprobe(t *testing.T) {
	needFFmpeg(t)
	for _, c := range []struct {
		codec, fourcc string
		bits          int
		little, float bool
	}{
		{"pcm_s16be", "twos", 16, false, false},
		{"pcm_s16le", "sowt", 16, true, false},
		{"pcm_s24le", "in24", 24, true, false},
		{"pcm_s24be", "in24", 24, false, false},
		{"pcm_s32le", "in32", 32, true, false},
		{"pcm_s32be", "in32", 32, false, false},
		{"pcm_f32le", "fl32", 32, true, true},
		{"pcm_f32be", "fl32", 32, false, true},
		{"pcm_f64le", "fl64", 64, true, true},
		{"pcm_f64be", "fl64", 64, false, true},
		{"pcm_u8", "raw ", 8, false, false},
	} {
		t.Run(c.codec, func(t *testing.T) {
			p := ffmpegClip(t, c.codec+".mov", "-f", "lavfi", "-i", "testsrc2=s=64x48:r=10:d=2.3",
				"-itsoffset", "0.5", "-f", "lavfi", "-i", "sine=sample_rate=22050:duration=2.3",
				"-map", "0", "-map", "1", "-c:v", "mpeg4", "-ac", "2", "-c:a", c.codec)
			f, _ := openFile(t, p)
			a := f.Audio()
			got := fmt.Sprintf("%s %d-bit little-endian %v float %v %d Hz %d ch", a.Codec, a.BitsPerSample, a.LittleEndian, a.Float, a.SampleRate, a.Channels)
			want := fmt.Sprintf("%s %d-bit little-endian %v float %v %d Hz %d ch", c.fourcc, c.bits, c.little, c.float, 22050, 2)
			if got != want {
				t.Fatalf("format %s, want %s", got, want)
			}
			if len(a.Samples) < 3 {
				t.Fatalf("%d chunks: the test needs an interleaved file", len(a.Samples))
			}
			frame := int64(a.BitsPerSample / 8 * a.Channels)
			pk := ffprobePackets(t, p, "a")
			var frames int64
			for _, q := range pk {
				frames += q.size / frame
				found := false
				for _, s := range a.Samples {
					if q.pos < s.Offset || q.pos+q.size > s.Offset+int64(s.Size) {
						continue
					}
					found = true
					if want := s.PTS + (q.pos-s.Offset)/frame; q.pts != want {
						t.Fatalf("ffprobe packet at byte %d has PTS %d; the chunk at %d (PTS %d, DTS %d) implies %d",
							q.pos, q.pts, s.Offset, s.PTS, s.DTS, want)
					}
				}
				if !found {
					t.Fatalf("ffprobe packet at byte %d (%d bytes) is in no chunk", q.pos, q.size)
				}
			}
			if frames != 22050*23/10 {
				t.Errorf("ffprobe counts %d frames, want %d", frames, 22050*23/10)
			}
		})
	}
}

// TestPCMSampleSizeOneUsesTheFrameSize reads a QuickTime PCM track whose
// stsz says a sample size of 1 (old QuickTime writers): the chunk sizes
// come from the sound description's frame size, as players read them.
func TestPCMSampleSizeOneUsesTheFrameSize(t *testing.T) {
	needFFmpeg(t)
	p := ffmpegClip(t, "s16.mov", "-f", "lavfi", "-i", "testsrc2=s=64x48:r=10:d=1",
		"-f", "lavfi", "-i", "sine=sample_rate=8000:duration=1", "-c:v", "mpeg4", "-ac", "2", "-c:a", "pcm_s16le")
	want, _ := openFile(t, p)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	// The audio stsz: version/flags, sample_size 4 (16-bit stereo), count 8000.
	i := bytes.Index(b, []byte("stsz\x00\x00\x00\x00\x00\x00\x00\x04\x00\x00\x1f\x40"))
	if i < 0 {
		t.Fatal("no PCM stsz box with sample size 4 in ffmpeg's file")
	}
	b[i+11] = 1
	f, err := Open(bytes.NewReader(b), int64(len(b)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, wa := f.Audio().Samples, want.Audio().Samples
	if fmt.Sprint(got) != fmt.Sprint(wa) {
		t.Errorf("with stsz sample size 1:\n%v\nwant\n%v", got, wa)
	}
}
