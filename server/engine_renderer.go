package server

import (
	"context"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/styles"
)

// EngineRenderer renders with package engine.
type EngineRenderer struct {
	// Styles is the registry (nil: built-in styles).
	Styles *styles.Registry
	// Threads per x264 encoder and compose Workers (0: automatic).
	Threads, Workers int
	// MaxPhotoPixels bounds decoded photos (0: engine default).
	MaxPhotoPixels int
}

func (e *EngineRenderer) options() engine.Options {
	return engine.Options{Styles: e.Styles, Threads: e.Threads, Workers: e.Workers, MaxPhotoPixels: e.MaxPhotoPixels}
}

// Validate runs engine.Validate.
func (e *EngineRenderer) Validate(ctx context.Context, p *engine.Project, r engine.Resolver) error {
	_, err := engine.Validate(ctx, p, r, e.options())
	return err
}

// Render runs engine.Render into o.Dir.
func (e *EngineRenderer) Render(ctx context.Context, p *engine.Project, r engine.Resolver, o RenderOptions) (*RenderOutput, error) {
	return engineRender(ctx, p, r, e.options(), o)
}
