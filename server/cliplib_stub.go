//go:build !clipdecoder

package server

import (
	"context"
	"image"
	"io"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/model"
)

// kindVideo is the asset kind of a video clip: {"name": "video",
// "asset_id": CLIP_ID} (engine.KindVideo once the engine has it).
const kindVideo engine.AssetKind = "video"

// checkClipTrim checks a video asset's trims and volume against its
// clip once the engine has those fields (clip_trim.go); until then there
// is nothing to check.
func checkClipTrim(i int, a engine.Asset, c *model.Clip) error { return nil }

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
