package engine

import (
	"context"
	"errors"
	"io"
)

// errNoClipSupport: this build cannot read clips yet (compose/clip).
var errNoClipSupport = errors.New("this build of reel cannot read video clips")

// clipLibrary reads clips with compose/clip.
type clipLibrary struct{}

func (clipLibrary) probe(io.ReaderAt, int64) (clipInfo, error) {
	return clipInfo{}, errNoClipSupport
}

func (clipLibrary) open(context.Context, io.ReaderAt, int64, int, int) (clipReader, error) {
	return nil, errNoClipSupport
}
