package engine

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"runtime"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/encode"
)

// SegmentRange is one part of a split render: the video's frames
// [From, To), the Index-th of Count.
type SegmentRange struct {
	Index, Count int
	From, To     int
}

// SegmentRanges splits a video of frames frames at rate into n ranges of
// whole key intervals (2 s, the longest IDR spacing reel's encoder uses,
// so the boundaries fall where a single encoder would also put an IDR
// picture unless a scene cut moved its key interval), as equal as that
// allows, in order. It fails when the video is too short
// to give every one of the n segments at least one key interval.
func SegmentRanges(frames int, rate Rational, n int) ([]SegmentRange, error) {
	if rate.Num <= 0 || rate.Den <= 0 {
		rate = Rational{Num: 30, Den: 1}
	}
	gop := max(1, 2*rate.Num/rate.Den)
	gops := (frames + gop - 1) / gop
	if n < 1 || n > gops {
		return nil, fmt.Errorf("engine: cannot split %d frames (%d key intervals of %d frames) into %d segments", frames, gops, gop, n)
	}
	out := make([]SegmentRange, 0, n)
	for i := range n {
		from, to := i*gops/n*gop, min((i+1)*gops/n*gop, frames)
		out = append(out, SegmentRange{Index: i, Count: n, From: from, To: to})
	}
	return out, nil
}

// segmentJob is what RenderSegment and JoinSegments agree on: the plan,
// the one rendition a split render makes, its encoder options, and the
// plan's identity written into every segment.
type segmentJob struct {
	pl     *Plan
	q      Quality
	w, h   int
	video  encode.VideoOptions
	ranges []SegmentRange
	id     [32]byte
	r      Resolver
	done   func()
}

// prepareSegments validates p and derives the split into n segments.
func prepareSegments(ctx context.Context, p *Project, r Resolver, o Options, n int) (*segmentJob, error) {
	if err := o.CheckEncoding(); err != nil {
		return nil, err
	}
	r, closeAssets := economical(r, o.TempDir)
	pl, err := validate(ctx, p, r, o, renderChecks(r))
	if err == nil {
		err = applyBeatSync(ctx, pl, r, o.Beats)
	}
	if err != nil {
		closeAssets()
		return nil, err
	}
	qs, err := o.renditions(p, pl.Style)
	if err != nil {
		closeAssets()
		return nil, err
	}
	top := qs[len(qs)-1]
	j := &segmentJob{pl: pl, q: top.q, w: top.size.Width, h: top.size.Height, r: r, done: closeAssets}
	j.video = o.videoOptions(j.w, j.h, j.w*j.h, pl.FrameRate)
	if j.ranges, err = SegmentRanges(pl.Frames, pl.FrameRate, n); err != nil {
		closeAssets()
		return nil, err
	}
	j.id = planID(p, pl, j.video, n)
	return j, nil
}

// planID fingerprints what decides a segment's pictures: the project (as
// JSON: in-memory Image/Bytes contents are not part of it), the style's
// name, the frame count and the encoder options. It guards against
// joining segments of different renders; it is not a security measure.
func planID(p *Project, pl *Plan, v encode.VideoOptions, n int) [32]byte {
	js, _ := json.Marshal(p)
	h := sha256.New()
	fmt.Fprintf(h, "reel split v1\x00%s\x00%s\x00%d\x00%d\x00%+v\x00", js, pl.Style.MachineName, pl.Frames, n, v)
	var id [32]byte
	copy(id[:], h.Sum(nil))
	return id
}

// SegmentInfo describes a rendered segment.
type SegmentInfo struct {
	SegmentRange
	// Frames of the whole video, and the segment's size in bytes.
	Total int
	Bytes int64
	// Wall is how long RenderSegment took.
	Wall time.Duration
}

