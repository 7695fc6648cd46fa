package engine

import (
	"context"
	"errors"
	"io"

	"github.com/reelkit/reel/audio"
)

// clipSounds places the sound of every video slide of pl on the
// timeline: from the slide's first frame, trimmed as its picture is, cut
// at the slide's end, at the asset's volume. Muted clips and clips
// without sound add nothing. The picture at a slide's frame k is the
// clip's at trim_start + k frames and so is the sound there: the two stay
// in sync within one output frame (the picture shows the last clip frame
// at or before that time).
func clipSounds(ctx context.Context, pl *Plan, r Resolver) []audio.ClipSound {
	var out []audio.ClipSound
	for _, s := range pl.Slides {
		if s.Kind != VideoSlide || s.Clip == nil || !s.Clip.Audio || s.Asset.Data.ClipVolume() <= 0 {
			continue
		}
		a, ai, ct := *s.Asset, s.AssetIndex, *s.Clip
		out = append(out, audio.ClipSound{
			Open: func() (audio.PCMSource, error) {
				return openClipSound(ctx, r, ai, a, ct)
			},
			At:     seconds(pl.Seconds(s.StartFrame)),
			Length: seconds(pl.Seconds(s.Frames)),
			Volume: a.Data.ClipVolume(),
		})
	}
	return out
}

// openClipSound decodes video asset i's sound from ct.From to ct.To.
// Failures, including a decode error while it plays, are *AssetError
// values naming the clip.
func openClipSound(ctx context.Context, r Resolver, i int, a Asset, ct ClipTiming) (audio.PCMSource, error) {
	var cd clipData
	if a.Bytes != nil {
		cd = clipDataOf(a)
	} else {
		var err error
		if cd, err = openClipData(ctx, r, i, a, ""); err != nil {
			return nil, err
		}
	}
	src, err := audio.OpenClipAudio(cd.r, cd.size, ct.From, ct.To)
	if err != nil {
		cd.Close()
		return nil, assetErr(ctx, i, a, err)
	}
	return &clipSound{PCMSource: src, data: cd, ctx: ctx, i: i, a: a}, nil
}

// clipSound is a clip's decoded sound that closes its file with it and
// names the clip in its errors.
type clipSound struct {
	audio.PCMSource
	data clipData
	ctx  context.Context
	i    int
	a    Asset
}

func (c *clipSound) Read(p []float32) (int, error) {
	n, err := c.PCMSource.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = assetErr(c.ctx, c.i, c.a, err)
	}
	return n, err
}

func (c *clipSound) Close() error {
	err := c.PCMSource.Close()
	if cerr := c.data.Close(); err == nil {
		err = cerr
	}
	return err
}
