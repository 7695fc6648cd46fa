//go:build !clipdecoder

package server

import (
	"context"
	"image"
	"io"
)

// clipLib stands for compose/clip until that package is on this branch
// (cliplib.go, built with -tags clipdecoder, is the real one): it reads
// nothing, so every clip upload is refused as unsupported.
type clipLib struct{}

func (clipLib) Probe(r io.ReaderAt, size int64) (clipInfo, error) {
	return clipInfo{}, errClipUnsupported
}

func (clipLib) FirstFrame(ctx context.Context, r io.ReaderAt, size int64) (image.Image, error) {
	return nil, errClipUnsupported
}
