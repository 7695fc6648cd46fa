package render

import (
	"context"
	"image"
	"io"

	"github.com/reelkit/reel/engine"
)

// Renderer is the seam between the queue and the engine: EngineRenderer
// is the real one.
type Renderer interface {
	// Validate checks a project; a *engine.StatusError carries the
	// Picovico code (7401..7404).
	Validate(ctx context.Context, p *engine.Project, r engine.Resolver) error
	// Render writes every rendition of p (or the 144p preview) into
	// o.Dir.
	Render(ctx context.Context, p *engine.Project, r engine.Resolver, o Options) (*Output, error)
}

// Options are the per-job settings of a render.
type Options struct {
	// Dir is the directory the rendition files are written to.
	Dir string
	// Preview makes the 144p preview instead of the renditions.
	Preview bool
	// Progress, when set, is told the fraction (0..1) done.
	Progress func(fraction float64)
}

// Output lists the files a render wrote.
type Output struct {
	Frames   int
	Duration float64 // seconds
	Files    []File
	// Warnings are problems that did not stop the render (characters no
	// font has, drawn as boxes), one line each.
	Warnings []string
}

// File is one rendition on local disk.
type File struct {
	Quality   int
	Video     string // MP4 path
	Thumbnail string // JPEG path, may be ""
}

// FrameRenderer is implemented by Renderers that can draw one frame of a
// project (EngineRenderer does); the server uses it for the studio's
// preview frames and style thumbnails.
type FrameRenderer interface {
	// RenderFrame draws the frame of p shown at t seconds.
	RenderFrame(ctx context.Context, p *engine.Project, r engine.Resolver, t float64) (image.Image, error)
}

// SplitRenderer is a Renderer that can also render a video as segments
// on several workers and join them (EngineRenderer is one); see
// Config.SplitAbove.
type SplitRenderer interface {
	Renderer
	// SplitPlan validates p and returns what a split needs to know.
	SplitPlan(ctx context.Context, p *engine.Project, r engine.Resolver) (*SplitPlan, error)
	// RenderSegment writes segment index of count of rendition quality
	// to w (a segment file: engine.RenderSegment).
	RenderSegment(ctx context.Context, p *engine.Project, r engine.Resolver, quality, index, count int, w io.Writer) error
	// EncodeAudio mixes and encodes p's music once for every
	// rendition's join (nil: no music).
	EncodeAudio(ctx context.Context, p *engine.Project, r engine.Resolver) (*engine.AudioTrack, error)
	// JoinSegments muxes one rendition's segments, in index order, with
	// the track from EncodeAudio into dir/<quality>.mp4 and its
	// thumbnail dir/<quality>.jpg (engine.JoinSegments).
	JoinSegments(ctx context.Context, p *engine.Project, r engine.Resolver, quality int, segs []io.Reader, audio *engine.AudioTrack, dir string) (*File, error)
}

// SplitPlan is what a coordinator needs to split a render.
type SplitPlan struct {
	Frames   int
	Duration float64 // seconds
	// Qualities are the renditions a render makes, smallest first.
	Qualities []int
	// MaxSegments is the most segments the video splits into (one whole
	// key interval each).
	MaxSegments int
}