// RenderSegment renders segment index of count of p's video (see
// SegmentRanges) and writes it to w as a segment file (format in package
// encode: coded H.264 pictures with their timestamps, no audio). Every
// segment starts with an IDR picture and is encoded with the same x264
// parameters, so the segments of one plan, rendered by any workers on
// machines with the same x264, join into the video (JoinSegments). A
// split render makes one rendition: the largest the options select.
//
// Errors follow Render's model. On error, w may hold a partial segment,
// which JoinSegments refuses.
func RenderSegment(ctx context.Context, p *Project, r Resolver, o Options, index, count int, w io.Writer) (*SegmentInfo, error) {
	start := time.Now()
	if err := checkEncoders(); err != nil {
		return nil, err
	}
	j, err := prepareSegments(ctx, p, r, o, count)
	if err != nil {
		return nil, err
	}
	defer j.done()
	if index < 0 || index >= count {
		return nil, fmt.Errorf("engine: segment %d of %d", index, count)
	}
	seg := j.ranges[index]
	startRendering(j.r)
	cw := &countingWriter{w: w}
	if err := j.renderSegment(ctx, o, seg, cw); err != nil {
		return nil, err
	}
	return &SegmentInfo{SegmentRange: seg, Total: j.pl.Frames, Bytes: cw.n, Wall: time.Since(start)}, nil
}

// renderSegment composes frames [seg.From, seg.To) with a fresh encoder
// and writes the segment file.
func (j *segmentJob) renderSegment(ctx context.Context, o Options, seg SegmentRange, w io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pl := j.pl
	fonts := o.fonts()
	warns := &glyphWarnings{log: o.Logger}
	sizes := [][2]int{{j.w, j.h}}
	renderers := []*compose.Renderer{compose.NewRenderer(pl.Style, j.w, j.h, composeOptions(o, fonts, warns))}
	slides := composeSlides(pl)
	loader := newPhotoLoader(pl, slides, j.r, photoDecodeOptions(j.w, j.h, o.MaxPhotoPixels), maxLivePhotos, renderers)
	loader.need = make([]bool, len(pl.Slides))
	for f := seg.From; f < seg.To; f++ {
		sc := pl.Scene(f)
		loader.need[sc.Current] = true
		if sc.Next >= 0 {
			loader.need[sc.Next] = true
		}
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	loader.setClips(o, j.w, j.h, clipCapacity(workers), seg.From, seg.To)
	defer loader.closeClips()
	go loader.run(ctx)
	comp := newComposer(pl, pl.Style, slides, renderers, sizes, loader, workers, fonts)
	comp.from, comp.to = seg.From, seg.To
	var err error
	if comp.dec, err = newDecorator(ctx, pl, j.r, o, sizes); err != nil {
		return err
	}
	endsAt := make(map[int][]int)
	for i, s := range pl.Slides {
		endsAt[s.EndFrame()-1] = append(endsAt[s.EndFrame()-1], i)
	}
	enc, err := encode.NewVideoEncoder(j.video)
	if err != nil {
		return err
	}
	defer enc.Close()
	sw, err := encode.NewSegmentWriter(w, encode.SegmentHeader{
		PlanID: j.id, Index: seg.Index, Count: seg.Count, From: seg.From, To: seg.To, Total: pl.Frames,
		Track: encode.VideoTrackConfig{Width: j.w, Height: j.h, FrameRate: pl.FrameRate, SPS: enc.SPS(), PPS: enc.PPS()},
	})
	if err != nil {
		return err
	}
	var shown *image.YCbCr
	emit := func(fr frameResult) error {
		if fr.pics != nil {
			shown = fr.pics[0]
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := enc.EncodePicture(shown, sw.WritePacket); err != nil {
			return err
		}
		loader.advance(fr.f)
		for _, i := range endsAt[fr.f] {
			loader.release(i, renderers)
		}
		return nil
	}
	if err := comp.run(ctx, emit); err != nil {
		return err
	}
	if err := enc.Flush(sw.WritePacket); err != nil {
		return err
	}
	return sw.Close()
}
