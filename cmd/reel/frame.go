package main

import (
	"context"
	"flag"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/reelkit/reel/engine"
)

func cmdFrame(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("frame", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var pf projectFlags
	pf.register(fs, true)
	at := fs.Float64("at", 0, "time in seconds")
	out := fs.String("o", "", "output PNG path (required)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return usagef("frame needs one project file, --at SECONDS and -o FRAME.png")
	}
	if *at < 0 {
		return usagef("--at must not be negative")
	}
	var o engine.Options
	p, r, err := pf.load(pos[0], &o)
	if err != nil {
		return err
	}
	fr, err := engine.RenderFrame(ctx, p, r, o, secondsDuration(*at))
	if err != nil {
		return err
	}
	img := fr.Image
	for _, w := range fr.Warnings {
		fmt.Fprintf(stderr, "reel: warning: %s\n", w)
	}
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".frame-*.png")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file 0600; a frame is an ordinary file, as
	// from os.Create.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := png.Encode(tmp, img); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\t%dx%d\n", *out, img.Bounds().Dx(), img.Bounds().Dy())
	return nil
}

// secondsDuration converts a flag's seconds to a Duration, rounded to the
// nanosecond; a value beyond the Duration's range saturates (and so lies
// outside any video).
func secondsDuration(s float64) time.Duration {
	ns := math.Round(s * float64(time.Second))
	if math.IsNaN(ns) || ns >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(ns)
}
