package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/reelkit/reel/encode"
)

// ErrSegmentMismatch is matched (errors.Is) by JoinSegments's error for
// a well-formed segment file that does not belong where it was given:
// another plan, another position, another segment count, size or
// parameter sets.
var ErrSegmentMismatch = errors.New("segment does not belong to this render")

// AudioTrack is a render's music, mixed and AAC-encoded (EncodeAudio).
type AudioTrack = encode.AACTrack

// EncodeAudio mixes and encodes p's music as Render and JoinSegments do,
// for Options.Audio: the joins of a split render's renditions then share
// one track, which can be encoded while the segments render. A project
// without music gives nil. Errors follow Render's model.
func EncodeAudio(ctx context.Context, p *Project, r Resolver, o Options) (*AudioTrack, error) {
	if err := o.CheckEncoding(); err != nil {
		return nil, err
	}
	r, closeAssets := economical(r, o.TempDir)
	defer closeAssets()
	pl, err := Validate(ctx, p, r, o)
	if err == nil {
		err = applyBeatSync(ctx, pl, r, o.Beats)
	}
	if err != nil {
		return nil, err
	}
	startRendering(r)
	return encodeAudio(ctx, pl, pl.Style, r, o.Ducking)
}

// JoinSegments muxes the segment files of a split render of p (made by
// RenderSegment with the same project, assets and options, in any order
// and on any workers) into the finished MP4 at the options' output (a
// path or a Writer, as Render: see Output), with the
// music mixed and AAC-encoded once, here (or Options.Audio). segs are the segments in index
// order, all of them. The thumbnail, when the sink has one, is drawn here
// (one frame).
//
// Segments from another plan, missing, repeated or out of order, with
// different parameter sets, corrupt or truncated are refused with an
// error naming the segment (a corrupt file matches encode.ErrBadSegment,
// a misplaced one ErrSegmentMismatch);
// nothing is then left at the output path. Other errors follow Render's
// model.
func JoinSegments(ctx context.Context, p *Project, r Resolver, o Options, segs []io.Reader) (*Result, error) {
	start := time.Now()
	j, err := prepareSegments(ctx, p, r, o, max(len(segs), 1))
	if err != nil {
		return nil, err
	}
	defer j.done()
	readers := make([]*encode.SegmentReader, len(segs))
	for i, s := range segs {
		sr, err := encode.NewSegmentReader(s)
		if err != nil {
			return nil, fmt.Errorf("engine: segment %d: %w", i, err)
		}
		if err := j.checkSegment(i, sr.Header(), readers); err != nil {
			return nil, err
		}
		readers[i] = sr
	}
	sinks, err := o.Output.sinks([]Quality{j.q})
	if err != nil {
		return nil, err
	}
	s := sinks[0]
	if err := checkOutputDirs([][2]string{{s.Path, s.Thumbnail}}); err != nil {
		return nil, err
	}
	startRendering(j.r)
	t0 := time.Now()
	track := o.Audio
	if track == nil {
		if track, err = encodeAudio(ctx, j.pl, j.pl.Style, j.r, o.Ducking); err != nil {
			return nil, err
		}
	}
	audioTook := time.Since(t0)
	t0 = time.Now()
	h0 := readers[0].Header()
	cw := &countingWriter{w: s.Writer}
	sink := encode.Sink{Path: s.Path, Fragmented: s.fragmented(), TempDir: o.TempDir, Frames: j.pl.Frames}
	if s.Writer != nil {
		sink.Writer = cw
	}
	mux, err := encode.NewSinkMuxer(sink, h0.Track, track)
	if err != nil {
		return nil, err
	}
	for i, sr := range readers {
		if err := copySegment(ctx, mux, sr); err != nil {
			mux.Abort()
			return nil, fmt.Errorf("engine: segment %d: %w", i, err)
		}
	}
	if err := mux.Close(); err != nil {
		return nil, err
	}
	size := cw.n
	if s.Path != "" {
		fi, err := os.Stat(s.Path)
		if err != nil {
			return nil, err
		}
		size = fi.Size()
	}
	if s.Thumbnail != "" || s.ThumbnailWriter != nil {
		// RenderFrame draws at the largest rendition: the segments' size.
		img, _, err := renderFrame(ctx, p, j.r, o, func(pl *Plan) (int, error) { return thumbnailFrame(pl), nil })
		if err == nil {
			_, err = s.writeThumbnail(img)
		}
		if err != nil {
			if s.Path != "" {
				os.Remove(s.Path)
			}
			return nil, err
		}
	}
	return &Result{
		Frames: j.pl.Frames, Duration: j.pl.Duration(), FrameRate: j.pl.FrameRate,
		Renditions: []Rendition{{Quality: j.q, Width: j.w, Height: j.h, Path: s.Path, Thumbnail: s.Thumbnail, Size: size}},
		Stats:      Stats{Wall: time.Since(start), Audio: audioTook, Mux: time.Since(t0)},
	}, nil
}

// checkSegment checks that segment i's header belongs at position i of
// this plan and matches the segments before it.
func (j *segmentJob) checkSegment(i int, h encode.SegmentHeader, prev []*encode.SegmentReader) error {
	want := j.ranges[i]
	bad := func(format string, a ...any) error {
		return fmt.Errorf("engine: segment %d: %s (%w)", i, fmt.Sprintf(format, a...), ErrSegmentMismatch)
	}
	switch {
	case h.Count != want.Count:
		return bad("the file is segment %d of %d, but %d segments were given", h.Index, h.Count, want.Count)
	case h.Index != i:
		return bad("the file is segment %d of %d, want %d of %d", h.Index, h.Count, i, want.Count)
	case h.PlanID != j.id:
		return bad("rendered from another project or options")
	case h.From != want.From || h.To != want.To || h.Total != j.pl.Frames:
		return bad("frames [%d, %d) of %d, want [%d, %d) of %d", h.From, h.To, h.Total, want.From, want.To, j.pl.Frames)
	case h.Track.Width != j.w || h.Track.Height != j.h || h.Track.FrameRate != j.pl.FrameRate:
		return bad("%dx%d at %v fps, want %dx%d at %v", h.Track.Width, h.Track.Height, h.Track.FrameRate, j.w, j.h, j.pl.FrameRate)
	}
	if i > 0 {
		t0 := prev[0].Header().Track
		if !bytes.Equal(h.Track.SPS, t0.SPS) || !bytes.Equal(h.Track.PPS, t0.PPS) {
			return bad("its SPS/PPS differ from segment 0's (another x264 build or parameters)")
		}
	}
	return nil
}

// copySegment moves a segment's packets into mux, shifted to the video's
// timeline. The muxer's output is committed only after every segment has
// passed its end-of-file checks.
func copySegment(ctx context.Context, mux encode.VideoMuxer, sr *encode.SegmentReader) error {
	from := int64(sr.Header().From)
	for n := 0; ; n++ {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		p, err := sr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		p.PTS += from
		p.DTS += from
		if err := mux.WriteVideo(p); err != nil {
			return err
		}
	}
}
