package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/internal/fserr"
)

// maxClipBytes bounds a clip whose resolver's reader cannot read at
// offsets (an HTTP body): it is copied into a temporary file first.
const maxClipBytes = 4 << 30

// maxClipSide bounds a clip's width and height (display size): beyond it
// the clip is refused before a picture is decoded.
const maxClipSide = 8192

// trimSlack is how far past a clip's end trim_end may point and still
// mean "the end" (a length rounded up by the user).
const trimSlack = 250 * time.Millisecond

// clipData is an open clip file read at offsets.
type clipData struct {
	r    io.ReaderAt
	size int64
	c    io.Closer
}

func (d clipData) Close() error { return d.c.Close() }

// openClipData opens video asset i for reading at offsets: its Bytes, a
// reader that can (a file, a kept copy), or else a copy in an unlinked
// temporary file in tempDir. Failures are *AssetError values (or ctx's
// error).
func openClipData(ctx context.Context, r Resolver, i int, a Asset, tempDir string) (clipData, error) {
	rc, err := openAsset(ctx, r, i, a)
	if err != nil {
		return clipData{}, err
	}
	switch v := rc.(type) {
	case interface {
		io.ReaderAt
		Size() int64
	}:
		return clipData{v, v.Size(), rc}, nil
	case *os.File:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			return clipData{v, st.Size(), rc}, nil
		}
	}
	defer rc.Close()
	f, err := os.CreateTemp(tempDir, ".reel-clip-*")
	if err != nil {
		return clipData{}, fmt.Errorf("engine: keeping a copy of a clip: %w", fserr.Cause(err))
	}
	os.Remove(f.Name())
	n, err := io.Copy(f, io.LimitReader(rc, maxClipBytes+1))
	switch {
	case err != nil:
		f.Close()
		return clipData{}, assetErr(ctx, i, a, err)
	case n > maxClipBytes:
		f.Close()
		return clipData{}, &AssetError{Index: i, Asset: a, Err: fmt.Errorf("larger than %d bytes", int64(maxClipBytes))}
	}
	return clipData{f, n, f}, nil
}

// clipDataOf opens asset i's bytes when it carries them in memory.
func clipDataOf(a Asset) clipData {
	return clipData{bytes.NewReader(a.Bytes), int64(len(a.Bytes)), io.NopCloser(nil)}
}

// checkClipData checks a video asset's data fields (no I/O): trims not
// negative, trim_end after trim_start, volume within 0..MaxClipVolume.
func checkClipData(i int, a Asset) error {
	d := a.Data
	bad := func(v time.Duration) bool { return v < 0 || v > maxTimelineSeconds*time.Second }
	switch {
	case bad(d.TrimStart):
		return assetStatus(CodeInsufficientAssets, i, a, nil, "has trim_start %v; want seconds from 0", secondsOf(d.TrimStart))
	case bad(d.TrimEnd):
		return assetStatus(CodeInsufficientAssets, i, a, nil, "has trim_end %v; want seconds from 0 (0: the clip's end)", secondsOf(d.TrimEnd))
	case d.TrimEnd != 0 && d.TrimEnd <= d.TrimStart:
		return assetStatus(CodeInsufficientAssets, i, a, nil, "has trim_end %v at or before trim_start %v", secondsOf(d.TrimEnd), secondsOf(d.TrimStart))
	}
	if v := d.Volume; v != nil && !(*v >= 0 && *v <= MaxClipVolume) {
		return assetStatus(CodeInsufficientAssets, i, a, nil, "has volume %v; want 0 to %v (1: as recorded)", *v, MaxClipVolume)
	}
	return nil
}

