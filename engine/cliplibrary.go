package engine

import (
	"context"
	"errors"
	"io"

	"github.com/reelkit/reel/compose/clip"
)

// errNoClipSupport is the cause when no clip backend reads clips (kept
// for tests that run with one that does not).
var errNoClipSupport = errors.New("this build of reel cannot read video clips")

// clipLibrary reads clips with compose/clip.
type clipLibrary struct{}

// probe reads the clip's headers and checks that its codec's decoder
// library is usable here, so that a missing library fails at validation
// with a *clip.MissingDecoderError naming the Debian package.
func (clipLibrary) probe(r io.ReaderAt, size int64) (clipInfo, error) {
	info, err := clip.Probe(r, size)
	if err != nil {
		return clipInfo{}, err
	}
	for _, d := range clip.Decoders() {
		if d.Codec == info.Codec && !d.Available {
			return clipInfo{}, &clip.MissingDecoderError{Codec: d.Codec, Library: d.Library, Package: d.Package, Err: errors.New(d.Err)}
		}
	}
	return clipInfo{Width: info.Width, Height: info.Height, Duration: info.Duration, Audio: info.Audio != nil}, nil
}

func (clipLibrary) open(ctx context.Context, r io.ReaderAt, size int64, w, h int) (clipReader, error) {
	rd, err := clip.Open(ctx, r, size, clip.Options{Width: w, Height: h})
	if err != nil {
		return nil, err
	}
	return rd, nil
}
