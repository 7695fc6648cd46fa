package server

import (
	"context"
	"errors"

	"github.com/reelkit/reel/engine"
)

// errNoEngineRender is returned until package engine ships Render.
var errNoEngineRender = errors.New("server: engine.Render is not available in this build")

func engineRender(ctx context.Context, p *engine.Project, r engine.Resolver, opts engine.Options, o RenderOptions) (*RenderOutput, error) {
	return nil, errNoEngineRender
}
