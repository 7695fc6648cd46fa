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
	segment := fs.String("segment", "", "render only segment I/N (0-based) of a split render into a segment file at -o (see reel join)")
	split := fs.Int("split", 0, "render as N segments at once in this process, then join them")
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
	o := engine.Options{Output: engine.ToFile(*out), Preview: *preview, ProbeAssets: true}
	if err := ef.apply(&o); err != nil {
		return err
	}
	p, r, err := pf.load(pos[0], &o)
	if err != nil {
		return err
	}
	// -o OUT.mp4 writes exactly OUT.mp4: one rendition at --quality or
	// the project's quality; more only with --renditions.
	singleRendition(p, &o)
	setRenderMemoryLimit(ctx, p, o)
	switch {
	case *segment != "" || *split != 0:
		if *segment != "" && *split != 0 {
			return usagef("--segment and --split exclude each other")
		}
		if len(o.Renditions) > 1 || len(o.Sizes) > 1 {
			return usagef("a split render makes one rendition: give one --renditions or --size")
		}
		if *segment != "" {
			i, n, err := parseSegment(*segment)
			if err != nil {
				return err
			}
			return renderSegmentFile(ctx, p, r, o, i, n, *out, stdout)
		}
		if *split < 1 {
			return usagef("--split %d: want N >= 1", *split)
		}
		res, err := engine.RenderSplit(ctx, p, r, o, *split, nil)
		if err != nil {
			return err
		}
		rd := res.Renditions[0]
		fmt.Fprintf(stdout, "%s\t%dx%d\t%.2fs\t%d bytes\tthumbnail %s\n", rd.Path, rd.Width, rd.Height, res.Duration, rd.Size, rd.Thumbnail)
		return nil
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