// clipTimings reads the header of every video asset of p (when r can
// open it or it is in memory) and returns each one's timing by asset
// index. A clip that cannot be read, has no video, is beyond
// MaxClipDuration or maxClipSide, or whose decoder library is missing
// fails as an *AssetError; trims outside the clip fail with status 7403.
// With decode set it also decodes the first and last pictures the slide
// plays, so that a clip that is corrupt or truncated there fails now,
// before a frame is drawn. A clip that cannot be read (no resolver) gets
// its timing from its data alone.
func clipTimings(ctx context.Context, p *Project, r Resolver, o Options, decode bool) (map[int]*ClipTiming, error) {
	out := map[int]*ClipTiming{}
	for i, a := range p.Assets {
		if a.Kind != KindVideo {
			continue
		}
		ct := &ClipTiming{From: a.Data.TrimStart, To: a.Data.TrimEnd}
		out[i] = ct
		if r == nil && !a.inMemory() {
			continue
		}
		if err := probeClip(ctx, r, i, a, o, ct, decode); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// probeClip fills ct from video asset i's headers (see clipTimings).
func probeClip(ctx context.Context, r Resolver, i int, a Asset, o Options, ct *ClipTiming, decode bool) error {
	var cd clipData
	if a.Bytes != nil {
		cd = clipDataOf(a)
	} else {
		var err error
		if cd, err = openClipData(ctx, r, i, a, o.TempDir); err != nil {
			return err
		}
	}
	defer cd.Close()
	fail := func(err error) error { return assetErr(ctx, i, a, err) }
	info, err := o.clips().probe(cd.r, cd.size)
	if err != nil {
		return fail(err)
	}
	switch {
	case info.Width < 2 || info.Height < 2 || info.Width > maxClipSide || info.Height > maxClipSide:
		return fail(fmt.Errorf("the clip is %dx%d; reel reads clips from 2x2 to %dx%d", info.Width, info.Height, maxClipSide, maxClipSide))
	case info.Duration <= 0:
		return fail(errors.New("the clip has no pictures"))
	}
	if m := limit(o.MaxClipDuration, DefaultMaxClipDuration); m >= 0 && info.Duration > m {
		return &AssetError{Index: i, Asset: a, Err: &LimitError{Limit: LimitClipDuration, Got: int64(info.Duration), Max: int64(m)}}
	}
	ct.Width, ct.Height, ct.Duration, ct.Audio = info.Width, info.Height, info.Duration, info.Audio
	if ct.From >= info.Duration {
		return assetStatus(CodeInsufficientAssets, i, a, nil, "has trim_start %v at or after the clip's end (%.3f s)", secondsOf(a.Data.TrimStart), info.Duration.Seconds())
	}
	switch {
	case ct.To == 0:
		ct.To = info.Duration
	case ct.To > info.Duration+trimSlack:
		return assetStatus(CodeInsufficientAssets, i, a, nil, "has trim_end %v after the clip's end (%.3f s)", secondsOf(a.Data.TrimEnd), info.Duration.Seconds())
	case ct.To > info.Duration:
		ct.To = info.Duration
	}
	if !decode {
		return nil
	}
	rd, err := o.clips().open(ctx, cd.r, cd.size, 64, 64)
	if err != nil {
		return fail(err)
	}
	defer rd.Close()
	if o.verification() == VerifyFull {
		err = decodePlayedPart(ctx, rd, ct)
		if err == nil && ct.Audio && a.Data.ClipVolume() > 0 {
			err = drainClipSound(cd, ct)
		}
	} else {
		err = decodePlayedEnds(ctx, rd, ct)
	}
	if err != nil {
		return fail(err)
	}
	return nil
}

// decodePlayedEnds decodes the keyframes of the first and the last
// picture a clip slide plays, each on its own where rd can (one picture
// each, not the run from the keyframe to the picture), so that a clip
// whose decoder refuses its stream at either end fails before a frame is
// drawn at the cost of about two pictures. The pictures between are
// decoded by the render (or, with VerifyFull, by decodePlayedPart).
func decodePlayedEnds(ctx context.Context, rd clipReader, ct *ClipTiming) error {
	at := keyframeAt(rd)
	for _, t := range []time.Duration{ct.From, lastShown(ct)} {
		if _, err := at(ctx, t); err != nil {
			return fmt.Errorf("decoding the picture at %.3f s: %w", t.Seconds(), err)
		}
	}
	return nil
}

// verifyStep is the clip time between the pictures decodePlayedPart asks
// for: under the shortest picture duration of the clips reel meets (120
// frames/s phone clips are 8.3 ms), so that the reader, which decodes
// forwards sample by sample, never skips ahead to a later keyframe.
const verifyStep = 5 * time.Millisecond

// decodePlayedPart decodes every picture of a clip's played part, as the
// render will (Options.Verify's VerifyFull): a fault anywhere in it fails
// now, before the first byte is written.
func decodePlayedPart(ctx context.Context, rd clipReader, ct *ClipTiming) error {
	end := lastShown(ct)
	for t := ct.From; ; t += verifyStep {
		t = min(t, end)
		if _, err := rd.FrameAt(ctx, t); err != nil {
			return fmt.Errorf("decoding the picture at %.3f s: %w", t.Seconds(), err)
		}
		if t == end {
			return nil
		}
	}
}

// drainClipSound decodes a clip's sound from ct.From to ct.To and
// discards it (VerifyFull).
func drainClipSound(cd clipData, ct *ClipTiming) error {
	src, err := audio.OpenClipAudio(cd.r, cd.size, ct.From, ct.To)
	if err != nil {
		return fmt.Errorf("the clip's sound: %w", err)
	}
	defer src.Close()
	buf := make([]float32, 8192)
	for {
		if _, err := src.Read(buf); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("decoding the clip's sound: %w", err)
		}
	}
}

// lastShown is the clip time of the last picture a slide plays: just
// before To.
func lastShown(ct *ClipTiming) time.Duration {
	return max(ct.From, ct.To-time.Microsecond)
}
