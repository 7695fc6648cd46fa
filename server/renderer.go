package server

import (
	"bufio"
	"context"
	"image"
	"io"
	"sync"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/internal/membudget"
	"github.com/reelkit/reel/server/model"
)

// Renderer is the seam between the queue and the engine: EngineRenderer
// is the real one.
type Renderer interface {
	// Validate checks a project; a *engine.StatusError carries the
	// Picovico code (7401..7404).
	Validate(ctx context.Context, p *engine.Project, r engine.Resolver) error
	// Render writes every rendition of p (or the 144p preview) into dir.
	Render(ctx context.Context, p *engine.Project, r engine.Resolver, o RenderOptions) (*RenderOutput, error)
}

// RenderOptions are the per-job settings of a render.
type RenderOptions struct {
	Dir      string
	Preview  bool
	Progress func(fraction float64)
}

// RenderOutput lists the files a render wrote.
type RenderOutput struct {
	Frames   int
	Duration float64 // seconds
	Files    []RenderedFile
	// Warnings are problems that did not stop the render (characters no
	// font has, drawn as boxes), one line each.
	Warnings []string
}

// RenderedFile is one rendition on local disk.
type RenderedFile struct {
	Quality   int
	Video     string // MP4 path
	Thumbnail string // JPEG path, may be ""
}

// resolver opens a user's photos (image and logo assets) and musics (and
// the built-in library) for the engine. With budget set (renders, not validation), opening a
// photo first reserves what decoding it will take (its file, which the
// engine reads whole, plus membudget.DecodeBytes) from the server's memory budget,
// until the engine closes it: the engine decodes a photo between Open
// and Close.
type resolver struct {
	s      *Server
	userID string
	budget bool
}

func (rs resolver) Open(ctx context.Context, a engine.Asset) (io.ReadCloser, error) {
	switch a.Name {
	case engine.KindMusic:
		if rd, _, ok := rs.s.library.Open(a.AssetID); ok {
			return io.NopCloser(rd), nil
		}
		m, err := rs.s.store.Music(ctx, rs.userID, a.AssetID)
		if err != nil {
			return nil, err
		}
		return rs.s.blobs.Open(ctx, m.Blob)
	case engine.KindImage, engine.KindLogo:
		p, err := rs.s.store.Photo(ctx, rs.userID, a.AssetID)
		if err != nil {
			return nil, err
		}
		b, err := rs.s.blobs.Open(ctx, p.Blob)
		if err != nil || !rs.budget {
			return b, err
		}
		return rs.s.reservePhoto(ctx, b, p)
	}
	return nil, model.ErrNotFound
}

// CheapToReopen implements engine.CheapReopener: the built-in library's
// tracks are in memory and blobs on the local filesystem (FSBlobs) are
// files, so the engine opens them again (a track per loop pass, a photo
// after its header probe) instead of first copying them to a temporary
// file. Blobs of any other store are opened once per render.
func (rs resolver) CheapToReopen(a engine.Asset) bool {
	if a.Name == engine.KindMusic {
		if _, _, ok := rs.s.library.Open(a.AssetID); ok {
			return true
		}
	}
	_, local := rs.s.blobs.(*blob.FS)
	return local
}

// budgetedBlob releases its memory reservation on Close.
type budgetedBlob struct {
	blob.Blob
	release func()
	once    sync.Once
}

func (b *budgetedBlob) Close() error {
	b.once.Do(b.release)
	return b.Blob.Close()
}

// reservePhoto reserves the decode cost of photo blob b (read from its
// header) and returns b, positioned at its start, holding it.
func (s *Server) reservePhoto(ctx context.Context, b blob.Blob, p *model.Photo) (io.ReadCloser, error) {
	cost := b.Size()
	if cfg, _, err := image.DecodeConfig(bufio.NewReader(b)); err == nil {
		cost += membudget.DecodeBytes(cfg, p.ContentType, b)
	} else {
		cost += int64(p.Width) * int64(p.Height) * 8
	}
	if _, err := b.Seek(0, io.SeekStart); err != nil {
		b.Close()
		return nil, err
	}
	release, err := s.mem.Reserve(ctx, cost)
	if err != nil {
		b.Close()
		return nil, err
	}
	return &budgetedBlob{Blob: b, release: release}, nil
}

// project turns a stored video into the engine's project.
func project(v *model.Video) *engine.Project {
	a, _ := engine.ParseAspect(v.Aspect) // checked when stored; "" is 16:9
	return &engine.Project{Name: v.Name, Style: v.Style, Quality: engine.Quality(v.Quality), Aspect: a, Assets: v.Assets, Credit: v.Credit}
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
	JoinSegments(ctx context.Context, p *engine.Project, r engine.Resolver, quality int, segs []io.Reader, audio *engine.AudioTrack, dir string) (*RenderedFile, error)
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
