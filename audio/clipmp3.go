package audio

import (
	"errors"
	"fmt"
	"io"

	"github.com/hajimehoshi/go-mp3"
)

// mp3Units decodes the MP3 (MPEG-1/2 Layer III) frames of a clip's sound
// track with go-mp3, one sample (one frame) at a time. go-mp3 reads a
// stream, so the frames are handed to one long-lived decoder through a
// queue holding exactly the frame being decoded: the bit reservoir and
// the filter-bank state carry over from frame to frame as in a file.
// Each frame gives its samples at once (no decoder delay to account for);
// 22.05 kHz frames are rewritten by lsfRepacker first (a go-mp3 framing
// defect, see there).
type mp3Units struct {
	q          frameQueue
	dec        *mp3.Decoder
	lsf        lsfRepacker // reservoir of the MPEG-2 rewrite
	sampleRate int
	frame      []byte
	pcm        []byte
	out        []float32
}

// errMP3Frame is what a sample that is not one Layer III frame gives:
// clipAudio conceals it with a frame of silence, as it does AAC errors.
var errMP3Frame = errors.New("not an MPEG audio Layer III frame")

func newMP3Units(t *clipTrack) (*mp3Units, error) {
	if t.rate < 16000 || t.rate > 48000 {
		return nil, formatErr("mp3", ErrUnsupported, -1, fmt.Sprintf("sample rate %d Hz (MPEG-1 and MPEG-2 Layer III, 16-48 kHz, are)", t.rate), nil)
	}
	return &mp3Units{sampleRate: t.rate}, nil
}

// mp3Preroll is how many samples before sample k must be decoded for k to
// decode right: those holding the 511 bytes of bit reservoir frame k-1 may
// reach back into, frame k-1 itself (the transform's overlap) and one
// more for the synthesis filter bank's history.
func mp3Preroll(samples []clipSample, k int) int {
	n, bytes := 2, 0
	for j := k - 2; j >= 0 && bytes < 511 && n < 16; j-- {
		bytes += int(samples[j].size)
		n++
	}
	return min(n, k)
}

func (m *mp3Units) decode(unit []byte) (out []float32, err error) {
	defer func() {
		if p := recover(); p != nil {
			m.dec = nil // its state is unknown: start afresh at the next frame
			out, err = nil, fmt.Errorf("mp3: decoder failed: %v", p)
		}
	}()
	h, ok := parseMP3Header(unit)
	if !ok || h.Layer != 3 || h.Bitrate == 0 || h.Size > len(unit) {
		return nil, errMP3Frame
	}
	if h.Version == 25 {
		return nil, formatErr("mp3", ErrUnsupported, -1, "MPEG-2.5 frames (8-12 kHz)", nil)
	}
	if m.dec != nil && h.SampleRate != m.dec.SampleRate() {
		return nil, formatErr("mp3", ErrCorrupt, -1, fmt.Sprintf("a %d Hz frame in a %d Hz stream", h.SampleRate, m.dec.SampleRate()), nil)
	}
	unit = unit[:h.Size]
	if h.Version == 2 && h.SampleRate == 22050 {
		m.frame = m.lsf.repack(m.frame[:0], h, unit)
		unit = m.frame
	}
	m.q.b = unit
	if m.dec == nil {
		d, err := mp3.NewDecoder(&m.q) // decodes this first frame
		if err != nil {
			return nil, fmt.Errorf("mp3: %w", err)
		}
		m.dec = d
		m.sampleRate = d.SampleRate()
	}
	// go-mp3 always gives 16-bit stereo: 4 bytes per sample frame.
	n := 4 * h.Samples
	if cap(m.pcm) < n {
		m.pcm = make([]byte, n)
	}
	pcm := m.pcm[:n]
	if _, err := io.ReadFull(m.dec, pcm); err != nil {
		m.dec = nil
		return nil, fmt.Errorf("mp3: %w", err)
	}
	m.q.b = nil // bytes past the frame (none in a well-formed sample)
	m.out = m.out[:0]
	for i := 0; i+1 < n; i += 2 {
		m.out = append(m.out, float32(int16(uint16(pcm[i])|uint16(pcm[i+1])<<8))/32768)
	}
	return m.out, nil
}

func (m *mp3Units) rate() int { return m.sampleRate }
func (m *mp3Units) close()    { m.dec = nil }

// frameQueue is the stream go-mp3 reads: the one frame being decoded.
// It is empty (io.EOF) between frames, which go-mp3 never reaches when it
// is given one whole frame at a time.
type frameQueue struct{ b []byte }

func (q *frameQueue) Read(p []byte) (int, error) {
	if len(q.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, q.b)
	q.b = q.b[n:]
	return n, nil
}
