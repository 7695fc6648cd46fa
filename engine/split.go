package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// SegmentRunner renders segment index of count of a split render and
// returns the segment file's contents. RenderSplit calls it concurrently,
// once per segment; it is the seam where a job runner sends segments to
// other processes or machines (each running RenderSegment with the same
// project, assets and options) and hands back what they wrote.
type SegmentRunner func(ctx context.Context, index, count int) (io.ReadCloser, error)

// RenderSplit renders p as count segments, all at once, and joins them
// (JoinSegments) into the options' output. run renders one segment; nil
// renders each in this process (RenderSegment into an unlinked temporary
// file in Options.TempDir), which with count > 1 overlaps the segments'
// encoder start-up and tail and so uses more cores than one Render. The
// output is the same as rendering the segments anywhere else and joining
// them. The first failing segment cancels the others.
func RenderSplit(ctx context.Context, p *Project, r Resolver, o Options, count int, run SegmentRunner) (*Result, error) {
	if o.Beats == nil {
		// The segments and the join plan the same cuts: detect beats once.
		o.Beats = &BeatCache{}
	}
	if run == nil {
		run = func(ctx context.Context, index, count int) (io.ReadCloser, error) {
			return renderSegmentTemp(ctx, p, r, o, index, count)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	parts := make([]io.ReadCloser, count)
	errs := make([]error, count)
	var wg sync.WaitGroup
	for i := range count {
		wg.Go(func() {
			parts[i], errs[i] = run(ctx, i, count)
			if errs[i] != nil {
				cancel()
			}
		})
	}
	wg.Wait()
	defer func() {
		for _, p := range parts {
			if p != nil {
				p.Close()
			}
		}
	}()
	if i := firstCause(errs); i >= 0 {
		return nil, fmt.Errorf("engine: segment %d of %d: %w", i, count, errs[i])
	}
	readers := make([]io.Reader, count)
	for i, p := range parts {
		readers[i] = p
	}
	return JoinSegments(ctx, p, r, o, readers)
}

// firstCause returns the index of the first error that is not a
// cancellation caused by another segment's failure.
func firstCause(errs []error) int {
	for i, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return i
		}
	}
	for i, err := range errs {
		if err != nil {
			return i
		}
	}
	return -1
}

// renderSegmentTemp renders one segment into an unlinked temporary file
// and returns it rewound.
func renderSegmentTemp(ctx context.Context, p *Project, r Resolver, o Options, index, count int) (io.ReadCloser, error) {
	f, err := os.CreateTemp(o.TempDir, ".reel-segment-*")
	if err != nil {
		return nil, fmt.Errorf("engine: segment spool: %w", err)
	}
	os.Remove(f.Name())
	if _, err := RenderSegment(ctx, p, r, o, index, count, f); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("engine: segment spool: %w", err)
	}
	return f, nil
}
