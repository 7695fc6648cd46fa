package blob

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

	"github.com/reelkit/reel/server/internal/ctxio"
	"github.com/reelkit/reel/server/model"
)

// FS is a Store in a directory of the local filesystem.
type FS struct {
	dir string
}

// NewFS returns a blob store rooted at dir, creating it. Directories
// are created 0700 and objects 0600: uploads and renders are readable by
// the server's user only (public files are served over HTTP).
func NewFS(dir string) (*FS, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blob dir: %w", err)
	}
	return &FS{dir: dir}, nil
}

func (b *FS) path(key string) (string, error) {
	if key == "" || !fs.ValidPath(key) || strings.Contains(key, "\\") {
		return "", fmt.Errorf("invalid blob key %q", key)
	}
	return filepath.Join(b.dir, filepath.FromSlash(key)), nil
}

// Put writes r to a temporary file beside the target and renames it into
// place, so readers never see a partial object.
func (b *FS) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
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
	n, err := io.Copy(f, ctxio.Reader(ctx, r))
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
func (b *FS) Open(ctx context.Context, key string) (Blob, error) {
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
func (b *FS) Delete(ctx context.Context, key string) error {
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
