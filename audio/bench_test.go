package audio

import (
	"context"
	"io"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkMix3Min renders a 3-minute sound track: demo.mp3 (32 s, 44.1 kHz)
// looped through one cue, plus a 48 kHz track over part of it, resampled to
// a 48 kHz output: decode + resample + mix + loudness measurement pass +
// render pass with the limiter. x-realtime is audio seconds per wall-clock
// second; x-realtime-cpu per second of process CPU time (stable on a
// shared machine).
func BenchmarkMix3Min(b *testing.B) {
	const secs = 180
	cues := []Cue{fileCue("demo.mp3", 0, 0), fileCue("chords48k_stereo_vbr.mp3", 60, 75)}
	buf := make([]int16, 2*1024)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		m, err := NewMix(context.Background(), cues, MixOptions{SampleRate: 48000, Duration: secs})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := m.ReadPCM(buf); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(secs*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
	b.ReportMetric(secs*float64(b.N)/(cpuTime()-cpu0).Seconds(), "x-realtime-cpu")
}

// BenchmarkDecodeMP3 is go-mp3 alone on demo.mp3 (32 s), for comparison.
func BenchmarkDecodeMP3(b *testing.B) {
	buf := make([]float32, 4096)
	for b.Loop() {
		d, err := NewDecoder(openMusic(b, "demo.mp3"))
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := d.Read(buf); err != nil {
				break
			}
		}
	}
	b.ReportMetric(32*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
}

// BenchmarkDetectBeats is beat tracking (decode + onset envelope + tempo +
// dynamic programming) of demo.mp3 (32 s, 44.1 kHz stereo MP3).
// x-realtime is audio seconds per wall-clock second; x-realtime-cpu per
// second of process CPU time.
func BenchmarkDetectBeats(b *testing.B) {
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := DetectBeats(context.Background(), openMusic(b, "demo.mp3")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(32*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
	b.ReportMetric(32*float64(b.N)/(cpuTime()-cpu0).Seconds(), "x-realtime-cpu")
}
