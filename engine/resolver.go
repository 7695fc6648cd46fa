package engine

import (
	"context"
	"io"
)

// Resolver opens the file behind an asset (a photo or a music track). The
// engine calls it from several goroutines at once; implementations must be
// safe for concurrent use. The engine never interprets asset_id or url
// itself. Render opens each asset through it at most once, keeping what
// it must read again in a temporary file, unless the Resolver implements
// CheapReopener (FileResolver does, for local files).
type Resolver interface {
	Open(ctx context.Context, a Asset) (io.ReadCloser, error)
}

// ResolverFunc adapts a function to the Resolver interface.
type ResolverFunc func(ctx context.Context, a Asset) (io.ReadCloser, error)

// Open calls f.
func (f ResolverFunc) Open(ctx context.Context, a Asset) (io.ReadCloser, error) { return f(ctx, a) }
