package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reelkit/reel/encode"
	"github.com/reelkit/reel/engine"
)

// parseSegment parses --segment's "I/N" (0-based index I of N segments).
func parseSegment(s string) (index, count int, err error) {
	a, b, ok := strings.Cut(s, "/")
	if ok {
		index, err = strconv.Atoi(a)
		if err == nil {
			count, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || count < 1 || index < 0 || index >= count {
		return 0, 0, usagef("--segment %q: want I/N with 0 <= I < N (0-based)", s)
	}
	return index, count, nil
}

// renderSegmentFile renders one segment into a temporary file beside out
// and renames it into place, so a failed render leaves nothing at out.
func renderSegmentFile(ctx context.Context, p *engine.Project, r engine.Resolver, o engine.Options, index, count int, out string, stdout io.Writer) error {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.part")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly after the rename
	info, err := engine.RenderSegment(ctx, p, r, o, index, count, f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), out)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\tsegment %d/%d\tframes %d-%d of %d\t%d bytes\n", out, index, count, info.From, info.To, info.Total, info.Bytes)
	return nil
}

// cmdJoin muxes segment files into the finished MP4.
func cmdJoin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("join", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var pf projectFlags
	pf.register(fs, false)
	out := fs.String("o", "", "output MP4 path (required)")
	preview := fs.Bool("preview", false, "the segments are of a --preview render")
	var ef encodeFlags
	ef.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 || *out == "" {
		return usagef("join needs the project file, its segment files in order, and -o OUT.mp4")
	}
	o := engine.Options{Output: engine.ToFile(*out), Preview: *preview}
	if err := ef.apply(&o); err != nil {
		return err
	}
	p, r, err := pf.load(pos[0], &o)
	if err != nil {
		return err
	}
	singleRendition(p, &o)
	var segs []io.Reader
	for _, name := range pos[1:] {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		segs = append(segs, f)
	}
	res, err := engine.JoinSegments(ctx, p, r, o, segs)
	if errors.Is(err, encode.ErrBadSegment) || errors.Is(err, engine.ErrSegmentMismatch) {
		return segmentFault{err}
	}
	if err != nil {
		return err
	}
	rd := res.Renditions[0]
	fmt.Fprintf(stdout, "%s\t%dx%d\t%.2fs\t%d bytes\tthumbnail %s\n", rd.Path, rd.Width, rd.Height, res.Duration, rd.Size, rd.Thumbnail)
	return nil
}

// singleRendition makes a render without --renditions write one
// rendition: --quality or the project's quality. A quality reel cannot
// make is left to the engine, which blames the project for it.
func singleRendition(p *engine.Project, o *engine.Options) {
	if q := p.EffectiveQuality(); len(o.Renditions) == 0 && !o.Preview && q.Valid() && q != engine.QualityPreview {
		o.Renditions = []engine.Quality{q}
	}
}

// segmentFault marks a segment file that is corrupt or does not belong
// to the render: a fault of the input (exit code 3).
type segmentFault struct{ err error }

// Error returns the cause's message.
func (e segmentFault) Error() string { return e.err.Error() }

// Unwrap returns the cause.
func (e segmentFault) Unwrap() error { return e.err }

// Is makes a segment fault count as invalid input for the exit code.
func (e segmentFault) Is(target error) bool { return target == engine.ErrInvalidProject }
