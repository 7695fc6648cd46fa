package main

import (
	"context"
	"flag"
	"io"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/internal/demo"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "demo.mp4", "output MP4 path")
	quality := fs.String("quality", "720", "quality of the single rendition: 360, 480 or 720")
	style := fs.String("style", "", "built-in style machine name, or path to a style JSON file (default: vanilla)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	var ef encodeFlags
	ef.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("demo takes no positional arguments")
	}
	q, err := parseQuality(*quality)
	if err != nil {
		return err
	}
	p, err := demo.Project()
	if err != nil {
		return err
	}
	p.Quality = q
	o := engine.Options{Output: engine.ToFile(*out), Renditions: []engine.Quality{q}}
	if isStyleFile(*style) {
		if o.Style, err = loadStyleFile(*style); err != nil {
			return err
		}
		p.Style = o.Style.MachineName
	} else if *style != "" {
		p.Style = *style
	}
	if err := ef.apply(&o); err != nil {
		return err
	}
	return renderAndReport(ctx, p, demo.Resolver(), o, *quiet, stdout, stderr)
}
