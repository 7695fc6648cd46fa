package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/encode"
	"github.com/reelkit/reel/styles"
)

// Audio output format of every render: AAC-LC, 44.1 kHz stereo, 128 kb/s.
const (
	audioRate    = 44100
	audioBitrate = 128000
)

// maxMusicBytes bounds a music file that has to be buffered because the
// resolver's reader cannot seek.
const maxMusicBytes = 256 << 20

// encodeAudio mixes the plan's music cues and its clips' sound (the music
// ducked under it, see audio.Ducking) and encodes the AAC track shared by
// every rendition. A plan without music or clip sound gives a nil track:
// the MP4s then have no audio track at all.
//
// A music file that cannot be opened, probed or decoded fails as an
// *AssetError. The mixer does not say which of its cues failed to decode,
// so a format error is charged to the cue opened last: exact for the
// probe of each track (cues are probed one by one before mixing) and for
// a single track, a best guess for a decode failure deep inside
// overlapping tracks.
func encodeAudio(ctx context.Context, pl *Plan, st *styles.Style, r Resolver, duck audio.Ducking) (*encode.AACTrack, error) {
	clips := clipSounds(ctx, pl, r)
	if len(pl.Music) == 0 && len(clips) == 0 {
		return nil, nil
	}
	cues := make([]audio.Cue, len(pl.Music))
	var lastOpened atomic.Int64
	for i, c := range pl.Music {
		a, ai := *c.Asset, c.AssetIndex
		cues[i] = audio.Cue{
			Start:  c.Start,
			End:    c.End,
			Offset: c.Offset,
			Open: func() (io.ReadSeekCloser, error) {
				lastOpened.Store(int64(i))
				return openSeekable(ctx, r, ai, a)
			},
		}
	}
	blame := func(err error) error {
		var ae *AssetError
		var fe *audio.FormatError
		var oe *audio.OffsetError
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.As(err, &ae):
			return ae
		case errors.As(err, &oe):
			c := pl.Music[oe.Cue]
			return trimOutside(c.AssetIndex, *c.Asset, oe.Duration)
		case errors.As(err, &fe):
			c := pl.Music[lastOpened.Load()]
			return &AssetError{Index: c.AssetIndex, Asset: *c.Asset, Err: fe}
		}
		return fmt.Errorf("engine: music: %w", err)
	}
	mix, err := audio.NewMix(ctx, cues, audio.MixOptions{
		SampleRate: audioRate,
		Duration:   pl.Duration(),
		FadeIn:     st.Music.FadeIn,
		FadeOut:    st.Music.FadeOut,
		Clips:      clips,
		Ducking:    duck,
	})
	if err != nil {
		return nil, blame(err)
	}
	track, err := encode.EncodeAAC(ctx, mix, encode.AudioOptions{SampleRate: audioRate, Channels: 2, Bitrate: audioBitrate})
	if err != nil {
		return nil, blame(err)
	}
	return track, nil
}

// openSeekable opens music asset i as a ReadSeekCloser, buffering it in
// memory when the resolver's reader cannot seek (an HTTP body, say).
// Failures are *AssetError values (or ctx's error).
func openSeekable(ctx context.Context, r Resolver, i int, a Asset) (io.ReadSeekCloser, error) {
	rc, err := openAsset(ctx, r, i, a)
	if err != nil {
		return nil, err
	}
	if rsc, ok := rc.(io.ReadSeekCloser); ok {
		return rsc, nil
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxMusicBytes+1))
	if err != nil {
		return nil, assetErr(ctx, i, a, err)
	}
	if len(b) > maxMusicBytes {
		return nil, &AssetError{Index: i, Asset: a, Err: fmt.Errorf("larger than %d bytes", maxMusicBytes)}
	}
	return nopSeekCloser{bytes.NewReader(b)}, nil
}

type nopSeekCloser struct{ *bytes.Reader }

// Close does nothing: the bytes are in memory.
func (nopSeekCloser) Close() error { return nil }
