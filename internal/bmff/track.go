package bmff

import (
	"errors"
	"fmt"
	"math"
)

// build turns the boxes of one trak into a Track: sample description,
// rotation, sample table and edit list, checked against l and the file's
// size.
func (tb *trakBoxes) build(movieScale uint32, fileSize int64, l Limits) (*Track, error) {
	switch {
	case tb.tkhd == nil:
		return nil, errors.New("no tkhd box")
	case tb.mdhd == nil:
		return nil, errors.New("no mdhd box")
	case tb.hdlr == nil:
		return nil, errors.New("no hdlr box")
	}
	t := &Track{ID: tb.tkhd.TrackID, Timescale: tb.mdhd.Timescale}
	switch string(tb.hdlr.HandlerType[:]) {
	case "vide":
		t.Kind = VideoTrack
	case "soun":
		t.Kind = AudioTrack
	}
	if t.Kind == OtherTrack {
		return t, nil // described, not read
	}
	if t.Timescale == 0 {
		return nil, errors.New("mdhd timescale is 0")
	}
	if tb.stsd == nil {
		return nil, errors.New("no stsd box")
	}
	if err := parseStsd(t, tb.stsd); err != nil {
		return nil, err
	}
	if t.Kind == VideoTrack {
		if t.Width <= 0 || t.Height <= 0 {
			return nil, fmt.Errorf("%s video sample entry has no size (%dx%d)", t.Codec, t.Width, t.Height)
		}
		if t.Width > l.MaxWidth || t.Height > l.MaxHeight {
			return nil, &SizeError{Width: t.Width, Height: t.Height, MaxWidth: l.MaxWidth, MaxHeight: l.MaxHeight}
		}
	}
	t.Rotation = rotation(tb.tkhd.Matrix)
	if err := tb.samples(t, fileSize, l); err != nil {
		return nil, err
	}
	if err := tb.applyEdits(t, movieScale); err != nil {
		return nil, err
	}
	return t, nil
}

// rotation reads the clockwise display rotation from a tkhd matrix
// {a b u; c d v; x y w} (a, b, c, d in 16.16): the angle of (a, b),
// rounded to a multiple of 90 degrees.
func rotation(m [9]int32) int {
	a, b := float64(m[0]), float64(m[1])
	if a == 0 && b == 0 {
		return 0
	}
	deg := math.Atan2(b, a) * 180 / math.Pi
	r := int(math.Round(deg/90)) * 90
	return ((r % 360) + 360) % 360
}

// isPCM reports whether a sound sample entry fourcc is uncompressed PCM,
// which QuickTime and ffmpeg store one PCM frame per sample.
func isPCM(codec string) bool {
	switch codec {
	case "lpcm", "sowt", "twos", "raw ", "in24", "in32", "fl32", "fl64", "ipcm", "fpcm", "NONE":
		return true
	}
	return false
}
