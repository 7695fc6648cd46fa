package server

import (
	"context"
	"image"
	"slices"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/engine"
)

// Preview frames spend most of their CPU decoding the photos on screen
// (about half of a cold frame). Scrubbing asks for many frames of the same
// slides, so the server keeps the decoded, upright photos at the preview's
// working size (compose.DecodePhoto, the engine's decoder, with the
// engine's working size for that quality) and hands them to the engine as
// in-memory assets (engine.Asset.Image); the engine then only composes.

// previewPhotoBytes bounds the cache by the decoded pixels it holds: at
// 360p a photo is 832x468 RGBA, about 1.5 MB (24 of them fit); at 1080p
// about 14 MB (2 fit).
const previewPhotoBytes = 40 << 20

// photoKey names one user's photo decoded for one preview quality and
// frame shape.
type photoKey struct {
	userID, photoID string
	quality         engine.Quality
	aspect          engine.Aspect
}

// photoCache is an LRU of decoded preview photos.
type photoCache = lru[photoKey, image.Image]

func newPhotoCache() *photoCache {
	return newLRU[photoKey, image.Image](previewPhotoBytes, imageBytes)
}

// imageBytes is the memory an image's pixels take.
func imageBytes(m image.Image) int64 {
	switch m := m.(type) {
	case *image.RGBA:
		return int64(len(m.Pix))
	case *image.NRGBA:
		return int64(len(m.Pix))
	case *image.YCbCr:
		return int64(len(m.Y) + len(m.Cb) + len(m.Cr))
	case *image.Gray:
		return int64(len(m.Pix))
	}
	b := m.Bounds()
	return int64(b.Dx()) * int64(b.Dy()) * 4
}

// withDecodedPhotos returns a copy of p whose photos on screen at frame
// (the current slide and, in a transition, the next) carry their decoded
// working-size image, from the cache or decoded now. Other assets are
// untouched, so the engine sees the same project.
func (s *Server) withDecodedPhotos(ctx context.Context, userID string, p *engine.Project, pl *engine.Plan, frame int) (*engine.Project, error) {
	sc := pl.Scene(frame)
	out := *p
	out.Assets = slices.Clone(p.Assets)
	sz := p.Quality.SizeFor(p.Aspect)
	opts := compose.DecodeOptions{WorkWidth: sz.Width * 13 / 10, WorkHeight: sz.Height * 13 / 10}
	for _, si := range []int{sc.Current, sc.Next} {
		if si < 0 || si >= len(pl.Slides) {
			continue
		}
		ai := pl.Slides[si].AssetIndex
		if ai < 0 || ai >= len(out.Assets) || out.Assets[ai].Kind != engine.KindImage || out.Assets[ai].AssetID == "" {
			continue
		}
		a := &out.Assets[ai]
		k := photoKey{userID: userID, photoID: a.AssetID, quality: p.Quality, aspect: p.Aspect}
		img, ok := s.photos.get(k)
		if !ok {
			rc, err := s.assets.Budgeted(userID).Open(ctx, *a)
			if err != nil {
				return nil, err
			}
			ph, err := compose.DecodePhoto(rc, opts)
			rc.Close()
			if err != nil {
				return nil, err
			}
			img = ph.Image()
			s.photos.put(k, img)
		}
		a.Image = img
	}
	return &out, nil
}
