package audio

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// countingCue is fileCue counting how often the track is opened.
func countingCue(name string, start, end float64, opens *int) Cue {
	return Cue{Open: func() (io.ReadSeekCloser, error) {
		*opens++
		return os.Open(filepath.Join(musicDir, name))
	}, Start: start, End: end}
}

// TestMixSpoolMatchesRerender checks that the output pass reading the
// spooled pre-gain mix back gives exactly the samples of re-rendering the
// tracks with the same gain (the path taken when no temporary file can be
// made), and that the tracks are opened for the probe and the measuring
// pass only, and that the spool file never shows in the directory.
func TestMixSpoolMatchesRerender(t *testing.T) {
	for _, tc := range []struct {
		name string
		cues func(*int) []Cue
		dur  float64
	}{
		{"trimmed", func(n *int) []Cue { return []Cue{countingCue("demo.mp3", 0, 0, n)} }, 3},
		{"looped and overlapping", func(n *int) []Cue {
			return []Cue{countingCue("pcm16.wav", 0, 2.5, n), countingCue("chords48k_stereo_vbr.mp3", 2, 0, n)}
		}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			opens := 0
			cues := tc.cues(&opens)
			o := MixOptions{Duration: tc.dur}
			m, err := NewMix(context.Background(), cues, o)
			if err != nil {
				t.Fatal(err)
			}
			if m.sp == nil {
				t.Fatal("mix not spooled")
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("spool file visible in TMPDIR: %v", left)
			}
			afterNew := opens
			got := readMix(t, m)
			if opens != afterNew {
				t.Errorf("output pass opened tracks %d times; want 0 (spooled)", opens-afterNew)
			}

			// Reference: the pre-spool path, re-rendering the tracks.
			if err := o.defaults(); err != nil {
				t.Fatal(err)
			}
			plan, err := planCues(cues, o)
			if err != nil {
				t.Fatal(err)
			}
			_, gainDB := m.Loudness()
			r := newRenderer(mixPlan{cues: plan}, o)
			defer r.close()
			r.gain = float32(math.Pow(10, gainDB/20))
			ref := &Mix{ctx: context.Background(), opts: o, r: r, total: r.total, buf: make([]float32, 2*1024),
				out: newLimiter(r, o.SampleRate, o.CeilingDB)}
			want := readMix(t, ref)
			if len(got) != len(want) || int64(len(got)) != 2*m.Frames() {
				t.Fatalf("spooled mix has %d samples, re-rendered %d, Frames %d", len(got), len(want), m.Frames())
			}
			if i := slices.Compare(got, want); i != 0 {
				for k := range got {
					if got[k] != want[k] {
						t.Fatalf("sample %d: spooled %d, re-rendered %d", k, got[k], want[k])
					}
				}
			}
		})
	}
}
