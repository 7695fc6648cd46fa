package render

import (
	"context"
	"fmt"
	"image"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/styles"
)

// EngineRenderer renders with package engine.
type EngineRenderer struct {
	// Styles is the registry (nil: built-in styles).
	Styles *styles.Registry
	// X264 is the x264 library choice (engine.Options.X264; "": auto).
	X264 string
	// Threads per x264 encoder and compose Workers (0: automatic).
	Threads, Workers int
	// MaxPhotoPixels bounds decoded photos (0: engine default).
	MaxPhotoPixels int
	// Fonts are shared by all renders (nil: engine default, the machine's
	// fonts, per render).
	Fonts *engine.FontLibrary

	// beats keeps the beats of music tracks (asset ids name fixed
	// content): beat-synced styles analyse a track once, not per preview
	// frame or render.
	beats engine.BeatCache
}

// EngineOptions are the engine options of every render of e.
// RequireMusic keeps Picovico's rule: a video without music is refused
// with 7402.
func (e *EngineRenderer) EngineOptions() engine.Options {
	return engine.Options{Styles: e.Styles, X264: e.X264, Threads: e.Threads, Workers: e.Workers, MaxPhotoPixels: e.MaxPhotoPixels, RequireMusic: true, Fonts: e.Fonts, Beats: &e.beats,
		// A clip was measured against --max-clip-duration at upload.
		MaxClipDuration: -1}
}

// Validate runs engine.Validate.
func (e *EngineRenderer) Validate(ctx context.Context, p *engine.Project, r engine.Resolver) error {
	_, err := engine.Validate(ctx, p, r, e.EngineOptions())
	return err
}

// Render runs engine.Render with the rendition files named
// <dir>/<quality>.mp4 and <dir>/<quality>.jpg.
func (e *EngineRenderer) Render(ctx context.Context, p *engine.Project, r engine.Resolver, o Options) (*Output, error) {
	opts := e.EngineOptions()
	opts.Preview = o.Preview
	if o.Preview {
		// Plan only (no resolver: no asset is read twice); Render
		// validates the assets itself.
		pl, err := engine.Validate(ctx, p, nil, opts)
		if err != nil {
			return nil, err
		}
		opts.FrameRate = PreviewFrameRate(pl.Duration())
	}
	opts.Output = engine.ToFiles(func(q engine.Quality) (string, string) {
		n := strconv.Itoa(int(q))
		return filepath.Join(o.Dir, n+".mp4"), filepath.Join(o.Dir, n+".jpg")
	})
	if o.Progress != nil {
		opts.Progress = func(pr engine.Progress) { o.Progress(pr.Fraction()) }
	}
	res, err := engine.Render(ctx, p, r, opts)
	if err != nil {
		return nil, err
	}
	out := &Output{Frames: res.Frames, Duration: res.Duration, Warnings: res.Warnings}
	for _, rd := range res.Renditions {
		out.Files = append(out.Files, File{Quality: int(rd.Quality), Video: rd.Path, Thumbnail: rd.Thumbnail})
	}
	return out, nil
}

// PreviewMaxFrames bounds a preview's work: a free 144p preview draws at
// most this many frames (10 fps up to 2 minutes, fewer frames per second
// beyond, at least 1), however long the project.
const PreviewMaxFrames = 1200

// PreviewFrameRate is the frame rate of the preview of a project of
// seconds: 10 fps while that stays within PreviewMaxFrames, else the
// whole frames per second that do, at least 1.
func PreviewFrameRate(seconds float64) engine.Rational {
	fps := 10
	if seconds > 0 && float64(fps)*seconds > PreviewMaxFrames {
		fps = max(1, int(PreviewMaxFrames/seconds))
	}
	return engine.Rational{Num: fps, Den: 1}
}

// RenderFrame draws the frame at t seconds with engine.RenderFrame.
func (e *EngineRenderer) RenderFrame(ctx context.Context, p *engine.Project, r engine.Resolver, t float64) (image.Image, error) {
	ns := math.Round(t * float64(time.Second))
	if math.IsNaN(ns) || ns >= math.MaxInt64 {
		ns = math.MaxInt64 // outside any video: engine.ErrOutOfRange
	}
	fr, err := engine.RenderFrame(ctx, p, r, e.EngineOptions(), time.Duration(ns))
	if err != nil {
		return nil, err
	}
	return fr.Image, nil
}

// SplitPlan validates p (engine.Validate) and lists its renditions.
func (e *EngineRenderer) SplitPlan(ctx context.Context, p *engine.Project, r engine.Resolver) (*SplitPlan, error) {
	o := e.EngineOptions()
	pl, err := engine.Validate(ctx, p, r, o)
	if err != nil {
		return nil, err
	}
	qs, err := o.Qualities(p, pl.Style)
	if err != nil {
		return nil, err
	}
	sp := &SplitPlan{Frames: pl.Frames, Duration: pl.Duration()}
	for _, q := range qs {
		sp.Qualities = append(sp.Qualities, int(q))
	}
	// SegmentRanges refuses more segments than key intervals.
	rate := pl.FrameRate
	if rate.Num <= 0 || rate.Den <= 0 {
		rate = engine.Rational{Num: 30, Den: 1}
	}
	gop := max(1, 2*rate.Num/rate.Den)
	sp.MaxSegments = (pl.Frames + gop - 1) / gop
	return sp, nil
}

// RenderSegment runs engine.RenderSegment for one rendition.
func (e *EngineRenderer) RenderSegment(ctx context.Context, p *engine.Project, r engine.Resolver, quality, index, count int, w io.Writer) error {
	o := e.EngineOptions()
	o.Renditions = []engine.Quality{engine.Quality(quality)}
	_, err := engine.RenderSegment(ctx, p, r, o, index, count, w)
	return err
}

// EncodeAudio runs engine.EncodeAudio.
func (e *EngineRenderer) EncodeAudio(ctx context.Context, p *engine.Project, r engine.Resolver) (*engine.AudioTrack, error) {
	return engine.EncodeAudio(ctx, p, r, e.EngineOptions())
}

// JoinSegments runs engine.JoinSegments for one rendition into dir.
func (e *EngineRenderer) JoinSegments(ctx context.Context, p *engine.Project, r engine.Resolver, quality int, segs []io.Reader, audio *engine.AudioTrack, dir string) (*File, error) {
	o := e.EngineOptions()
	o.Audio = audio
	o.Renditions = []engine.Quality{engine.Quality(quality)}
	n := strconv.Itoa(quality)
	o.Output = engine.ToFiles(func(engine.Quality) (string, string) {
		return filepath.Join(dir, n+".mp4"), filepath.Join(dir, n+".jpg")
	})
	res, err := engine.JoinSegments(ctx, p, r, o, segs)
	if err != nil {
		return nil, err
	}
	if len(res.Renditions) != 1 {
		return nil, fmt.Errorf("join of rendition %d made %d files", quality, len(res.Renditions))
	}
	rd := res.Renditions[0]
	return &File{Quality: int(rd.Quality), Video: rd.Path, Thumbnail: rd.Thumbnail}, nil
}
