package engine

import (
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/compose"
)

// errNoResolver is the cause when an asset must be fetched but the caller
// gave no Resolver.
var errNoResolver = errors.New("no Resolver to open asset_id or url (pass one, or set the asset's Image or Bytes)")

// openAsset returns the content of asset i: its Bytes when it carries them,
// else what r opens. A failure is an *AssetError, or ctx's error when ctx
// is done.
func openAsset(ctx context.Context, r Resolver, i int, a Asset) (io.ReadCloser, error) {
	if a.Bytes != nil {
		return nopSeekCloser{bytes.NewReader(a.Bytes)}, nil
	}
	if r == nil {
		return nil, &AssetError{Index: i, Asset: a, Err: errNoResolver}
	}
	rc, err := r.Open(ctx, a)
	if err != nil {
		return nil, assetErr(ctx, i, a, err)
	}
	return rc, nil
}

// assetErr wraps err as asset i's fault unless ctx is done (a cancelled
// render is not the asset's fault).
func assetErr(ctx context.Context, i int, a Asset, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ae *AssetError
	if errors.As(err, &ae) {
		return err
	}
	return &AssetError{Index: i, Asset: a, Err: pixelLimit(err)}
}

// pixelLimit returns err inside a *LimitError (LimitPhotoPixels) when an
// image is beyond the pixel limit, else err.
func pixelLimit(err error) error {
	var pe *compose.PixelsError
	if errors.As(err, &pe) {
		return &LimitError{Limit: LimitPhotoPixels, Got: int64(pe.Width) * int64(pe.Height), Max: int64(pe.Max), Err: err}
	}
	return err
}

// decodePhoto returns image asset i decoded and pre-scaled: its Image as
// is, else its bytes decoded.
func decodePhoto(ctx context.Context, r Resolver, i int, a Asset, opts compose.DecodeOptions) (*compose.Photo, error) {
	if a.Image != nil {
		if _, err := decodePhotoConfig(a, i, opts); err != nil {
			return nil, err
		}
		return compose.NewPhoto(a.Image, opts), nil
	}
	rc, err := openAsset(ctx, r, i, a)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	p, err := compose.DecodePhoto(rc, opts)
	if err != nil {
		return nil, assetErr(ctx, i, a, err)
	}
	return p, nil
}

// probePhoto reads image asset i's header only: format, size, pixel limit.
func probePhoto(ctx context.Context, r Resolver, i int, a Asset, opts compose.DecodeOptions) error {
	if a.Image != nil {
		_, err := decodePhotoConfig(a, i, opts)
		return err
	}
	rc, err := openAsset(ctx, r, i, a)
	if err != nil {
		return err
	}
	defer rc.Close()
	if _, err := compose.ProbePhoto(rc, opts); err != nil {
		return assetErr(ctx, i, a, err)
	}
	return nil
}

// decodePhotoConfig checks an in-memory Image against the pixel limit.
func decodePhotoConfig(a Asset, i int, opts compose.DecodeOptions) (compose.PhotoInfo, error) {
	b := a.Image.Bounds()
	if b.Empty() {
		return compose.PhotoInfo{}, &AssetError{Index: i, Asset: a, Err: errors.New("empty image")}
	}
	if px, lim := int64(b.Dx())*int64(b.Dy()), int64(maxPixels(opts)); px > lim {
		return compose.PhotoInfo{}, &AssetError{Index: i, Asset: a, Err: pixelLimit(&compose.DecodeError{Kind: compose.ErrTooLarge, Format: "image",
			Err: &compose.PixelsError{Width: b.Dx(), Height: b.Dy(), Max: int(lim)}})}
	}
	return compose.PhotoInfo{Format: "image", Width: b.Dx(), Height: b.Dy()}, nil
}

// probeMusic opens music asset i and reads its headers (format, length).
func probeMusic(ctx context.Context, r Resolver, i int, a Asset) (audio.Info, error) {
	rs, err := openSeekable(ctx, r, i, a)
	if err != nil {
		return audio.Info{}, err
	}
	defer rs.Close()
	info, err := audio.Probe(rs)
	if err != nil {
		return audio.Info{}, assetErr(ctx, i, a, err)
	}
	return info, nil
}

// trimOutside is the 7403 of music asset i whose trim_start is at or past
// the end of its track of the given length (seconds).
func trimOutside(i int, a Asset, length float64) *StatusError {
	return assetStatus(CodeInsufficientAssets, i, a, nil, "has trim_start %v at or past the end of its track (%.3f s)", secondsOf(a.Data.TrimStart), length)
}

func maxPixels(o compose.DecodeOptions) int {
	if o.MaxPixels > 0 {
		return o.MaxPixels
	}
	return compose.DefaultMaxPixels
}
