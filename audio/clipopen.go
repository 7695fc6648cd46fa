package audio

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/reelkit/reel/internal/bmff"
)

// OpenClipAudio decodes the first audio track of an MP4/MOV clip (AAC
// Main/LC/LTP/HE-AAC through libfaad2, loaded at run time; MP3 (MPEG-1
// and MPEG-2 Layer III) through go-mp3, frame by frame; PCM in
// lpcm/sowt/twos/in24/in32/fl32/fl64) from trimStart to trimEnd of its
// presentation timeline (0 = to the end). Times are those of the clip's
// presentation after its edit list, as the video's frames are shown, so
// the sound stays in sync with the picture: the AAC encoder's priming
// samples are skipped, and sound that starts after the first frame is
// preceded by silence. Trimming is sample-exact (frame round(t*rate)).
//
// The source reads r while it plays; r must stay open until Close. Errors:
// a clip without sound or not an MP4/MOV gives a *FormatError of kind
// ErrNotAudio or ErrEmpty; a codec other than those above, ErrUnsupported;
// a missing libfaad2, an error whose message names the Debian package.
func OpenClipAudio(r io.ReaderAt, size int64, trimStart, trimEnd time.Duration) (PCMSource, error) {
	f, err := bmff.Open(r, size, bmff.Limits{})
	if err != nil {
		kind := ErrCorrupt
		switch {
		case errors.Is(err, bmff.ErrNotBMFF):
			kind = ErrNotAudio
		case errors.Is(err, bmff.ErrTruncated):
			kind = ErrTruncated
		}
		return nil, formatErr("mp4", kind, -1, "", err)
	}
	a := f.Audio()
	if a == nil {
		return nil, formatErr("mp4", ErrEmpty, -1, "the clip has no audio track", nil)
	}
	t := &clipTrack{
		codec: a.Codec, timescale: a.Timescale, config: a.Config,
		rate: a.SampleRate, chans: a.Channels, bits: a.BitsPerSample,
		littleEndian: a.LittleEndian, float: a.Float,
		duration: a.Duration,
		samples:  make([]clipSample, len(a.Samples)),
	}
	for i, s := range a.Samples {
		t.samples[i] = clipSample{pts: s.PTS, size: s.Size}
	}
	t.read = func(i int, buf []byte) ([]byte, error) {
		b, err := a.ReadSample(r, a.Samples[i], buf)
		if errors.Is(err, bmff.ErrTruncated) {
			return nil, formatErr("mp4", ErrTruncated, a.Samples[i].Offset, "", err)
		}
		return b, err
	}
	src, err := openTrackAudio(t, trimStart, trimEnd)
	if err != nil {
		return nil, fmt.Errorf("audio: clip track %d (%s): %w", a.ID, a.Codec, err)
	}
	return src, nil
}
