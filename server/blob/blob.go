package blob

import (
	"context"
	"io"
	"time"
)

// Blob is an open stored object: seekable (for Range requests) with its
// size and modification time.
type Blob interface {
	io.ReadSeekCloser
	Size() int64
	ModTime() time.Time
}

// Store stores opaque byte objects under slash-separated keys: FS on the
// local filesystem, server/blob/s3 in S3-compatible object storage.
type Store interface {
	// Put stores r under key, replacing any previous object atomically,
	// and returns the number of bytes written.
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	// Open opens the object at key; model.ErrNotFound when missing.
	Open(ctx context.Context, key string) (Blob, error)
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// SignedURLer is a Store that can hand out short-lived URLs clients
// fetch an object from directly (S3 presigned GETs).
type SignedURLer interface {
	// SignedURL returns a URL that GETs key, answering with
	// contentType, for ttl.
	SignedURL(ctx context.Context, key, contentType string, ttl time.Duration) (string, error)
}
