package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/reelkit/reel/server/model"
)

// Blob is an open stored object: seekable (for Range requests) with its
// size and modification time.
type Blob interface {
	io.ReadSeekCloser
	Size() int64
	ModTime() time.Time
}

// Blobs stores opaque byte objects under slash-separated keys. The
// filesystem implementation is FSBlobs; an S3 implementation can satisfy
// the same interface (Open returning a ranged reader).
type Blobs interface {
	// Put stores r under key, replacing any previous object atomically,
	// and returns the number of bytes written.
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	// Open opens the object at key; ErrNotFound when missing.
	Open(ctx context.Context, key string) (Blob, error)
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// SignedURLer is a Blobs that can hand out short-lived URLs clients
// fetch an object from directly (S3 presigned GETs); see
// Config.BlobRedirect.
type SignedURLer interface {
	// SignedURL returns a URL that GETs key, answering with
	// contentType, for ttl.
	SignedURL(ctx context.Context, key, contentType string, ttl time.Duration) (string, error)
}

// FSBlobs is a Blobs in a directory of the local filesystem.
type FSBlobs struct {
	dir string
}

// NewFSBlobs returns a blob store rooted at dir, creating it. Directories
// are created 0700 and objects 0600: uploads and renders are readable by
// the server's user only (public files are served over HTTP).
func NewFSBlobs(dir string) (*FSBlobs, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blob dir: %w", err)
	}
	return &FSBlobs{dir: dir}, nil
}

func (b *FSBlobs) path(key string) (string, error) {
	if key == "" || !fs.ValidPath(key) || strings.Contains(key, "\\") {
		return "", fmt.Errorf("invalid blob key %q", key)
	}
	return filepath.Join(b.dir, filepath.FromSlash(key)), nil
}

// Put writes r to a temporary file beside the target and renames it into
// place, so readers never see a partial object.
func (b *FSBlobs) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	p, err := b.path(key)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return 0, fmt.Errorf("put %s: %w", key, err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".put-*") // mode 0600
	if err != nil {
		return 0, fmt.Errorf("put %s: %w", key, err)
	}
	n, err := io.Copy(f, ctxReader{ctx, r})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
		return 0, fmt.Errorf("put %s: %w", key, err)
	}
	return n, nil
}

type fsBlob struct {
	*os.File
	info fs.FileInfo
}

func (f fsBlob) Size() int64        { return f.info.Size() }
func (f fsBlob) ModTime() time.Time { return f.info.ModTime() }

// Open opens key.
func (b *FSBlobs) Open(ctx context.Context, key string) (Blob, error) {
	p, err := b.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("blob %s: %w", key, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return fsBlob{f, info}, nil
}

// Delete removes key and the folders it leaves empty.
func (b *FSBlobs) Delete(ctx context.Context, key string) error {
	p, err := b.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// Remove the folders the key leaves empty (a deleted video's
	// videos/<id>/), up to but not including the store's root. A folder
	// still holding files refuses, which ends the walk.
	for dir := filepath.Dir(p); dir != b.dir && strings.HasPrefix(dir, b.dir+string(filepath.Separator)); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
	}
	return nil
}

// ctxReader stops a copy when ctx is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
