package clip

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/reelkit/reel/internal/bmff"
)

// Limits on what a clip may declare.
const (
	maxVideoSide = 8192 // coded width or height of MP4/MOV video
	maxAnimSide  = 4096 // GIF/WebP canvas side
	maxSamples   = 4 << 20
)

// kind is the container family found by sniffing.
type kind int

const (
	kindBMFF kind = iota
	kindGIF
	kindWebP
)

// sniff tells GIF and WebP from everything else (left to bmff.Open).
func sniff(r io.ReaderAt, size int64) kind {
	var b [12]byte
	n, _ := r.ReadAt(b[:], 0)
	h := b[:n]
	switch {
	case bytes.HasPrefix(h, []byte("GIF87a")) || bytes.HasPrefix(h, []byte("GIF89a")):
		return kindGIF
	case n == 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "WEBP":
		return kindWebP
	}
	return kindBMFF
}

// Probe describes the clip r (size bytes) from its headers, without
// decoding a frame. It fails with an error wrapping ErrUnsupported for
// input that is not a clip (a photo, a still GIF or WebP, a file with no
// video track), and with a clear error for absurd sizes or a truncated
// file.
func Probe(r io.ReaderAt, size int64) (Info, error) {
	switch sniff(r, size) {
	case kindGIF:
		g, err := scanGIF(r, size)
		if err != nil {
			return Info{}, err
		}
		return g.info(), nil
	case kindWebP:
		w, err := parseWebP(r, size)
		if err != nil {
			return Info{}, err
		}
		return w.info(), nil
	}
	f, err := openBMFF(r, size)
	if err != nil {
		return Info{}, err
	}
	info, _, err := bmffInfo(f, r)
	return info, err
}

// openBMFF opens an MP4/MOV with reel's limits; not-a-container errors
// become ErrUnsupported.
func openBMFF(r io.ReaderAt, size int64) (*bmff.File, error) {
	f, err := bmff.Open(r, size, bmff.Limits{MaxSamples: maxSamples, MaxWidth: maxVideoSide, MaxHeight: maxVideoSide})
	if errors.Is(err, bmff.ErrNotBMFF) {
		return nil, fmt.Errorf("%w (%v)", ErrUnsupported, err)
	}
	var se *bmff.SizeError
	if errors.As(err, &se) {
		return nil, fmt.Errorf("%w: the video is %dx%d pixels; reel reads clips up to %dx%d", ErrTooLarge, se.Width, se.Height, se.MaxWidth, se.MaxHeight)
	}
	if err != nil {
		return nil, fmt.Errorf("clip: %w", err)
	}
	return f, nil
}

// bmffInfo describes an MP4/MOV's first video track and first audio
// track, and returns the video track; r reads the file (for parameter
// sets carried in-band).
func bmffInfo(f *bmff.File, r io.ReaderAt) (Info, *bmff.Track, error) {
	v := f.Video()
	if v == nil {
		return Info{}, nil, unsupportedf("the file has no video track")
	}
	if len(v.Samples) == 0 {
		return Info{}, nil, unsupportedf("the video track has no frames")
	}
	info := Info{Container: "mp4", Rotation: v.Rotation, Duration: v.Duration, BitDepth: 8}
	if f.Brand == "qt  " || f.Brand == "" { // QuickTime files from before ftyp have none
		info.Container = "mov"
	}
	info.Width, info.Height = v.Width, v.Height
	if v.Rotation == 90 || v.Rotation == 270 {
		info.Width, info.Height = v.Height, v.Width
	}
	info.Colour = trackColour(v, r)
	c := describeCodec(v.Codec, v.Config)
	info.Codec, info.Profile = c.name, c.profile
	if c.bitDepth > 0 {
		info.BitDepth = c.bitDepth
	}
	switch info.Colour.Transfer {
	case 18:
		info.HDR = "hlg"
	case 16:
		info.HDR = "pq"
	}
	times := presentationTimes(v)
	if info.Duration <= 0 && len(times) > 0 {
		info.Duration = times[len(times)-1]
	}
	info.frameTiming(times, info.Duration)
	if a := f.Audio(); a != nil {
		info.Audio = &AudioInfo{Codec: audioCodecName(a.Codec), SampleRate: a.SampleRate, Channels: a.Channels}
	}
	return info, v, nil
}

// presentationTimes returns the times of the frames shown (PTS >= 0, plus
// the last one before 0 that is still on screen at 0), sorted.
func presentationTimes(v *bmff.Track) []time.Duration {
	order := presentationOrder(v)
	var out []time.Duration
	for i, si := range order {
		pts := v.Samples[si].PTS
		if pts < 0 && i+1 < len(order) && v.Samples[order[i+1]].PTS <= 0 {
			continue // replaced before 0: never shown
		}
		out = append(out, max(0, v.Time(pts)))
	}
	return out
}

// audioCodecName maps a sound sample entry to the names Info uses.
func audioCodecName(fourcc string) string {
	switch fourcc {
	case "mp4a":
		return "aac"
	case ".mp3":
		return "mp3"
	case "lpcm", "sowt", "twos", "in24", "in32", "fl32", "fl64", "raw ", "ipcm", "fpcm":
		return "pcm"
	}
	return fourcc
}
