// Package demo embeds the project rendered by `reel demo`: seven photos with
// captions, two text slides, a music track and end credits, all shipped in
// the binary so the demo works on a fresh clone with no files around it.
package demo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io"
	"path"

	"github.com/reelkit/reel/engine"
)

//go:embed assets/*.jpg assets/*.mp3 assets/project.json
var assets embed.FS

// Project returns a fresh copy of the demo project.
func Project() (*engine.Project, error) {
	b, err := assets.ReadFile("assets/project.json")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return engine.DecodeProject(bytes.NewReader(b))
}

// Resolver opens the demo's embedded assets by asset_id.
func Resolver() engine.Resolver { return resolver{} }

type resolver struct{}

// Open implements engine.Resolver.
func (resolver) Open(ctx context.Context, a engine.Asset) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := assets.ReadFile(path.Join("assets", path.Base(a.AssetID)))
	if err != nil {
		return nil, fmt.Errorf("demo: asset %q: %w", a.AssetID, err)
	}
	return nopCloser{bytes.NewReader(b)}, nil
}

// nopCloser keeps the reader seekable (music is decoded with seeks).
type nopCloser struct{ *bytes.Reader }

// Close does nothing: the asset is embedded.
func (nopCloser) Close() error { return nil }
