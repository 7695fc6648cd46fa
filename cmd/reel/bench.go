package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"github.com/reelkit/reel/encode"
	"github.com/reelkit/reel/engine"
)

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	project := fs.String("project", filepath.Join("testdata", "projects", "bench.json"), "project to render")
	out := fs.String("o", "", "output MP4 (default: a temporary file, removed afterwards)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (go tool pprof) to this file")
	threads := fs.Int("threads", 0, "x264 threads (0: x264's automatic choice)")
	workers := fs.Int("workers", 0, "composition goroutines (0: GOMAXPROCS)")
	memProfile := fs.String("memprofile", "", "write a heap profile, taken mid-render, to this file")
	size := fs.String("size", "1280x720", "frame size WIDTHxHEIGHT of the one rendition, e.g. 1920x1080 or 1080x1920")
	clips := fs.Bool("clips", false, "render the clips scenario, "+clipsProject+" (6 photos, 6 1080p phone clips; make the clips first with testdata/clips/make.sh), instead of -project")
	var ef encodeFlags
	ef.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("bench takes no positional arguments")
	}
	if *clips {
		*project = clipsProject
		if err := checkBenchClips(); err != nil {
			return err
		}
	}
	path := *out
	if path == "" {
		dir, err := os.MkdirTemp("", "reel-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "bench.mp4")
	}
	sz, err := engine.ParseSize(*size)
	if err != nil {
		return usagef("--size: %v", err)
	}
	var pf projectFlags
	o := engine.Options{Output: engine.ToFile(path), Sizes: []engine.Size{sz}, Threads: *threads, Workers: *workers}
	if err := ef.apply(&o); err != nil {
		return err
	}
	p, r, err := pf.load(*project, &o)
	if err != nil {
		return err
	}
	setRenderMemoryLimit(ctx, p, o)
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		var once sync.Once
		o.Progress = func(pr engine.Progress) {
			if pr.Frames*2 >= pr.Total {
				once.Do(func() { writeHeapProfile(*memProfile) })
			}
		}
	}
	x264, err := encode.X264()
	if err != nil {
		return err
	}
	t0, cpu0 := time.Now(), cpuTime()
	res, err := engine.Render(ctx, p, r, o)
	if err != nil {
		return err
	}
	wall, cpu := time.Since(t0), cpuTime()-cpu0
	s := res.Stats
	fmt.Fprintf(stdout, "project     %s (%d frames, %.2f s of video, %v @ %d/%d fps)\n", *project, res.Frames, res.Duration, sz, res.FrameRate.Num, res.FrameRate.Den)
	fmt.Fprintf(stdout, "x264        %s\n", x264)
	fmt.Fprintf(stdout, "settings    %s\n", rateControl(o, sz))
	fmt.Fprintf(stdout, "wall        %.2f s\n", wall.Seconds())
	fmt.Fprintf(stdout, "fps         %.1f\n", float64(res.Frames)/wall.Seconds())
	fmt.Fprintf(stdout, "x-realtime  %.2f\n", res.Duration/wall.Seconds())
	fmt.Fprintf(stdout, "work/video  %.3f s per second of video\n", wall.Seconds()/res.Duration)
	fmt.Fprintf(stdout, "cpu         %.2f s user+sys (%.2f cores busy on average)\n", cpu.Seconds(), cpu.Seconds()/wall.Seconds())
	fmt.Fprintf(stdout, "peak RSS    %.1f MB (Go heap's soft limit %d MiB)\n", float64(peakRSS())/(1<<20), debug.SetMemoryLimit(-1)>>20)
	fmt.Fprintf(stdout, "split       decode %.2fs  compose %.2fs  encode %.2fs  mux %.2fs  audio %.2fs  (decode and compose summed over workers)\n",
		s.Decode.Seconds(), s.Compose.Seconds(), s.Encode.Seconds(), s.Mux.Seconds(), s.Audio.Seconds())
	fmt.Fprintf(stdout, "frames      %d composed, %d repeated unchanged; at most %d photos held at once\n", s.Composed, s.Repeated, s.PeakPhotos)
	fmt.Fprintf(stdout, "output      %s (%d bytes)\n", res.Renditions[0].Path, res.Renditions[0].Size)
	return nil
}

// clipsProject is the clips scenario of the bench.
var clipsProject = filepath.Join("testdata", "projects", "bench-clips.json")

// checkBenchClips reports a missing clip of the clips scenario with the
// command that makes them (they are not checked in).
func checkBenchClips() error {
	for i := 1; i <= 6; i++ {
		p := filepath.Join("testdata", "clips", fmt.Sprintf("phone%d.mp4", i))
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("bench --clips: %w; make the clips first with testdata/clips/make.sh (ffmpeg, once)", err)
		}
	}
	return nil
}

// rateControl describes the preset and rate control a bench rendition of
// size sz gets from o (engine defaults filled in).
func rateControl(o engine.Options, sz engine.Size) string {
	preset := o.Preset
	if preset == "" {
		preset = engine.PresetVeryfast
	}
	if o.Bitrate > 0 {
		return fmt.Sprintf("preset %s, %d kbit/s", preset, o.Bitrate)
	}
	crf := o.CRF
	if crf == 0 {
		crf = engine.DefaultCRF(sz.Width, sz.Height)
	}
	return fmt.Sprintf("preset %s, CRF %g", preset, crf)
}

func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	pprof.WriteHeapProfile(f)
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS returns the process's peak resident set size in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024 // kilobytes on Linux
}
