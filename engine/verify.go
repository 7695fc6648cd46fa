package engine

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/reelkit/reel/audio"
)

// Verification says how much of every photo, logo, music and clip asset
// Validate reads before it returns a plan (and so Render before it writes
// its first byte). The zero value is VerifyNone.
type Verification int

const (
	// VerifyNone opens each asset fetched through the Resolver that
	// validation needs (music tracks, and clips, whose headers give their
	// length) and decodes nothing: a corrupt photo is found when the
	// render reaches it.
	VerifyNone Verification = iota
	// VerifyHeaders reads every photo's and track's header: the format,
	// the photo's pixel count against MaxPhotoPixels, the audio stream
	// (what Options.ProbeAssets asks for), and decodes the keyframes at
	// the start and the end of each clip's played part, as every render
	// does. A file cut short or corrupt after its header still passes.
	VerifyHeaders
	// VerifyFull decodes every photo and logo and every music track
	// whole, and every picture and the sound of each clip's played part,
	// as the render will, so that no asset fault can happen once the
	// render has begun (see the package doc's "Streaming" section). Clips
	// are decoded one after another, in validation order.
	// The decodes run in parallel (up to four at once, and no more than
	// Options.Workers) and keep nothing: peak memory is about four photos
	// at full size (a JPEG decodes to 1.5 bytes per pixel: four 12-MP
	// photos hold about 72 MB) plus their files. It costs a second decode
	// of every photo and track.
	VerifyFull
)

// maxVerifyWorkers bounds the decodes VerifyFull runs at once, and so its
// memory.
const maxVerifyWorkers = 4

// verification is the level o asks for: Verify, raised to VerifyHeaders
// by ProbeAssets.
func (o Options) verification() Verification {
	if o.ProbeAssets && o.Verify < VerifyHeaders {
		return VerifyHeaders
	}
	return o.Verify
}

// verifyFull decodes every photo, logo and music asset of the plan that
// can be read (r != nil, or carried in memory) whole, in parallel, and
// discards the result. It returns the fault of the asset with the lowest
// index that has one (assets after a failed one are not started), as
// validation reports it: an *AssetError for a photo or logo, a 7402
// *StatusError carrying the *AssetError for a track; or ctx's error.
func verifyFull(ctx context.Context, pl *Plan, r Resolver, o Options) error {
	var jobs []int
	for i, a := range pl.Project.Assets {
		switch a.Kind {
		case KindImage, KindLogo, KindMusic:
			if r != nil || a.inMemory() {
				jobs = append(jobs, i)
			}
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, maxVerifyWorkers, len(jobs))
	opts := photoDecodeOptions(pl.Size.Width, pl.Size.Height, o.MaxPhotoPixels)
	errs := make([]error, len(jobs))
	var failed atomic.Int64 // lowest job that failed; len(jobs) while none has
	failed.Store(int64(len(jobs)))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				if int64(j) > failed.Load() || ctx.Err() != nil {
					continue
				}
				i := jobs[j]
				a := pl.Project.Assets[i]
				var err error
				if a.Kind == KindMusic {
					err = decodeMusic(ctx, r, i, a)
				} else {
					_, err = decodePhoto(ctx, r, i, a, opts)
				}
				if err != nil {
					errs[j] = err
					for {
						f := failed.Load()
						if int64(j) >= f || failed.CompareAndSwap(f, int64(j)) {
							break
						}
					}
				}
			}
		}()
	}
	for j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// decodeMusic decodes music asset i whole and discards the samples. A
// fault is a 7402 *StatusError carrying the *AssetError, as checkMusic
// reports a track that cannot be opened.
func decodeMusic(ctx context.Context, r Resolver, i int, a Asset) error {
	err := func() error {
		rs, err := openSeekable(ctx, r, i, a)
		if err != nil {
			return err
		}
		defer rs.Close()
		d, err := audio.NewDecoder(rs)
		if err != nil {
			return assetErr(ctx, i, a, err)
		}
		buf := make([]float32, 8192)
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			if _, err := d.Read(buf); err == io.EOF {
				return nil
			} else if err != nil {
				return assetErr(ctx, i, a, err)
			}
		}
	}()
	if err == nil || ctx.Err() != nil {
		return err
	}
	var ae *AssetError
	if !errors.As(err, &ae) {
		ae = &AssetError{Index: i, Asset: a, Err: err}
	}
	return &StatusError{Code: CodeMusicNotDefined, Message: a.label(i) + " cannot be used", Err: ae}
}
