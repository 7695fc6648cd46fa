package render

import (
	"bufio"
	"context"
	"image"
	"io"
	"sync"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/internal/membudget"
	"github.com/reelkit/reel/server/library"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store"
)

// Assets opens users' photos (image and logo assets), musics and video
// clips (video assets), and the built-in library's tracks, for the
// engine: Resolver and Budgeted give one user's engine.Resolver.
type Assets struct {
	// Media finds the user's photo, music and clip records; Blobs
	// holds their bytes.
	Media store.Media
	Blobs blob.Store
	// Library is the built-in music, opened before the user's musics.
	Library *library.Library
	// Budget is the memory budget that a Budgeted resolver reserves
	// photo decodes from.
	Budget *membudget.Budget
}

// Resolver returns the resolver of userID's assets that reserves no
// memory: for validation, which decodes no photo.
func (a *Assets) Resolver(userID string) engine.Resolver {
	return resolver{a: a, userID: userID}
}

// Budgeted returns the resolver of userID's assets for renders and
// frames: opening a photo first reserves what decoding it will take (its
// file, which the engine reads whole, plus membudget.DecodeBytes) from
// a.Budget, until the engine closes it (the engine decodes a photo
// between Open and Close).
func (a *Assets) Budgeted(userID string) engine.Resolver {
	return resolver{a: a, userID: userID, budget: true}
}

// resolver is one user's engine.Resolver (and engine.CheapReopener);
// see Assets.Budgeted for budget.
type resolver struct {
	a      *Assets
	userID string
	budget bool
}

// kindVideo is the engine's asset kind of a video clip ("video").
const kindVideo engine.AssetKind = "video"

// Open opens the library track, music, photo or clip that a names. A
// clip is its blob as stored (a blob.FS one is a file, so the engine
// reads it in place through io.ReaderAt); no memory is reserved for it:
// the engine decodes a clip's frames one at a time.
func (rs resolver) Open(ctx context.Context, a engine.Asset) (io.ReadCloser, error) {
	switch a.Kind {
	case kindVideo:
		c, err := rs.a.Media.Clip(ctx, rs.userID, a.AssetID)
		if err != nil {
			return nil, err
		}
		return rs.a.Blobs.Open(ctx, c.Blob)
	case engine.KindMusic:
		if rd, _, ok := rs.a.Library.Open(a.AssetID); ok {
			return io.NopCloser(rd), nil
		}
		m, err := rs.a.Media.Music(ctx, rs.userID, a.AssetID)
		if err != nil {
			return nil, err
		}
		return rs.a.Blobs.Open(ctx, m.Blob)
	case engine.KindImage, engine.KindLogo:
		p, err := rs.a.Media.Photo(ctx, rs.userID, a.AssetID)
		if err != nil {
			return nil, err
		}
		b, err := rs.a.Blobs.Open(ctx, p.Blob)
		if err != nil || !rs.budget {
			return b, err
		}
		return rs.a.reservePhoto(ctx, b, p)
	}
	return nil, model.ErrNotFound
}

// CheapToReopen implements engine.CheapReopener: the built-in library's
// tracks are in memory and blobs on the local filesystem (blob.FS) are
// files, so the engine opens them again (a track per loop pass, a photo
// after its header probe) instead of first copying them to a temporary
// file. Blobs of any other store are opened once per render.
func (rs resolver) CheapToReopen(a engine.Asset) bool {
	if a.Kind == engine.KindMusic {
		if _, _, ok := rs.a.Library.Open(a.AssetID); ok {
			return true
		}
	}
	_, local := rs.a.Blobs.(*blob.FS)
	return local
}

// budgetedBlob releases its memory reservation on Close.
type budgetedBlob struct {
	blob.Blob
	release func()
	once    sync.Once
}

func (b *budgetedBlob) Close() error {
	b.once.Do(b.release)
	return b.Blob.Close()
}

// reservePhoto reserves the decode cost of photo blob b (read from its
// header) and returns b, positioned at its start, holding it.
func (a *Assets) reservePhoto(ctx context.Context, b blob.Blob, p *model.Photo) (io.ReadCloser, error) {
	cost := b.Size()
	if cfg, _, err := image.DecodeConfig(bufio.NewReader(b)); err == nil {
		cost += membudget.DecodeBytes(cfg, p.ContentType, b)
	} else {
		cost += int64(p.Width) * int64(p.Height) * 8
	}
	if _, err := b.Seek(0, io.SeekStart); err != nil {
		b.Close()
		return nil, err
	}
	release, err := a.Budget.Reserve(ctx, cost)
	if err != nil {
		b.Close()
		return nil, err
	}
	return &budgetedBlob{Blob: b, release: release}, nil
}
