package server

import (
	"context"
	"io"

	"github.com/reelkit/reel/engine"
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
}

// RenderedFile is one rendition on local disk.
type RenderedFile struct {
	Quality   int
	Video     string // MP4 path
	Thumbnail string // JPEG path, may be ""
}

// resolver opens a user's photos and musics (and the built-in library)
// for the engine.
type resolver struct {
	s      *Server
	userID string
}

func (rs resolver) Open(ctx context.Context, a engine.Asset) (io.ReadCloser, error) {
	switch a.Name {
	case engine.KindMusic:
		if rd, _, ok := rs.s.library.open(a.AssetID); ok {
			return io.NopCloser(rd), nil
		}
		m, err := rs.s.store.Music(ctx, rs.userID, a.AssetID)
		if err != nil {
			return nil, err
		}
		return rs.s.blobs.Open(ctx, m.Blob)
	case engine.KindImage:
		p, err := rs.s.store.Photo(ctx, rs.userID, a.AssetID)
		if err != nil {
			return nil, err
		}
		return rs.s.blobs.Open(ctx, p.Blob)
	}
	return nil, ErrNotFound
}

// project turns a stored video into the engine's project.
func project(v *Video) *engine.Project {
	return &engine.Project{Name: v.Name, Style: v.Style, Quality: engine.Quality(v.Quality), Assets: v.Assets, Credit: v.Credit}
}
