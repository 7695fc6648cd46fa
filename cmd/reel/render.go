package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/reelkit/reel/engine"
)

func cmdRender(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var pf projectFlags
	pf.register(fs, false)
	out := fs.String("o", "", "output MP4 path (required)")
	preview := fs.Bool("preview", false, "preview: one 256x144 rendition at 10 fps, fastest preset")
	quiet := fs.Bool("quiet", false, "no progress bar")
	var ef encodeFlags
	ef.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return usagef("render needs one project file and -o OUT.mp4")
	}
	// ProbeAssets: a missing or corrupt photo or track fails before the
	// first frame (local files: the extra header read is cheap).
	o := engine.Options{Output: *out, Preview: *preview, ProbeAssets: true}
	if err := ef.apply(&o); err != nil {
		return err
	}
	p, r, err := pf.load(pos[0], &o)
	if err != nil {
		return err
	}
	if len(o.Renditions) == 0 && !o.Preview {
		// -o OUT.mp4 writes exactly OUT.mp4: one rendition at --quality
		// or the project's quality; more only with --renditions.
		o.Renditions = []engine.Quality{p.EffectiveQuality()}
	}
	return renderAndReport(ctx, p, r, o, *quiet, stdout, stderr)
}

// renderAndReport renders with a progress bar on a terminal and prints the
// files written, and each of the render's warnings as a line on stderr
// (characters no font has: the render still succeeds).
func renderAndReport(ctx context.Context, p *engine.Project, r engine.Resolver, o engine.Options, quiet bool, stdout, stderr io.Writer) error {
	bar := newProgressBar(stderr, quiet)
	o.Progress = bar.update
	res, err := engine.Render(ctx, p, r, o)
	bar.done()
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "reel: warning: %s\n", w)
	}
	for _, rd := range res.Renditions {
		fmt.Fprintf(stdout, "%s\t%dx%d\t%.2fs\t%d bytes\tthumbnail %s\n", rd.Path, rd.Width, rd.Height, res.Duration, rd.Size, rd.Thumbnail)
	}
	return nil
}
