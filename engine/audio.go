package engine

import (
	"bytes"
	"context"
	"fmt"
	"io"

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

// encodeAudio mixes the plan's music cues and encodes the AAC track shared
// by every rendition.
func encodeAudio(ctx context.Context, pl *Plan, st *styles.Style, r Resolver) (*encode.AACTrack, error) {
	cues := make([]audio.Cue, len(pl.Music))
	for i, c := range pl.Music {
		a := *c.Asset
		cues[i] = audio.Cue{
			Start: c.Start,
			End:   c.End,
			Open:  func() (io.ReadSeekCloser, error) { return openSeekable(ctx, r, a) },
		}
	}
	mix, err := audio.NewMix(ctx, cues, audio.MixOptions{
		SampleRate: audioRate,
		Duration:   pl.Duration(),
		FadeIn:     st.Music.FadeIn,
		FadeOut:    st.Music.FadeOut,
	})
	if err != nil {
		return nil, fmt.Errorf("engine: music: %w", err)
	}
	track, err := encode.EncodeAAC(ctx, mix, encode.AudioOptions{SampleRate: audioRate, Channels: 2, Bitrate: audioBitrate})
	if err != nil {
		return nil, fmt.Errorf("engine: music: %w", err)
	}
	return track, nil
}

// openSeekable opens a music asset as a ReadSeekCloser, buffering it in
// memory when the resolver's reader cannot seek (an HTTP body, say).
func openSeekable(ctx context.Context, r Resolver, a Asset) (io.ReadSeekCloser, error) {
	rc, err := r.Open(ctx, a)
	if err != nil {
		return nil, fmt.Errorf("music %q: %w", a.ref(), err)
	}
	if rsc, ok := rc.(io.ReadSeekCloser); ok {
		return rsc, nil
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxMusicBytes+1))
	if err != nil {
		return nil, fmt.Errorf("music %q: %w", a.ref(), err)
	}
	if len(b) > maxMusicBytes {
		return nil, fmt.Errorf("music %q: larger than %d bytes", a.ref(), maxMusicBytes)
	}
	return nopSeekCloser{bytes.NewReader(b)}, nil
}

type nopSeekCloser struct{ *bytes.Reader }

// Close does nothing: the bytes are in memory.
func (nopSeekCloser) Close() error { return nil }
