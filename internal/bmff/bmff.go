package bmff

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// ErrNotBMFF is returned (wrapped) by Open when the input is not an
// ISO base media file at all: not an MP4 or MOV.
var ErrNotBMFF = errors.New("bmff: not an MP4/MOV file")

// ErrTruncated is returned (wrapped) by Open when the file ends before the
// data its headers describe: a moov box cut short, or media data shorter
// than the sample tables say.
var ErrTruncated = errors.New("bmff: file is truncated")

// SizeError is returned (wrapped) by Open when a video track's coded size
// is beyond Limits: the file may be well formed, but it is too large.
type SizeError struct {
	Width, Height       int // the sample entry's coded size
	MaxWidth, MaxHeight int // the limits it exceeds
}

// Error states the size and the limit.
func (e *SizeError) Error() string {
	return fmt.Sprintf("video is %dx%d, larger than the %dx%d limit", e.Width, e.Height, e.MaxWidth, e.MaxHeight)
}

// Default limits used where Limits has a zero field.
const (
	DefaultMaxSamples = 4 << 20 // per track: 19 hours of 60 fps video
	DefaultMaxWidth   = 8192
	DefaultMaxHeight  = 8192

	maxMoovSize   = 64 << 20 // bytes of moov read into memory
	maxSampleSize = 64 << 20 // bytes in one sample
	maxTopBoxes   = 1 << 16  // top-level boxes walked
	maxTracks     = 64
)

// Limits bounds what Open accepts. A zero field takes its default.
type Limits struct {
	MaxSamples          int // samples per track (DefaultMaxSamples)
	MaxWidth, MaxHeight int // coded size of a video track (DefaultMaxWidth x DefaultMaxHeight)
}

func (l Limits) withDefaults() Limits {
	if l.MaxSamples <= 0 {
		l.MaxSamples = DefaultMaxSamples
	}
	if l.MaxWidth <= 0 {
		l.MaxWidth = DefaultMaxWidth
	}
	if l.MaxHeight <= 0 {
		l.MaxHeight = DefaultMaxHeight
	}
	return l
}

// File is the structure of one MP4 or MOV file.
type File struct {
	Brand    string        // ftyp major brand ("isom", "qt  ", ...); "" when there is no ftyp
	Tracks   []*Track      // in moov order
	Duration time.Duration // movie duration (mvhd), or the longest track's
}

// Video returns the first video track, or nil.
func (f *File) Video() *Track { return f.first(VideoTrack) }

// Audio returns the first audio track, or nil.
func (f *File) Audio() *Track { return f.first(AudioTrack) }

func (f *File) first(k TrackKind) *Track {
	for _, t := range f.Tracks {
		if t.Kind == k {
			return t
		}
	}
	return nil
}

// TrackKind says what a track carries (from its handler type).
type TrackKind int

// Track kinds.
const (
	OtherTrack TrackKind = iota // hints, timed metadata, text, ...
	VideoTrack                  // handler "vide"
	AudioTrack                  // handler "soun"
)

// String returns "video", "audio" or "other".
func (k TrackKind) String() string {
	switch k {
	case VideoTrack:
		return "video"
	case AudioTrack:
		return "audio"
	}
	return "other"
}

// Track is one track's description and sample table.
type Track struct {
	ID   uint32
	Kind TrackKind
	// Codec is the sample entry's fourcc: "avc1", "avc3", "hvc1", "hev1",
	// "mp4a", "lpcm", "sowt", "twos", ".mp3", "mp4v", ... An mp4a entry
	// whose esds declares MPEG-1/2 Layer III audio is reported as ".mp3".
	Codec     string
	Timescale uint32
	// Width and Height are the coded size from the video sample entry.
	Width, Height int
	// Rotation is the clockwise rotation (0, 90, 180 or 270) to apply to
	// decoded pictures for display, from the tkhd matrix.
	Rotation int
	// Config is the codec configuration: the avcC or hvcC record body for
	// video, the AudioSpecificConfig (from esds) for AAC.
	Config []byte
	// Colour description from a colr box (nclx, or QuickTime nclc), 0
	// when absent.
	ColourPrimaries, TransferCharacteristics, MatrixCoefficients int
	FullRange                                                    bool
	// Audio format from the sound sample entry (and the AAC config).
	SampleRate, Channels, BitsPerSample int
	// PCM layout for uncompressed audio: little-endian ("sowt", or lpcm
	// with the flag) and floating point samples.
	LittleEndian, Float bool
	// Samples lists the samples in decode order. For uncompressed audio
	// (constant sample size and duration, as lpcm/sowt/twos store one PCM
	// frame per "sample") each Sample is a whole chunk of PCM frames.
	Samples []Sample
	// Duration is the presentation duration after the edit list.
	Duration time.Duration
}

// Sample is one access unit (video frame, audio frame) of a track.
type Sample struct {
	Offset int64  // byte offset in the file
	Size   uint32 // bytes
	// DTS is the decode time in the track's timescale, from 0.
	DTS int64
	// PTS is the presentation time in the track's timescale after the edit
	// list: the start of the presentation timeline is 0 (an initial empty
	// edit delays the track by its duration); a negative PTS is a sample
	// decoded but never shown (the part an edit skips).
	PTS  int64
	Sync bool // a sync sample (keyframe): decoding may start here
}

// Time converts ts in the track's timescale to a duration.
func (t *Track) Time(ts int64) time.Duration {
	return scaleTime(ts, t.Timescale)
}

func scaleTime(ts int64, scale uint32) time.Duration {
	if scale == 0 {
		return 0
	}
	s := int64(scale)
	sec, rem := ts/s, ts%s
	return time.Duration(sec)*time.Second + time.Duration(rem)*time.Second/time.Duration(s)
}

// ReadSample reads sample s of the track from r into buf (grown when too
// small) and returns the bytes.
func (t *Track) ReadSample(r io.ReaderAt, s Sample, buf []byte) ([]byte, error) {
	if s.Size > maxSampleSize {
		return nil, fmt.Errorf("bmff: track %d: sample of %d bytes exceeds the %d-byte limit", t.ID, s.Size, maxSampleSize)
	}
	n := int(s.Size)
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := r.ReadAt(buf, s.Offset); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("bmff: track %d: sample at byte %d (%d bytes): %w", t.ID, s.Offset, s.Size, ErrTruncated)
		}
		return nil, fmt.Errorf("bmff: track %d: reading sample at byte %d: %w", t.ID, s.Offset, err)
	}
	return buf, nil
}
